import type { Migration } from 'kysely'
import { coreMigration } from './0001-core.js'
import { scoresMigration } from './0002-scorer-scores.js'
import { clustersMigration } from './0003-pm-agent-clusters.js'
import { ticketsMigration } from './0004-pm-agent-tickets.js'
import { fixerRunsMigration } from './0005-fixer-runs.js'
import { goLiveMigration } from './0006-pm-agent-go-live.js'
import { fixerExternalRunsMigration } from './0007-fixer-external-runs.js'
import { fixerReviewsMigration } from './0008-fixer-reviews.js'
import { nightlySpendMigration } from './0009-scorer-nightly-spend.js'
import { reviewSyncPrStateMigration } from './0010-review-sync-pr-state.js'
import { validationActionsMigration } from './0011-validation-actions.js'
import { sourceMapsMigration } from './0012-sourcemaps-source-maps.js'
import { lifecyclePartitionsMigration } from './0013-lifecycle-partitions.js'
import { lifecycleRetentionMigration } from './0014-lifecycle-retention.js'
import { judgmentsPairVerdictsMigration } from './0015-judgments-pair-verdicts.js'
import { sessionsStartedMigration } from './0016-dash-sessions-sessions-started.js'
import { revokedSessionsMigration } from './0017-shared-logout-revoked-sessions.js'

/**
 * Every migration, by name; names sort in the order they run. Add one line per new migration file.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-core': coreMigration,
  '0002-scores': scoresMigration,
  '0003-clusters': clustersMigration,
  '0004-tickets': ticketsMigration,
  '0005-fixer-runs': fixerRunsMigration,
  '0006-pm-agent-go-live': goLiveMigration,
  '0007-fixer-external-runs': fixerExternalRunsMigration,
  '0008-fixer-reviews': fixerReviewsMigration,
  '0009-scorer-nightly-spend': nightlySpendMigration,
  '0010-review-sync-pr-state': reviewSyncPrStateMigration,
  '0011-validation-actions': validationActionsMigration,
  '0012-sourcemaps-source-maps': sourceMapsMigration,
  '0013-lifecycle-partitions': lifecyclePartitionsMigration,
  '0014-lifecycle-retention': lifecycleRetentionMigration,
  '0015-judgments-pair-verdicts': judgmentsPairVerdictsMigration,
  '0016-dash-sessions-sessions-started': sessionsStartedMigration,
  '0017-shared-logout-revoked-sessions': revokedSessionsMigration,
}
