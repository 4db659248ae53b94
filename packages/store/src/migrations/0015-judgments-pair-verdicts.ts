import { type Kysely, type Migration, sql } from 'kysely'

/**
 * The Claude judge's memory and purse (pm-agent, issue 17). `pair_verdicts` keeps each answer by the two
 * reports' content hash, so a rerun of the week (the current-week job runs every 15 minutes) never asks
 * about the same two texts again; `a` / `b` name the signals it was asked about, so an erasure request
 * can find it. `judge_spend` is the budget per project and triaged week, shared by every run of that week,
 * reserved before each request and settled to the real cost after it (the scorer's nightly-spend pattern).
 */
export const judgmentsPairVerdictsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('pair_verdicts')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      /** sha256 of the model id and the two reports as the model saw them, in either order. */
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('a', 'text', (c) => c.notNull())
      .addColumn('b', 'text', (c) => c.notNull())
      .addColumn('answer', 'text', (c) => c.notNull().check(sql`answer in ('same', 'different')`))
      .addColumn('confidence', 'double precision', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('pair_verdicts_pk', ['project_id', 'key'])
      .execute()
    await db.schema
      .createTable('judge_spend')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      /** The triaged ISO week (`2026-W48`). */
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('spent_usd', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('judge_spend_pk', ['project_id', 'week'])
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('judge_spend').ifExists().execute()
    await db.schema.dropTable('pair_verdicts').ifExists().execute()
  },
}
