import path from 'node:path'
import type { AgentRunner, AgentRunResult } from '../agent/agent-runner.js'
import { buildAgentEnv } from '../checkout/agent-env.js'
import { type Checkout, createCheckout, fixBranchName } from '../checkout/checkout.js'
import { git } from '../checkout/git.js'
import type { FixConfig } from '../config/fix-config.js'
import { buildPrompt } from '../context/build-prompt.js'
import { rankDocs } from '../context/rank-docs.js'
import { readRepoDocs } from '../context/read-docs.js'
import { bannedCommand } from '../contract/banned.js'
import { checkGreen } from '../contract/green.js'
import {
  CANNOT_REPRODUCE_MARKER,
  checkReproduction,
  parseAgentClaims,
  reproductionTests,
  TEST_MARKER,
} from '../contract/reproduce.js'
import { checkScope, diffStat, scopeFor } from '../contract/scope.js'
import type {
  FixOutcome,
  FixRunRecord,
  FixTrigger,
  OutcomeSink,
  StageRecord,
} from '../outcome/outcome-row.js'
import { renderPrBody } from '../proposal/pr-body.js'
import type { Proposal, Proposer } from '../proposal/proposer.js'
import type { ReviewNotes } from '../review/review-notes.js'
import type { Selected } from '../select/select-tickets.js'
import type { FixTicket, TicketSource } from '../tickets/ticket-source.js'
import type { FixStage, ProgressCallback } from './progress.js'
import { newRunId, stableId } from './stable-id.js'

export interface RunFixOptions {
  readonly config: FixConfig
  readonly source: TicketSource
  readonly runner: AgentRunner
  readonly proposer: Proposer
  readonly outcomes: OutcomeSink
  readonly selected: Selected
  /** What reviewers said about earlier attempts (redirect comments go into the prompt). */
  readonly reviewNotes?: ReviewNotes | undefined
  /** 0-based worker index: picks the port (`basePort + worker`). */
  readonly worker: number
  readonly trigger: FixTrigger
  /** Cancels the run (the agent is killed, clean-up still happens). */
  readonly signal?: AbortSignal | undefined
  /** The harness's own environment: only `config.passEnv` names are read from it. */
  readonly env?: NodeJS.ProcessEnv | undefined
  readonly onProgress?: ProgressCallback | undefined
  readonly now?: (() => Date) | undefined
}

export interface FixRunResult {
  readonly record: FixRunRecord
  readonly proposal: Proposal | null
}

const EMPTY_USAGE = { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 }

