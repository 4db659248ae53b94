import path from 'node:path'
import {
  type FixConfig,
  fixJob,
  GitHubPullMerger,
  GitHubPullStates,
  GitHubRevertProposer,
  listOpenProposals,
  loopNumbers,
  prSyncJob,
} from '@suture/fixer'
import { createTracker, FixerTicketSource, type PmAgentJobSettings, pmAgentJobs } from '@suture/pm-agent'
import {
  createClaudeScorer,
  createHeuristicScorer,
  createPostHogExporter,
  scoreSessionsJob,
} from '@suture/scorer'
import { startValidationOnMerge } from '@suture/service'
import { type JobDefinition, type RetentionPolicy, retentionJob, retentionPolicy } from '@suture/store'
import { fixConfigFrom } from '../config/fix-config.js'
import { linksOf, publicUrlOf } from '../config/public-url.js'
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
  const publicUrl = publicUrlOf(config)
  const links = linksOf(config)
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
              clusterUrl: (key) => links.issue(key, projectId),
            }),
          createRunner: () => agentRunnerFor(config, { agent: config.fix.agent }),
          cron: config.fix.cron,
          timeZone: config.schedule.timeZone,
          windowMinutes: config.fix.windowMinutes,
        }) as JobDefinition<object>,
      ]
    : []
  // PR states (merged on GitHub → merged on the Review page, validation starts) wherever a token can read them.
  const github = config.fix.github
  const prSync = github.token
    ? [
        prSyncJob({
          createReader: () => new GitHubPullStates({ token: github.token as string, baseUrl: github.apiUrl }),
          onMerged: startValidationOnMerge,
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
        // The budget is per project and night, kept in the database so every run tonight shares it.
        return {
          scorer: createClaudeScorer({
            ...(anthropic.apiKey ? { apiKey: anthropic.apiKey } : {}),
            ...(anthropic.baseUrl ? { baseURL: anthropic.baseUrl } : {}),
            model: anthropic.model,
          }),
          nightlyBudgetUsd: anthropic.budgetUsd,
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
    // Includes post-merge validation and the andon cord (hourly and after each deploy marker).
    ...(pmAgentJobs({
      ...pmAgentSettingsFrom(config, { cwd, digestDir: options.digestDir }),
      revertProposer: revertProposerFor(config.fix.repo ? fixConfigFrom(config, {}, cwd) : undefined),
    }) as JobDefinition<object>[]),
    ...fixer,
    ...prSync,
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

/**
 * Draft revert PRs for the andon cord need the fixer's repository and a GitHub target; without them the
 * andon cord proposes the revert as a ticket comment naming the release and its commit.
 */
export function revertProposerFor(fix: FixConfig | undefined): GitHubRevertProposer | undefined {
  if (!fix?.github) return undefined
  return new GitHubRevertProposer({
    github: fix.github,
    repo: fix.repo,
    baseBranch: fix.baseBranch,
    workDir: path.join(fix.workDir, 'reverts'),
  })
}

/**
 * The Review page's Merge merges on GitHub with the same repository and token the fixer opens its draft
 * PRs with (GITHUB_TOKEN, SUTURE_GITHUB_OWNER/REPO, GITHUB_API_URL, with SUTURE_FIX_REPO); without them
 * the button only records the decision ("Mark merged").
 */
export function pullMergerFor(config: SutureConfig, cwd: string): GitHubPullMerger | undefined {
  const github = config.fix.repo ? fixConfigFrom(config, {}, cwd).github : undefined
  if (!github) return undefined
  return new GitHubPullMerger(github, { method: config.fix.github.mergeMethod })
}

/** The PM agent's settings from one configuration: the same triage (code pointers included) as `suture triage`. */
export function pmAgentSettingsFrom(
  config: SutureConfig,
  options: { readonly cwd: string; readonly digestDir?: string | undefined },
): PmAgentJobSettings {
  return {
    linear: config.linear,
    publicUrl: publicUrlOf(config),
    schedule: {
      weekday: config.schedule.digestWeekday,
      time: config.schedule.digestTime,
      timeZone: config.schedule.timeZone,
    },
    spikes: { webhookUrl: config.spikes.webhookUrl },
    triage: triageConfigFrom(config, { cwd: options.cwd }),
    environments: config.environments,
    digestDir: options.digestDir,
    outcomeLog: outcomeLogFrom(config, options.cwd),
    // The digest's morning queue and loop numbers: the same fixer functions the Review page uses.
    review: { openProposals: listOpenProposals, loopNumbers },
  }
}
