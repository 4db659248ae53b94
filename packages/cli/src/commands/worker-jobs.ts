import { fixJob } from '@suture/fixer'
import { createTracker, FixerTicketSource, type PmAgentJobSettings, pmAgentJobs } from '@suture/pm-agent'
import {
  CostBudget,
  createClaudeScorer,
  createHeuristicScorer,
  createPostHogExporter,
  scoreSessionsJob,
} from '@suture/scorer'
import { type JobDefinition, type RetentionPolicy, retentionJob, retentionPolicy } from '@suture/store'
import { fixConfigFrom } from '../config/fix-config.js'
import type { SutureConfig } from '../config/schema.js'
import { outcomeLogFrom, triageConfigFrom } from '../config/triage-config.js'
import { agentRunnerFor } from './fix-runner.js'

export interface WorkerJobOptions {
  readonly scorer: 'heuristic' | 'claude'
  /** Digests are also written as files under this directory. */
  readonly digestDir?: string
  /** Resolves the configured repository and outcome log (default: the process's working directory). */
  readonly cwd?: string
}

/**
 * Every job `suture worker` runs. Add a line here for a new scheduled job (a `JobDefinition` from any
 * package: name, cron, run).
 */
export function workerJobs(config: SutureConfig, options: WorkerJobOptions): JobDefinition<object>[] {
  const anthropic = config.anthropic
  const cwd = options.cwd ?? process.cwd()
  const publicUrl = (config.server.publicUrl ?? `http://${config.server.host}:${config.server.port}`).replace(
    /\/$/,
    '',
  )
  // The overnight fixer runs only where a repository is configured: no repo, no dispatch.
  const fixer = config.fix.repo
    ? [
        fixJob({
          config: fixConfigFrom(config, {}, process.cwd()),
          createSource: (db, projectId) =>
            new FixerTicketSource({
              db,
              projectId,
              tracker: createTracker(db, projectId, { linear: config.linear, localBaseUrl: publicUrl }),
              clusterUrl: (key) =>
                `${publicUrl}/clusters/${encodeURIComponent(projectId)}/${encodeURIComponent(key)}`,
            }),
          createRunner: () => agentRunnerFor(config, { agent: config.fix.agent }),
          cron: config.fix.cron,
          timeZone: config.schedule.timeZone,
          windowMinutes: config.fix.windowMinutes,
        }) as JobDefinition<object>,
      ]
    : []
  return [
    scoreSessionsJob({
      cron: config.schedule.nightlyScoring,
      timeZone: config.schedule.timeZone,
      idleMinutes: config.schedule.sessionIdleMinutes,
      createScorer: () => {
        if (options.scorer === 'heuristic') return { scorer: createHeuristicScorer() }
        const budget = new CostBudget(anthropic.budgetUsd)
        return {
          scorer: createClaudeScorer({
            ...(anthropic.apiKey ? { apiKey: anthropic.apiKey } : {}),
            ...(anthropic.baseUrl ? { baseURL: anthropic.baseUrl } : {}),
            model: anthropic.model,
            budget,
          }),
          budget,
        }
      },
      createExporter: config.posthog.projectApiKey
        ? () =>
            createPostHogExporter({
              apiKey: config.posthog.projectApiKey as string,
              host: config.posthog.host,
            })
        : undefined,
    }) as JobDefinition<object>,
    ...(pmAgentJobs(
      pmAgentSettingsFrom(config, { cwd, digestDir: options.digestDir }),
    ) as JobDefinition<object>[]),
    ...fixer,
    retentionJob({
      policy: retentionPolicyFrom(config),
      cron: config.retention.cron,
      timeZone: config.schedule.timeZone,
    }),
  ]
}

/** The retention windows of one configuration (defaults for what it leaves unset). */
export function retentionPolicyFrom(config: SutureConfig): RetentionPolicy {
  const { projects, cron: _cron, ...defaults } = config.retention
  const defined = <T extends object>(o: T) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
  return retentionPolicy({
    defaults: defined(defaults),
    projects: Object.fromEntries(Object.entries(projects).map(([id, w]) => [id, defined(w)])),
  })
}

/** The PM agent's settings from one configuration: the same triage (code pointers included) as `suture triage`. */
export function pmAgentSettingsFrom(
  config: SutureConfig,
  options: { readonly cwd: string; readonly digestDir?: string | undefined },
): PmAgentJobSettings {
  return {
    linear: config.linear,
    publicUrl: config.server.publicUrl ?? `http://${config.server.host}:${config.server.port}`,
    schedule: {
      weekday: config.schedule.digestWeekday,
      time: config.schedule.digestTime,
      timeZone: config.schedule.timeZone,
    },
    spikes: { webhookUrl: config.spikes.webhookUrl },
    triage: triageConfigFrom(config, { cwd: options.cwd }),
    digestDir: options.digestDir,
    outcomeLog: outcomeLogFrom(config, options.cwd),
  }
}
