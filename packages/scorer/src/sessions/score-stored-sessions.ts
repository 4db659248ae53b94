import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import {
  BATCH_FRAMING_BYTES,
  batchEntry,
  batchEntryBytes,
  DEFAULT_BATCH_THRESHOLD,
  MAX_BATCH_BYTES,
  MAX_BATCH_REQUESTS,
  readBatchResults,
  submitScoringBatch,
  waitForBatch,
} from '../anthropic/batch.js'
import type { CostBudget } from '../anthropic/budget.js'
import { type ClaudeScorer, customIdFor } from '../anthropic/claude-scorer.js'
import { NightlyBudget } from '../anthropic/nightly-budget.js'
import type { Scorer } from '../scoring/scorer.js'
import { closeIdleSessions } from './close-idle-sessions.js'
import { loadSessions, type SessionKey, type StoredSession } from './load-sessions.js'
import { pendingSessions } from './pending-sessions.js'
import { alreadyScored, withSessionClaims } from './session-claims.js'
import { type ScoreToStore, storeScores } from './store-scores.js'

export interface ScoreStoredOptions {
  readonly scorer: Scorer
  /** Only sessions that ended at or after this time. */
  readonly since?: Date | undefined
  /** The run's cut-off: sessions must have ended (gone idle) before it. Default now. */
  readonly now?: Date | undefined
  readonly idleMinutes?: number | undefined
  /** Re-score sessions that already have a score of this version. */
  readonly force?: boolean | undefined
  readonly projectId?: string | undefined
  /** The run's budget (the Claude scorer checks the same one before each request). */
  readonly budget?: CostBudget | undefined
  /**
   * Claude only: the budget per project for the night `night` (the job's run key), shared through the
   * database by every run that night, so two runs at once split one budget instead of each spending it.
   */
  readonly nightlyBudget?: { readonly night: string; readonly limitUsd: number } | undefined
  /** Claude only: at least this many pending sessions go through the Message Batches API. */
  readonly batchThreshold?: number | undefined
  readonly batchPollIntervalMs?: number | undefined
  /** Claude only: the most bytes one batch may carry (default `MAX_BATCH_BYTES`, under the API's 256 MB). */
  readonly maxBatchBytes?: number | undefined
  /** Claude only: sessions scored at once without batches. */
  readonly concurrency?: number | undefined
  readonly runId?: number | undefined
  readonly pageSize?: number | undefined
  readonly onProgress?: ((done: number, total: number) => void) | undefined
  readonly log?: ((line: string) => void) | undefined
  readonly signal?: AbortSignal | undefined
  /**
   * Claim sessions before scoring them (Postgres advisory locks), so runs at once split the work. On for
   * Postgres in the job and `suture score`; PGlite is one process and needs none.
   */
  readonly claimSessions?: boolean | undefined
}

export interface ScoreRunSummary {
  readonly closedSessions: number
  readonly pending: number
  readonly scored: number
  readonly failed: number
  /** Left for the next run: retryable errors, budget stop. */
  readonly left: number
  readonly costUsd: number
  /** Cost per 1,000 sessions scored in this run (NaN when none were). */
  readonly costPer1kSessions: number
  readonly batches: readonly string[]
  /** Why the run stopped early, when it did. */
  readonly budgetStop: string | undefined
  /** Pending sessions another run at the same time claimed or scored first. */
  readonly claimedElsewhere: number
}

export function isClaudeScorer(scorer: Scorer): scorer is ClaudeScorer {
  return 'finish' in scorer && 'client' in scorer && 'request' in scorer
}

/**
 * The scoring run shared by `suture score` and the nightly job: closes idle sessions, resumes Claude
 * batches a crashed run left, then scores every ended session without a score of this version. Each page
 * is committed as it is scored, so a crash loses at most the page in flight and a rerun scores nothing
 * twice.
 */
