import path from 'node:path'
import type { AgentRunner, AgentRunRequest } from '../agent/agent-runner.js'
import { buildAgentEnv } from '../checkout/agent-env.js'
import { defaultBranch, fixBranchName } from '../checkout/checkout.js'
import { isRemoteRepo } from '../checkout/git.js'
import type { FixConfig } from '../config/fix-config.js'
import { buildPrompt } from '../context/build-prompt.js'
import { rankDocs } from '../context/rank-docs.js'
import { readRepoDocs } from '../context/read-docs.js'
import { type Scope, scopeFor } from '../contract/scope.js'
import {
  type FixRunRecord,
  type FixTrigger,
  JsonlOutcomeLog,
  type OutcomeSink,
} from '../outcome/outcome-row.js'
import { GitHubProposer } from '../proposal/github-proposer.js'
import { LocalProposer } from '../proposal/local-proposer.js'
import type { Proposer } from '../proposal/proposer.js'
import type { RedirectNote, ReviewNotes } from '../review/review-notes.js'
import { type Selected, type Skipped, selectTickets } from '../select/select-tickets.js'
import type { TicketSource } from '../tickets/ticket-source.js'
import type { ProgressCallback } from './progress.js'
import { runFix } from './run-fix.js'
import { stableId } from './stable-id.js'

/** A runner that can say, without running, the exact command it would start (for `--dry-run`). */
export interface DescribableRunner extends AgentRunner {
  describe(request: Omit<AgentRunRequest, 'signal' | 'onActivity'>): string
}

function isDescribable(runner: AgentRunner): runner is DescribableRunner {
  return typeof (runner as Partial<DescribableRunner>).describe === 'function'
}

export interface RunFixesOptions {
  readonly config: FixConfig
  readonly source: TicketSource
  readonly runner: AgentRunner
  /** Default: a draft PR on GitHub with `config.github`, else a local branch and patch file. */
  readonly proposer?: Proposer | undefined
  /** Default: the JSONL log `<outputDir>/outcomes.jsonl`. Pass a fan-out to also write `fix_runs`. */
  readonly outcomes?: OutcomeSink | undefined
  /** What reviewers said about earlier attempts: redirect comments go into the next attempt's prompt. */
  readonly reviewNotes?: ReviewNotes | undefined
  /** Only these tickets (ids or identifiers); default every fixable one. */
  readonly tickets?: readonly string[] | undefined
  readonly trigger?: FixTrigger | undefined
  /** Print what would run instead of running it: no checkout, no agent, no write anywhere. */
  readonly dryRun?: boolean | undefined
  readonly signal?: AbortSignal | undefined
  /** No ticket is started after this (the overnight window's end); runs already going finish. */
  readonly dispatchUntil?: Date | undefined
  readonly env?: NodeJS.ProcessEnv | undefined
  readonly onProgress?: ProgressCallback | undefined
  readonly now?: (() => Date) | undefined
}

/** What a dry run shows for one ticket. */
export interface DryRunEntry {
  readonly ticket: string
  readonly title: string
  readonly attempt: number
  readonly branch: string
  readonly worker: number
  readonly port: number
  readonly scope: Scope
  readonly prompt: string
  /** The exact agent command (or the runner's own description of its call). */
  readonly command: string
  readonly proposal: 'github-draft-pr' | 'local-patch'
}

export interface RunFixesResult {
  readonly dryRun: boolean
  readonly runs: readonly FixRunRecord[]
  readonly planned: readonly DryRunEntry[]
  readonly skipped: readonly Skipped[]
}

export function defaultProposer(config: FixConfig): Proposer {
  return config.github ? new GitHubProposer(config.github) : new LocalProposer(config.outputDir)
}

/**
 * The fixer's entry point: selects the fixable tickets (highest priority first) and runs them on
 * `config.workers` workers, each with its own port and checkout. Lineages that ran out of attempts or
 * budget are escalated on the ticket, never dropped silently. `dryRun` returns, per ticket, the
 * prompt, the scope and the agent command without running anything.
 *
 * @example
 * const result = await runFixes({ config, source, runner, onProgress: (p) => console.log(p) })
 */
