import { pmAgentJobs } from '@suture/pm-agent'
import {
  CostBudget,
  createClaudeScorer,
  createHeuristicScorer,
  createPostHogExporter,
  scoreSessionsJob,
} from '@suture/scorer'
import type { JobDefinition } from '@suture/store'
import type { SutureConfig } from '../config/schema.js'
import { triageConfigFrom } from '../config/triage-config.js'

export interface WorkerJobOptions {
  readonly scorer: 'heuristic' | 'claude'
  /** Digests are also written as files under this directory. */
  readonly digestDir?: string
}

/**
 * Every job `suture worker` runs. Add a line here for a new scheduled job (a `JobDefinition` from any
 * package: name, cron, run).
 */
export function workerJobs(config: SutureConfig, options: WorkerJobOptions): JobDefinition<object>[] {
  const anthropic = config.anthropic
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
    ...(pmAgentJobs({
      linear: config.linear,
      publicUrl: config.server.publicUrl ?? `http://${config.server.host}:${config.server.port}`,
      schedule: {
        weekday: config.schedule.digestWeekday,
        time: config.schedule.digestTime,
        timeZone: config.schedule.timeZone,
      },
      spikes: { webhookUrl: config.spikes.webhookUrl },
      triage: triageConfigFrom(config),
      digestDir: options.digestDir,
    }) as JobDefinition<object>[]),
  ]
}