/** A contract breach ends the run with its outcome: an expected ending, not a crash. */
class Stop extends Error {
  constructor(
    readonly outcome: FixOutcome,
    readonly detail: string,
  ) {
    super(detail)
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function reasoningOf(finalMessage: string): string {
  return finalMessage
    .split(/\r?\n/)
    .filter((line) => !line.includes(TEST_MARKER) && !line.includes(CANNOT_REPRODUCE_MARKER))
    .join('\n')
    .trim()
}

function outcomeForStop(result: AgentRunResult): { outcome: FixOutcome; detail: string } | null {
  const why = result.detail ? `: ${result.detail}` : ''
  switch (result.stop) {
    case 'completed':
      return null
    case 'over-budget':
      return { outcome: 'over-budget', detail: `the agent stopped over its budget${why}` }
    case 'idle':
      return { outcome: 'killed', detail: `no agent activity for too long${why}` }
    case 'wall-clock':
      return { outcome: 'killed', detail: `past the wall-clock cap${why}` }
    case 'banned-command':
      return { outcome: 'killed', detail: `banned command${why}` }
    case 'max-turns':
      return { outcome: 'killed', detail: `turn limit reached${why}` }
    case 'error':
      return { outcome: 'error', detail: `the agent failed${why}` }
  }
}

function commentFor(
  ticket: FixTicket,
  outcome: FixOutcome,
  detail: string,
  attempt: number,
  agentMessage: string,
): string {
  const heading: Record<FixOutcome, string> = {
    proposed: 'proposed a fix',
    'cannot-reproduce': 'could not reproduce this — no fix proposed',
    'scope-exceeded': 'the fix grew beyond the ticket’s scope — discarded, nothing pushed',
    'failed-tests': 'the fix broke the test suite — discarded, nothing pushed',
    killed: 'the agent was stopped by the harness — nothing pushed',
    'over-budget': 'over budget — stopped and handed to a person',
    error: 'the run failed — nothing pushed',
  }
  const lines = [`**Suture fixer, attempt ${attempt}:** ${heading[outcome]}.`, '', `- ${detail}`]
  const said = reasoningOf(agentMessage)
  if (said) {
    const clipped = said.length > 1_500 ? `${said.slice(0, 1_500)}…` : said
    lines.push('', 'What the agent tried / said:', '', ...clipped.split('\n').map((l) => `> ${l}`))
  }
  if (outcome === 'over-budget') lines.push('', `A person should take ${ticket.identifier} from here.`)
  return lines.join('\n')
}

/**
 * One ticket, one run, under the contract: checkout → context → agent (watched for idleness, banned
 * commands, wall clock and cost) → scope → reproduction (fails before, passes after) → the repository's
 * own tests → a draft proposal. Whatever happens: the checkout and its processes are cleaned up, the
 * ticket hears about it, and one outcome row is recorded.
 *
 * @example
 * const { record } = await runFix({ config, source, runner, proposer, outcomes, selected, worker: 0, trigger: 'manual' })
 */
export async function runFix(options: RunFixOptions): Promise<FixRunResult> {
  const { config, source, runner, proposer, selected, worker } = options
  const { ticket, attempt, lineage } = selected
  const now = options.now ?? (() => new Date())
  const started = now()
  const runId = newRunId(started)
  const branch = fixBranchName(ticket.identifier, ticket.id, attempt)
  const port = config.basePort + worker
  const stages: Record<string, StageRecord> = {}
  const progress = (stage: FixStage, detail: string) =>
    options.onProgress?.({ worker, ticket: ticket.identifier, stage, detail })

  const stage = async <T>(
    name: FixStage,
    fn: () => Promise<T>,
    summarize: (value: T) => Partial<StageRecord> = () => ({}),
  ): Promise<T> => {
    progress(name, 'started')
    const t0 = Date.now()
    try {
      const value = await fn()
      stages[name] = {
        tokens: 0,
        tool_calls: 0,
        edits: 0,
        ok: true,
        ...summarize(value),
        ms: Date.now() - t0,
      }
      return value
    } catch (error) {
      stages[name] = {
        tokens: 0,
        tool_calls: 0,
        edits: 0,
        ...(stages[name] ?? {}),
        ms: Date.now() - t0,
        ok: false,
        detail: message(error),
      }
      throw error
    }
  }

  let outcome: FixOutcome = 'error'
  let detail = ''
  let proposal: Proposal | null = null
  let checkout: Checkout | null = null
  let agent: AgentRunResult | null = null
  let headCommit: string | null = null
  let reviewDetails: FixRunRecord['review_details']

  try {
    const existing = await proposer.find(branch)
    if (existing) {
      // A rerun of the same ticket and attempt: the proposal exists; make sure the ticket knows, do nothing else.
      proposal = existing
      await handOff(source, ticket, existing, attempt)
      outcome = 'proposed'
      detail = `already proposed by an earlier run: ${existing.url}`
      return { record: await finish(), proposal }
    }

    checkout = await stage('checkout', () =>
      createCheckout({
        repo: config.repo,
        baseBranch: config.baseBranch,
        branch,
        workDir: config.workDir,
        runId,
        port,
      }),
    )
    const co = checkout
    const env = buildAgentEnv({
      from: options.env ?? process.env,
      passEnv: config.passEnv,
      extraEnv: config.extraEnv,
      home: co.home,
      port,
      ticket: ticket.identifier,
    })
    if (config.devCommand) co.spawnBackground(config.devCommand, env, path.join(co.home, 'dev-server.log'))

    const scope = scopeFor(ticket, config.maxChangedLines)
    const prompt = await stage(
      'context',
      async () => {
        const docs = rankDocs(`${ticket.title}\n${ticket.body}`, await readRepoDocs(co.dir, co.baseCommit))
        return buildPrompt({
          ticket,
          attempt,
          redirects: (await options.reviewNotes?.redirects(ticket)) ?? [],
          scope,
          docs: docs.slice(0, config.maxDocs),
          testCommand: config.testCommand,
          testFileCommand: config.testFileCommand,
          port,
        })
      },
      (p) => ({ detail: `${p.length} characters` }),
    )

    const maxCostUsd = Math.max(
      0,
      Math.min(config.budgets.perRunUsd, config.budgets.perLineageUsd - lineage.costUsd),
    )
    agent = await stage(
      'agent',
      () =>
        watchAgent(
          runner,
          { cwd: co.dir, prompt, env, maxCostUsd, config, signal: options.signal },
          progress,
        ),
      (r) => ({
        tokens:
          r.usage.inputTokens +
          r.usage.outputTokens +
          r.usage.cacheReadInputTokens +
          r.usage.cacheCreationInputTokens,
        tool_calls: r.toolCalls,
        edits: r.edits.length,
        ok: r.stop === 'completed',
        detail: `${r.stop}${r.detail ? `: ${r.detail}` : ''}; ${r.turns} turns, $${r.usage.costUsd.toFixed(4)}`,
      }),
    )
    const stopped = outcomeForStop(agent)
    if (stopped) throw new Stop(stopped.outcome, stopped.detail)
    if (agent.usage.costUsd > maxCostUsd) {
      throw new Stop(
        'over-budget',
        `the agent reported $${agent.usage.costUsd.toFixed(2)}, over this run's budget of $${maxCostUsd.toFixed(2)}`,
      )
    }

    // The agent may forget to commit (or commit half): the harness commits whatever is in the worktree.
    // No hooks: they are the repository's code, and the harness runs the checks it trusts itself.
    await git(co.dir, ['add', '-A'])
    if ((await git(co.dir, ['status', '--porcelain'])).trim() !== '') {
      await git(co.dir, [
        'commit',
        '--quiet',
        '--no-verify',
        '-m',
        `fix: ${ticket.title}\n\nSuture fixer, ${ticket.identifier} attempt ${attempt}`,
      ])
    }
    headCommit = (await git(co.dir, ['rev-parse', 'HEAD'])).trim()
    const stat = await diffStat(co.dir, co.baseCommit, headCommit)
    const claims = parseAgentClaims(agent.finalMessage)
    if (claims.cannotReproduce)
      throw new Stop('cannot-reproduce', `the agent could not reproduce it: ${claims.cannotReproduce}`)
    const tests = reproductionTests(
      claims,
      stat.files.map((f) => f.file),
    )
    if (tests.length === 0) throw new Stop('cannot-reproduce', 'no reproduction test was added or named')

    const scopeVerdict = await stage(
      'scope',
      async () => checkScope(stat, scope),
      (v) => ({ ok: v.ok, detail: v.detail, edits: stat.files.length }),
    )
    if (!scopeVerdict.ok) throw new Stop('scope-exceeded', scopeVerdict.detail)

    const testRun = { env, timeoutMs: config.testTimeoutMs, signal: options.signal }
    const reproduction = await stage(
      'reproduce',
      () =>
        checkReproduction({
          dir: co.dir,
          baseCommit: co.baseCommit,
          scratchDir: co.scratch,
          tests,
          testFileCommand: config.testFileCommand,
          ...testRun,
        }),
      (v) => ({ ok: v.ok, detail: v.detail }),
    )
    if (!reproduction.ok) throw new Stop('cannot-reproduce', reproduction.detail)

    const green = await stage(
      'green',
      () => checkGreen({ dir: co.dir, testCommand: config.testCommand, ...testRun }),
      (v) => ({ ok: v.ok, detail: v.detail }),
    )
    if (!green.ok)
      throw new Stop('failed-tests', `${green.detail}\n\n${green.result.outputTail.slice(-1_500)}`)

    const fullDiff = await git(co.dir, ['diff', '--no-color', co.baseCommit, headCommit])
    reviewDetails = {
      reasoning: reasoningOf(agent.finalMessage),
      evidence: reproduction.evidence.map((e) => ({
        test: e.test,
        before: { code: e.before.exitCode, tail: e.before.outputTail.slice(-2_000) },
        after: { code: e.after.exitCode, tail: e.after.outputTail.slice(-2_000) },
      })),
      // The review page shows the change; a runaway diff is cut (the PR has all of it).
      diff: fullDiff.length > 200_000 ? `${fullDiff.slice(0, 200_000)}\n… (cut)` : fullDiff,
    }

    const body = renderPrBody({
      ticket,
      attempt,
      reasoning: reasoningOf(agent.finalMessage),
      reproduction: reproduction.evidence,
      green: green.result,
      changedLines: stat.changedLines,
      files: stat.files.map((f) => f.file),
      costUsd: agent.usage.costUsd,
      tokens: agent.usage.inputTokens + agent.usage.outputTokens,
      agent: runner.name,
      runId,
    })
    proposal = await stage(
      'propose',
      () =>
        proposer.propose({
          dir: co.dir,
          branch,
          baseBranch: co.baseBranch,
          baseCommit: co.baseCommit,
          title: `[Suture] ${ticket.identifier}: ${ticket.title}`.slice(0, 250),
          body,
        }),
      (p) => ({ detail: p.url }),
    )
    await handOff(source, ticket, proposal, attempt)
    outcome = 'proposed'
    detail = `draft ${proposal.kind === 'github' ? 'pull request' : 'patch'} ${proposal.url}`
  } catch (error) {
    if (error instanceof Stop) {
      outcome = error.outcome
      detail = error.detail
    } else {
      outcome = 'error'
      detail = message(error)
    }
  } finally {
    if (checkout) {
      try {
        await checkout.cleanup({ keepBranch: outcome === 'proposed' })
      } catch (error) {
        detail = `${detail}; clean-up failed: ${message(error)}`
      }
    }
  }
  return { record: await finish(), proposal }

  async function finish(): Promise<FixRunRecord> {
    const usage = agent?.usage ?? { ...EMPTY_USAGE, costUsd: 0 }
    const notes: string[] = []
    const attempt_ = attempt
    if (agent) {
      try {
        await source.recordAttempt(ticket, { attempt: attempt_, costUsd: usage.costUsd, outcome })
      } catch (error) {
        notes.push(`attempt not recorded: ${message(error)}`)
      }
    }
    if (outcome !== 'proposed') {
      try {
        await source.comment(ticket.id, {
          clientId: stableId('suture-fix', ticket.id, attempt_, outcome),
          body: commentFor(ticket, outcome, detail, attempt_, agent?.finalMessage ?? ''),
        })
        if (outcome === 'over-budget') await source.escalate(ticket.id, detail)
      } catch (error) {
        notes.push(`ticket not updated: ${message(error)}`)
      }
    }
    const record: FixRunRecord = {
      run_id: runId,
      ticket_id: ticket.id,
      ticket_identifier: ticket.identifier,
      cluster_key: ticket.clusterKey,
      attempt: attempt_,
      trigger_source: options.trigger,
      agent: runner.name,
      repo: config.repo,
      branch,
      base_commit: checkout?.baseCommit ?? null,
      head_commit: headCommit,
      worker,
      started: started.toISOString(),
      finished: now().toISOString(),
      stages,
      outcome,
      detail: notes.length > 0 ? `${detail}; ${notes.join('; ')}` : detail,
      cost_usd: usage.costUsd,
      tokens: {
        input: usage.inputTokens,
        output: usage.outputTokens,
        cache_read: usage.cacheReadInputTokens,
        cache_creation: usage.cacheCreationInputTokens,
      },
      proposal_url: proposal?.url ?? null,
      review_outcome: null,
      regressions_detected_24h: null,
      ...(outcome === 'proposed' && reviewDetails ? { review_details: reviewDetails } : {}),
    }
    await options.outcomes.record(record)
    progress('done', `${outcome}${proposal ? ` ${proposal.url}` : ''}`)
    return record
  }
}

async function handOff(
  source: TicketSource,
  ticket: FixTicket,
  proposal: Proposal,
  attempt: number,
): Promise<void> {
  await source.comment(ticket.id, {
    clientId: stableId('suture-fix', ticket.id, attempt, 'proposed'),
    body: `**Suture fixer, attempt ${attempt}:** proposed a fix for review — ${proposal.url}\n\nIt is a draft: a person reviews and merges it.`,
  })
  await source.moveToReview(ticket.id, {
    url: proposal.url,
    title: `Suture fix proposal (attempt ${attempt})`,
  })
}

interface WatchInput {
  readonly cwd: string
  readonly prompt: string
  readonly env: Readonly<Record<string, string>>
  readonly maxCostUsd: number
  readonly config: FixConfig
  readonly signal?: AbortSignal | undefined
}

/**
 * Runs the agent under the harness's own watchdog, independent of the runner's: no activity for
 * `idleTimeoutMs` or past `wallClockMs` aborts it, and so does any reported command on the banned list.
 * A runner that ignores the abort is not waited for past a short grace period.
 */
async function watchAgent(
  runner: AgentRunner,
  input: WatchInput,
  progress: (stage: FixStage, detail: string) => void,
): Promise<AgentRunResult> {
  const controller = new AbortController()
  let killedFor: { stop: 'idle' | 'wall-clock' | 'banned-command'; detail: string } | null = null
  const kill = (stop: 'idle' | 'wall-clock' | 'banned-command', detail: string) => {
    if (killedFor) return
    killedFor = { stop, detail }
    controller.abort(new Error(detail))
  }
  const onCancel = () => controller.abort(input.signal?.reason)
  input.signal?.addEventListener('abort', onCancel, { once: true })
  let lastActivity = Date.now()
  const startedAt = new Date()
  const tick = Math.max(20, Math.min(1_000, Math.floor(input.config.idleTimeoutMs / 4)))
  const watchdog = setInterval(() => {
    const idle = Date.now() - lastActivity
    if (idle >= input.config.idleTimeoutMs) kill('idle', `no activity for ${Math.round(idle / 1000)} s`)
    else if (Date.now() - startedAt.getTime() >= input.config.wallClockMs) {
      kill('wall-clock', `${Math.round(input.config.wallClockMs / 1000)} s cap`)
    }
  }, tick)
  let graceTimer: NodeJS.Timeout | undefined
  try {
    const run = runner.run({
      cwd: input.cwd,
      prompt: input.prompt,
      env: input.env,
      signal: controller.signal,
      idleTimeoutMs: input.config.idleTimeoutMs,
      wallClockMs: input.config.wallClockMs,
      maxCostUsd: input.maxCostUsd,
      maxTurns: input.config.maxTurns,
      onActivity: (activity) => {
        lastActivity = Date.now()
        if (activity.kind === 'tool') {
          const banned = bannedCommand(activity.detail, input.cwd)
          if (banned) kill('banned-command', `${banned.rule} (${banned.command.slice(0, 200)})`)
          progress('agent', activity.detail.slice(0, 120))
        }
      },
    })
    const grace = new Promise<never>((_, reject) => {
      controller.signal.addEventListener(
        'abort',
        () => {
          graceTimer = setTimeout(
            () => reject(new Error('the agent did not stop within 10 s of being killed')),
            10_000,
          )
        },
        { once: true },
      )
    })
    let result: AgentRunResult
    try {
      result = await Promise.race([run, grace])
    } catch (error) {
      if (!killedFor) throw error
      result = {
        stop: 'error',
        detail: message(error),
        finalMessage: '',
        usage: { ...EMPTY_USAGE, costUsd: 0 },
        toolCalls: 0,
        edits: [],
        turns: 0,
        startedAt,
        finishedAt: new Date(),
      }
    }
    // The harness's verdict wins: a runner aborted by the watchdog may report a generic error.
    const verdict = killedFor as { stop: 'idle' | 'wall-clock' | 'banned-command'; detail: string } | null
    return verdict ? { ...result, stop: verdict.stop, detail: verdict.detail } : result
  } finally {
    clearInterval(watchdog)
    if (graceTimer) clearTimeout(graceTimer)
    input.signal?.removeEventListener('abort', onCancel)
  }
}