export async function runFixes(options: RunFixesOptions): Promise<RunFixesResult> {
  const { config, source, runner } = options
  const selection = await selectTickets(source, config.budgets, { only: options.tickets })
  const workers = Math.max(1, Math.min(config.workers, selection.dispatch.length || 1))

  if (options.dryRun) {
    const ref = isRemoteRepo(config.repo) ? null : (config.baseBranch ?? (await defaultBranch(config.repo)))
    const docs = ref ? await readRepoDocs(config.repo, ref) : []
    const planned: DryRunEntry[] = []
    for (const [i, selected] of selection.dispatch.entries()) {
      const redirects = (await options.reviewNotes?.redirects(selected.ticket)) ?? []
      planned.push(plan(options, selected, i % workers, docs, redirects))
    }
    return { dryRun: true, runs: [], planned, skipped: selection.skipped }
  }

  for (const skip of selection.skipped) {
    if (skip.reason !== 'attempt-cap' && skip.reason !== 'cost-budget') continue
    // Never silent: the lineage is handed to a person once (the comment id makes reruns a no-op).
    await source.comment(skip.ticket.id, {
      clientId: stableId('suture-fix-escalate', skip.ticket.id, skip.reason),
      body: `**Suture fixer:** not dispatched — ${skip.detail}. A person should take ${skip.ticket.identifier} from here.`,
    })
    await source.escalate(skip.ticket.id, skip.detail)
  }

  const proposer = options.proposer ?? defaultProposer(config)
  const outcomes = options.outcomes ?? new JsonlOutcomeLog(path.join(config.outputDir, 'outcomes.jsonl'))
  const queue = [...selection.dispatch]
  const runs: FixRunRecord[] = []
  const notStarted: Selected[] = []
  const work = async (worker: number) => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      if (options.signal?.aborted) return
      const clock = options.now?.() ?? new Date()
      if (options.dispatchUntil && clock >= options.dispatchUntil) {
        notStarted.push(next)
        continue
      }
      const { record } = await runFix({
        config,
        source,
        runner,
        proposer,
        outcomes,
        selected: next,
        reviewNotes: options.reviewNotes,
        worker,
        trigger: options.trigger ?? 'manual',
        signal: options.signal,
        env: options.env,
        onProgress: options.onProgress,
        now: options.now,
      })
      runs.push(record)
    }
  }
  await Promise.all(Array.from({ length: workers }, (_, i) => work(i)))
  return {
    dryRun: false,
    runs,
    planned: [],
    skipped: [
      ...selection.skipped,
      ...notStarted.map((s) => ({
        ticket: s.ticket,
        reason: 'window-closed' as const,
        detail: 'the dispatch window closed before it was started',
      })),
    ],
  }
}

function plan(
  options: RunFixesOptions,
  selected: Selected,
  worker: number,
  docs: Awaited<ReturnType<typeof readRepoDocs>>,
  redirects: readonly RedirectNote[],
): DryRunEntry {
  const { config, runner } = options
  const { ticket, attempt, lineage } = selected
  const port = config.basePort + worker
  const scope = scopeFor(ticket, config.maxChangedLines)
  const prompt = buildPrompt({
    ticket,
    attempt,
    redirects,
    scope,
    docs: rankDocs(`${ticket.title}\n${ticket.body}`, docs).slice(0, config.maxDocs),
    testCommand: config.testCommand,
    testFileCommand: config.testFileCommand,
    port,
  })
  const branch = fixBranchName(ticket.identifier, ticket.id, attempt)
  const cwd = path.join(config.workDir, '<run>', 'repo')
  const request = {
    cwd,
    prompt,
    env: buildAgentEnv({
      from: options.env ?? process.env,
      passEnv: config.passEnv,
      extraEnv: config.extraEnv,
      home: path.join(config.workDir, '<run>', 'home'),
      port,
      ticket: ticket.identifier,
    }),
    idleTimeoutMs: config.idleTimeoutMs,
    wallClockMs: config.wallClockMs,
    maxCostUsd: Math.max(
      0,
      Math.min(config.budgets.perRunUsd, config.budgets.perLineageUsd - lineage.costUsd),
    ),
    maxTurns: config.maxTurns,
  }
  return {
    ticket: ticket.identifier,
    title: ticket.title,
    attempt,
    branch,
    worker,
    port,
    scope,
    prompt,
    command: isDescribable(runner) ? runner.describe(request) : `${runner.name} (runs in ${cwd})`,
    proposal: config.github ? 'github-draft-pr' : 'local-patch',
  }
}
