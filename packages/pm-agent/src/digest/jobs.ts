import type { Database, JobDefinition } from '@suture/store'
import type { Kysely } from 'kysely'
import { DEFAULT_ENVIRONMENTS } from '../environments/environments.js'
import { dashboardLinks } from '../links/dashboard-links.js'
import { DEFAULT_SPIKE_CONFIG, type SpikeConfig } from '../spikes/rules.js'
import { spikeJob } from '../spikes/spike-job.js'
import { createTracker, type TrackerSettings } from '../trackers/create-tracker.js'
import { currentWeekJob } from '../triage/current-week-job.js'
import { runTriage, type TriageConfig } from '../triage/run-triage.js'
import { loadTicketableTriage } from '../triage/ticketable.js'
import type { RevertProposer } from '../validation/stop-actions.js'
import type { StopPolicy } from '../validation/stopping.js'
import { type ValidationJobConfig, validationJob } from '../validation/validation-job.js'
import type { DigestReviewSource } from './review-source.js'
import { DEFAULT_WEEKLY_SCHEDULE, type WeeklySchedule } from './schedule.js'
import { weeklyJob } from './weekly-job.js'

export interface PmAgentJobSettings extends TrackerSettings {
  /** Public URL of the Suture service: cluster links in tickets point at its dashboard (`<url>/app/issues/<key>`). */
  readonly publicUrl: string
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
  /** The digest's morning queue and loop numbers: `{ openProposals: listOpenProposals, loopNumbers }` from `@suture/fixer`. */
  readonly review?: DigestReviewSource | undefined
  /** Opens draft revert PRs when the andon cord fires on a known fix PR (`@suture/fixer` has one). */
  readonly revertProposer?: RevertProposer | undefined
  /**
   * The environments every job runs for: triage, spikes, validation, running totals (default
   * `['production']`; an envelope without one counts as production). Overrides `triage.environments`.
   */
  readonly environments?: readonly string[] | undefined
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

// One base URL and tracker factory for every job, so the worker's runs and the server's deploy trigger
// file and link tickets the same way.
function wiring(settings: PmAgentJobSettings) {
  const base = settings.publicUrl.replace(/\/+$/, '')
  const links = dashboardLinks(base)
  const clusterUrl = (projectId: string, key: string) => links.issue(key, projectId)
  const tracker = (db: Kysely<Database>, projectId: string) =>
    createTracker(db, projectId, { linear: settings.linear, localBaseUrl: settings.localBaseUrl ?? base })
  return { clusterUrl, tracker }
}

function validationEnvironments(settings: PmAgentJobSettings): readonly string[] {
  return settings.environments ?? settings.triage?.environments ?? DEFAULT_ENVIRONMENTS
}

/**
 * The validation job's settings from the PM agent's: what `suture serve` uses to validate a project
 * right after its deploy marker arrives, exactly as the worker's job would.
 */
export function validationConfigFrom(settings: PmAgentJobSettings): ValidationJobConfig {
  const { clusterUrl, tracker } = wiring(settings)
  return {
    createTracker: tracker,
    clusterUrl,
    shadow: settings.shadow,
    stopPolicy: settings.stopPolicy,
    outcomeLog: settings.outcomeLog,
    webhookUrl: settings.spikes?.webhookUrl,
    revertProposer: settings.revertProposer,
    environments: validationEnvironments(settings),
    now: settings.now,
  }
}

/**
 * The PM agent's scheduled jobs for the scorer's `startWorker`: the weekly run (triage → tickets →
 * validations → digest, Mondays 08:00 by default, caught up when missed), the per-minute spike check,
 * and post-merge validation with the andon cord (hourly and right after each deploy marker).
 *
 * @example
 * await startWorker({ database, jobs: [...otherJobs, ...pmAgentJobs({ publicUrl: 'https://suture.example.com', linear: { apiKey, teamId } })] })
 */
export function pmAgentJobs(settings: PmAgentJobSettings): JobDefinition[] {
  const { clusterUrl, tracker } = wiring(settings)
  const environments = validationEnvironments(settings)
  const triage: TriageConfig = { ...settings.triage, environments }
  return [
    weeklyJob({
      createTracker: tracker,
      loadTriage: (db, projectId, week) => triageForWeek(db, projectId, week, triage),
      clusterUrl,
      outDir: settings.digestDir,
      outcomeLog: settings.outcomeLog,
      stopPolicy: settings.stopPolicy,
      review: settings.review,
      webhookUrl: settings.spikes?.webhookUrl,
      revertProposer: settings.revertProposer,
      schedule: { ...DEFAULT_WEEKLY_SCHEDULE, ...settings.schedule },
      shadow: settings.shadow,
      now: settings.now,
      environments,
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
      environments,
    }),
    validationJob(validationConfigFrom(settings)),
    currentWeekJob({ config: triage, now: settings.now }),
  ]
}