export async function scoreStoredSessions(
  db: Kysely<Database>,
  options: ScoreStoredOptions,
): Promise<ScoreRunSummary> {
  const { scorer } = options
  const log = options.log ?? (() => {})
  const now = options.now ?? new Date()
  const closedSessions = await closeIdleSessions(db, {
    now,
    ...(options.idleMinutes !== undefined ? { idleMinutes: options.idleMinutes } : {}),
  })
  let scored = 0
  let failed = 0
  let left = 0
  let costUsd = 0
  const batches: string[] = []
  const tally = async (items: ScoreToStore[]) => {
    await storeScores(db, scorer, items, { force: options.force === true, runId: options.runId })
    for (const { result } of items) {
      costUsd += result.costUsd
      if (result.ok) scored++
      else if (result.retryable) left++
      else failed++
    }
  }

  const claude = isClaudeScorer(scorer) ? scorer : undefined
  const nightly =
    claude && options.nightlyBudget
      ? new NightlyBudget(db, options.nightlyBudget.night, options.nightlyBudget.limitUsd)
      : undefined
  if (claude) {
    for (const batchId of await openBatches(db, claude.version)) {
      log(`resuming Claude batch ${batchId} left by an earlier run`)
      await collectBatch(db, claude, batchId, options, tally)
      batches.push(batchId)
    }
  }

  const scope = `suture.score:${scorer.name}@${scorer.version}`
  return withSessionClaims(db, scope, options.claimSessions === true, async (claims) => {
    let claimedElsewhere = 0
    // Claims what no other run holds and that nobody scored since the pending list was read.
    const claimUnscored = async (keys: readonly SessionKey[]): Promise<SessionKey[]> => {
      const claimed = await claims.claim(keys)
      if (options.claimSessions !== true || options.force === true) return claimed
      const scoredMeanwhile = await alreadyScored(db, scorer, claimed)
      const fresh = claimed.filter((k) => !scoredMeanwhile.has(`${k.projectId}/${k.sessionId}`))
      await claims.release(claimed.filter((k) => scoredMeanwhile.has(`${k.projectId}/${k.sessionId}`)))
      claimedElsewhere += keys.length - fresh.length
      return fresh
    }
    const pending = await pendingSessions(db, {
      scorer: scorer.name,
      version: scorer.version,
      since: options.since,
      force: options.force,
      projectId: options.projectId,
    })
    log(`${pending.length} ended sessions to score with ${scorer.name}@${scorer.version}`)
    const total = pending.length
    let done = 0
    options.onProgress?.(0, total)
    const pageSize = options.pageSize ?? 200
    const threshold = options.batchThreshold ?? DEFAULT_BATCH_THRESHOLD

    if (claude && total >= threshold) {
      // Batches: half price; as many sessions per batch as the budget and the API's limits allow.
      const maxBytes = options.maxBatchBytes ?? MAX_BATCH_BYTES
      let index = 0
      while (index < total && !options.signal?.aborted) {
        const chunk = pending.slice(index, index + Math.min(10_000, MAX_BATCH_REQUESTS))
        const claimedChunk = await claimUnscored(chunk)
        const sessions = await loadSessions(db, claimedChunk)
        const affordable: StoredSession[] = []
        // custom_id must be unique in a batch: the same session id in two projects waits for the next one.
        const customIds = new Set<string>()
        let estimate = 0
        let bytes = BATCH_FRAMING_BYTES
        let budgetHit = false
        const reserved = new Map<string, number>()
        for (const session of sessions) {
          const customId = customIdFor(session.sessionId)
          if (customIds.has(customId)) break
          // Every entry carries the whole rubric: thousands of them reach the 256 MB limit before 100,000.
          const entryBytes = batchEntryBytes(batchEntry(claude, session))
          if (affordable.length > 0 && bytes + entryBytes > maxBytes) break
          const cost = claude.estimateCostUsd(session, true)
          if (options.budget && !options.budget.canAfford(estimate + cost)) {
            budgetHit = true
            break
          }
          // A project over tonight's budget waits for the next night; the others go on.
          if (nightly) {
            if (!(await nightly.reserve(session.projectId, cost))) continue
            reserved.set(`${session.projectId}/${session.sessionId}`, cost)
          }
          customIds.add(customId)
          estimate += cost
          bytes += entryBytes
          affordable.push(session)
        }
        if (affordable.length === 0) {
          await claims.release(claimedChunk)
          // Every claimed session belongs to a project over tonight's budget: move on to the next chunk.
          const allOverBudget =
            !budgetHit && claimedChunk.length > 0 && claimedChunk.every((k) => nightly?.refuses(k.projectId))
          if (allOverBudget) {
            index += chunk.length
            continue
          }
          break
        }
        const submission = await submitScoringBatch(claude, affordable, {
          maxBytes: Math.max(maxBytes, bytes),
        })
        await db
          .insertInto('claude_batches')
          .values({
            id: submission.batchId,
            scorer_version: claude.version,
            model: claude.model,
            sessions: JSON.stringify(affordable.map((s) => [s.projectId, s.sessionId])),
            status: 'submitted',
            run_id: options.runId ?? null,
            estimated_cost_usd: estimate,
          })
          .execute()
        log(
          `submitted Claude batch ${submission.batchId} with ${affordable.length} sessions, ${(bytes / 1e6).toFixed(1)} MB (est. $${estimate.toFixed(4)})`,
        )
        batches.push(submission.batchId)
        await collectBatch(db, claude, submission.batchId, options, async (items) => {
          for (const { projectId, sessionId, result } of items) {
            await nightly?.settle(projectId, reserved.get(`${projectId}/${sessionId}`) ?? 0, result.costUsd)
          }
          await tally(items)
        })
        await claims.release(claimedChunk)
        // Go on after the last submitted session; claimed ones not submitted come round again, except those
        // of a project over tonight's budget, which wait for the next night.
        const submitted = new Set(affordable.map((a) => `${a.projectId}/${a.sessionId}`))
        const firstLeft = claimedChunk.find(
          (k) => !submitted.has(`${k.projectId}/${k.sessionId}`) && !nightly?.refuses(k.projectId),
        )
        const advance =
          firstLeft === undefined
            ? chunk.length
            : chunk.findIndex(
                (k) => k.projectId === firstLeft.projectId && k.sessionId === firstLeft.sessionId,
              )
        index += Math.max(advance, 1)
        done += affordable.length
        options.onProgress?.(done, total)
        if (budgetHit) break
      }
      left += Math.max(0, total - done - claimedElsewhere)
    } else {
      const concurrency = claude ? (options.concurrency ?? 4) : 1
      for (let index = 0; index < total; index += pageSize) {
        if (options.signal?.aborted || options.budget?.exhausted) break
        const page = await claimUnscored(pending.slice(index, index + pageSize))
        const sessions = await loadSessions(db, page)
        const items: ScoreToStore[] = []
        for (let i = 0; i < sessions.length; i += concurrency) {
          if (options.budget?.exhausted) break
          const group = sessions.slice(i, i + concurrency)
          const results = await Promise.all(
            group.map(async (s) => {
              // Reserve the pessimistic estimate from tonight's budget, then settle it to the real cost.
              const estimate = nightly && claude ? claude.estimateCostUsd(s) : 0
              if (nightly && !(await nightly.reserve(s.projectId, estimate))) return undefined
              const result = await scorer.score(s, options.signal ? { signal: options.signal } : {})
              await nightly?.settle(s.projectId, estimate, result.costUsd)
              return result
            }),
          )
          group.forEach((s, j) => {
            const result = results[j]
            if (result) items.push({ projectId: s.projectId, sessionId: s.sessionId, result })
          })
        }
        await tally(items)
        await claims.release(page)
        done += items.length
        options.onProgress?.(done + claimedElsewhere, total)
      }
      left += Math.max(0, total - done - claimedElsewhere)
    }

    const budgetStop = options.budget?.exhausted ?? nightly?.exhausted
    if (budgetStop) log(`stopped: ${budgetStop}`)
    return {
      closedSessions,
      pending: total,
      scored,
      failed,
      left,
      costUsd,
      costPer1kSessions: scored + failed > 0 ? (costUsd / (scored + failed)) * 1000 : Number.NaN,
      batches,
      budgetStop,
      claimedElsewhere,
    }
  })
}

