import type { Database, JobDefinition } from '@suture/store'
import type { Kysely } from 'kysely'
import type { Tracker } from '../trackers/tracker.js'
import { checkSpikes, type SpikeFiring } from './check-spikes.js'
import type { SpikeConfig } from './rules.js'

export const SPIKE_JOB = 'pm-agent.spikes'

export interface SpikeJobConfig {
  readonly createTracker: (db: Kysely<Database>, projectId: string) => Tracker
  readonly clusterUrl: (projectId: string, clusterKey: string) => string
  readonly webhookUrl?: string | undefined
  readonly config?: SpikeConfig | undefined
  readonly now?: (() => Date) | undefined
  /** The environments whose envelopes can fire (default production). */
  readonly environments?: readonly string[] | undefined
}

/** Checks every project's spike rules once; what the per-minute job runs. */
export async function runSpikeChecks(
  db: Kysely<Database>,
  config: SpikeJobConfig,
  now: Date,
): Promise<SpikeFiring[]> {
  const projects = await db.selectFrom('projects').select('id').orderBy('id').execute()
  const firings: SpikeFiring[] = []
  for (const { id } of projects) {
    firings.push(
      ...(await checkSpikes({
        db: db,
        projectId: id,
        now,
        config: config.config,
        tracker: config.createTracker(db, id),
        clusterUrl: (key) => config.clusterUrl(id, key),
        webhookUrl: config.webhookUrl,
        environments: config.environments,
      })),
    )
  }
  return firings
}

/** The per-minute spike trigger for the scorer's `startWorker`. */
export function spikeJob(config: SpikeJobConfig): JobDefinition {
  return {
    name: SPIKE_JOB,
    cron: '* * * * *',
    retryLimit: 0,
    expireInHours: 1,
    async run({ database, log }) {
      const firings = await runSpikeChecks(database.db, config, config.now?.() ?? new Date())
      for (const f of firings) {
        log(
          `${SPIKE_JOB}: ${f.rule} fired for ${f.clusterKey} (${f.count} events, ${f.users} users), webhook ${f.webhook}`,
        )
      }
      return { fired: firings.length }
    },
  }
}
