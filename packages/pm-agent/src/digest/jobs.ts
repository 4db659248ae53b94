import type { Database, JobDefinition } from '@suture/store'
import type { Kysely } from 'kysely'
import { dashboardLinks } from '../links/dashboard-links.js'
import { DEFAULT_SPIKE_CONFIG, type SpikeConfig } from '../spikes/rules.js'
import { spikeJob } from '../spikes/spike-job.js'
import { createTracker, type TrackerSettings } from '../trackers/create-tracker.js'
import { runTriage, type TriageConfig } from '../triage/run-triage.js'
import { loadTicketableTriage } from '../triage/ticketable.js'
import type { StopPolicy } from '../validation/stopping.js'
import { DEFAULT_WEEKLY_SCHEDULE, type WeeklySchedule } from './schedule.js'
import { weeklyJob } from './weekly-job.js'

export interface PmAgentJobSettings extends TrackerSettings {
  /** Public URL of the Suture service: cluster links in tickets point at its dashboard (`<url>/app/issues/<key>`). */
  readonly publicUrl?: string | undefined
  readonly schedule?: Partial<WeeklySchedule> | undefined
  /** `'auto'` (default): nothing is filed or commented until a person takes the project live. */
  readonly shadow?: boolean | 'auto' | undefined
  /** Digests are written under `<digestDir>/<projectId>/` as well as stored. */
  readonly digestDir?: string | undefined
  readonly outcomeLog?: string | undefined
  readonly stopPolicy?: StopPolicy | undefined
  readonly spikes?: (Partial<SpikeConfig> & { readonly webhookUrl?: string | undefined }) | undefined
  /** Thresholds, safety rules and code pointers for the weekly triage. */
  readonly triage?: TriageConfig | undefined
  readonly now?: (() => Date) | undefined
}

/** Triage the week (stored, idempotent), then read it back as ticketable clusters. */
export async function triageForWeek(
  db: Kysely<Database>,
  projectId: string,
  week: string,
  config?: TriageConfig | undefined,
) {
  await runTriage({ db, projectId, week, config })
  return loadTicketableTriage(db, projectId, week)
}

/**
 * The PM agent's scheduled jobs for the scorer's `startWorker`: the weekly run (triage → tickets →
 * validations → digest, Mondays 08:00 by default, caught up when missed) and the per-minute spike check.
 *
 * @example
 * await startWorker({ database, jobs: [...otherJobs, ...pmAgentJobs({ linear: { apiKey, teamId } })] })
 */
export function pmAgentJobs(settings: PmAgentJobSettings = {}): JobDefinition[] {
  const base = (settings.publicUrl ?? 'http://localhost:4318').replace(/\/$/, '')
  const links = dashboardLinks(base)
  const clusterUrl = (projectId: string, key: string) => links.issue(key, projectId)
  const tracker = (db: Kysely<Database>, projectId: string) =>
    createTracker(db, projectId, { linear: settings.linear, localBaseUrl: settings.localBaseUrl ?? base })
  return [
    weeklyJob({
      createTracker: tracker,
      loadTriage: (db, projectId, week) => triageForWeek(db, projectId, week, settings.triage),
      clusterUrl,
      outDir: settings.digestDir,
      outcomeLog: settings.outcomeLog,
      stopPolicy: settings.stopPolicy,
      schedule: { ...DEFAULT_WEEKLY_SCHEDULE, ...settings.schedule },
      shadow: settings.shadow,
      now: settings.now,
    }),
    spikeJob({
      createTracker: tracker,
      clusterUrl,
      webhookUrl: settings.spikes?.webhookUrl,
      config: {
        rules: settings.spikes?.rules ?? DEFAULT_SPIKE_CONFIG.rules,
        resolveAfterMinutes: settings.spikes?.resolveAfterMinutes ?? DEFAULT_SPIKE_CONFIG.resolveAfterMinutes,
      },
      now: settings.now,
    }),
  ]
}