async function openBatches(db: Kysely<Database>, version: string): Promise<string[]> {
  const rows = await db
    .selectFrom('claude_batches')
    .select('id')
    .where('status', '=', 'submitted')
    .where('scorer_version', '=', version)
    .orderBy('created_at')
    .execute()
  return rows.map((r) => r.id)
}

async function collectBatch(
  db: Kysely<Database>,
  claude: ClaudeScorer,
  batchId: string,
  options: ScoreStoredOptions,
  tally: (items: ScoreToStore[]) => Promise<void>,
): Promise<void> {
  const row = await db
    .selectFrom('claude_batches')
    .select('sessions')
    .where('id', '=', batchId)
    .executeTakeFirstOrThrow()
  const keys: SessionKey[] = row.sessions.map(([projectId, sessionId]) => ({ projectId, sessionId }))
  const sessions = await loadSessions(db, keys)
  await waitForBatch(claude, batchId, {
    ...(options.batchPollIntervalMs !== undefined ? { pollIntervalMs: options.batchPollIntervalMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onPoll: (b) =>
      options.log?.(`batch ${batchId}: ${b.processing_status}, ${b.request_counts.processing} processing`),
  })
  // Session ids are unique within a batch (see the submit loop), so each result maps to one project.
  const projectOf = new Map(sessions.map((s) => [s.sessionId, s.projectId]))
  const items: ScoreToStore[] = []
  for await (const { sessionId, result } of readBatchResults(claude, batchId, sessions)) {
    const projectId = projectOf.get(sessionId)
    if (projectId !== undefined) items.push({ projectId, sessionId, result })
  }
  await tally(items)
  await db
    .updateTable('claude_batches')
    .set({ status: 'collected', collected_at: new Date() })
    .where('id', '=', batchId)
    .execute()
}
