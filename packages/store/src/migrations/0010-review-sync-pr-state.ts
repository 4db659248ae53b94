import type { Kysely, Migration } from 'kysely'

/**
 * The pull request's own state beside the review decision: what GitHub says (open / merged / closed, when,
 * the merge commit) on `fix_runs`, so the Review page can show a merge made on GitHub and post-merge
 * validation starts exactly once per merge; and `github_deliveries`, one row per webhook delivery id
 * (`X-GitHub-Delivery`), so a redelivered webhook is answered without acting twice. Row types in
 * `tables/fixer-tables.ts`.
 */
export const reviewSyncPrStateMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('fix_runs')
      .addColumn('pr_state', 'text')
      .addColumn('pr_state_at', 'timestamptz')
      .addColumn('merge_commit', 'text')
      .execute()
    await db.schema
      .createTable('github_deliveries')
      .addColumn('delivery_id', 'text', (c) => c.primaryKey())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('received_at', 'timestamptz', (c) => c.notNull())
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('github_deliveries').ifExists().execute()
    await db.schema
      .alterTable('fix_runs')
      .dropColumn('pr_state')
      .dropColumn('pr_state_at')
      .dropColumn('merge_commit')
      .execute()
  },
}
