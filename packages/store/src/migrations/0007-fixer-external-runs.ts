import { type Kysely, type Migration, sql } from 'kysely'

/**
 * Proposals reported by an external fixer (Cursor, Devin, a person: `POST /v1/fixes`) are `fix_runs`
 * rows with `trigger_source = 'external'`, so the review queue and the stopping conditions count them
 * as they count Suture's own runs. Widens the check constraint of migration 0005.
 */
export const fixerExternalRunsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`alter table fix_runs drop constraint if exists fix_runs_trigger_source_check`.execute(db)
    await sql`alter table fix_runs add constraint fix_runs_trigger_source_check
      check (trigger_source in ('manual', 'schedule', 'external'))`.execute(db)
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await sql`delete from fix_runs where trigger_source = 'external'`.execute(db)
    await sql`alter table fix_runs drop constraint if exists fix_runs_trigger_source_check`.execute(db)
    await sql`alter table fix_runs add constraint fix_runs_trigger_source_check
      check (trigger_source in ('manual', 'schedule'))`.execute(db)
  },
}
