import Anthropic from '@anthropic-ai/sdk'
import type { Database } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import {
  DEFAULT_JUDGE_MODEL,
  type JudgeBudget,
  type JudgeCache,
  type JudgedPair,
  type JudgeRun,
  type JudgeVerdict,
  judgeLinks,
} from '../dedup/claude-judge.js'
import type { NeedsConfirmationLink, PairDecision } from '../dedup/cluster.js'
import type { Signal } from '../dedup/signal.js'

/** The optional Claude judge of a triage run (`TriageConfig.judge`); without it every link goes to a person. */
export interface TriageJudgeConfig {
  readonly client: Anthropic
  /** Default `claude-haiku-4-5`. */
  readonly model?: string | undefined
  /** US dollars per project and triaged week, shared by every run of that week (the current-week job's too). */
  readonly budgetUsdPerWeek: number
  /** Verdicts below this confidence stay in the human queue (default 0.8). */
  readonly minConfidence?: number | undefined
}

/**
 * The judge for `suture triage` and the worker from an API key (or none: `undefined`, and people answer
 * every question). `budgetUsdPerWeek: 0` turns it off too.
 * @example
 * const judge = triageJudgeFrom({ apiKey: process.env.ANTHROPIC_API_KEY, budgetUsdPerWeek: 1 })
 * await runTriage({ db, projectId, week, config: { judge } })
 */
export function triageJudgeFrom(options: {
  readonly apiKey?: string | undefined
  readonly baseURL?: string | undefined
  readonly model?: string | undefined
  readonly budgetUsdPerWeek: number
  readonly minConfidence?: number | undefined
}): TriageJudgeConfig | undefined {
  if (!options.apiKey || !(options.budgetUsdPerWeek > 0)) return undefined
  return {
    client: new Anthropic({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    }),
    model: options.model,
    budgetUsdPerWeek: options.budgetUsdPerWeek,
    minConfidence: options.minConfidence,
  }
}

/** Verdicts kept in `pair_verdicts` by the two reports' content hash: a rerun never asks twice. */
export function pairVerdictCache(db: Kysely<Database>, projectId: string): JudgeCache {
  return {
    async get(key) {
      const row = await db
        .selectFrom('pair_verdicts')
        .select(['answer', 'confidence', 'reason'])
        .where('project_id', '=', projectId)
        .where('key', '=', key)
        .executeTakeFirst()
      return row ? { answer: row.answer, confidence: Number(row.confidence), reason: row.reason } : undefined
    },
    async set(key: string, verdict: JudgeVerdict, pair: JudgedPair) {
      await db
        .insertInto('pair_verdicts')
        .values({ project_id: projectId, key, model: pair.model, a: pair.a, b: pair.b, ...verdict })
        .onConflict((oc) => oc.columns(['project_id', 'key']).doNothing())
        .execute()
    },
  }
}

/**
 * The judge's budget per project and ISO week in `judge_spend`: a reservation is one conditional UPDATE,
 * so two runs of one week (the weekly job and the current-week job) cannot both take the last cent.
 */
export class WeeklyJudgeBudget implements JudgeBudget {
  constructor(
    private readonly db: Kysely<Database>,
    readonly projectId: string,
    readonly week: string,
    readonly limitUsd: number,
  ) {
    if (!Number.isFinite(limitUsd) || limitUsd < 0)
      throw new RangeError(
        `the judge's weekly budget must be a non-negative number of US dollars, not ${limitUsd}`,
      )
  }

  async reserve(usd: number): Promise<boolean> {
    await this.db
      .insertInto('judge_spend')
      .values({ project_id: this.projectId, week: this.week })
      .onConflict((oc) => oc.columns(['project_id', 'week']).doNothing())
      .execute()
    const taken = await this.db
      .updateTable('judge_spend')
      .set({ spent_usd: sql`spent_usd + ${usd}`, updated_at: new Date() })
      .where('project_id', '=', this.projectId)
      .where('week', '=', this.week)
      .where(sql<boolean>`spent_usd + ${usd} <= ${this.limitUsd}`)
      .returning('spent_usd')
      .executeTakeFirst()
    return taken !== undefined
  }

  async settle(reservedUsd: number, actualUsd: number): Promise<void> {
    const delta = actualUsd - reservedUsd
    if (delta === 0) return
    await this.db
      .updateTable('judge_spend')
      .set({ spent_usd: sql`greatest(0, spent_usd + ${delta})`, updated_at: new Date() })
      .where('project_id', '=', this.projectId)
      .where('week', '=', this.week)
      .execute()
  }

  /** What every run of this week has spent or reserved. */
  async spentUsd(): Promise<number> {
    const row = await this.db
      .selectFrom('judge_spend')
      .select('spent_usd')
      .where('project_id', '=', this.projectId)
      .where('week', '=', this.week)
      .executeTakeFirst()
    return Number(row?.spent_usd ?? 0)
  }
}

/** What the judge did in one triage run (stored in `triage_runs.stats.judge`). */
export interface TriageJudgeStats {
  readonly model: string
  readonly links: number
  readonly same: number
  readonly different: number
  readonly leftForPeople: number
  readonly cached: number
  readonly requests: number
  readonly invalid: number
  readonly spentUsd: number
  readonly stoppedByBudget: boolean
  readonly apiError?: string | undefined
}

/**
 * Asks the judge about a week's one-signal links and stores each confident answer as a pair decision by
 * `model:<id>`, beside people's answers. It never replaces an answer already there: a person's answer
 * always wins, and answering later replaces the model's.
 */
export async function judgeWeekLinks(input: {
  readonly db: Kysely<Database>
  readonly projectId: string
  readonly week: string
  readonly judge: TriageJudgeConfig
  readonly links: readonly NeedsConfirmationLink[]
  readonly signals: readonly Signal[]
  /** The cluster key of each link's cluster id, so later weeks carry the answer as a person's is. */
  readonly clusterKey: (clusterId: string) => string | undefined
  readonly now: Date
}): Promise<{ decisions: PairDecision[]; stats: TriageJudgeStats }> {
  const { db, projectId, judge } = input
  const model = judge.model ?? DEFAULT_JUDGE_MODEL
  const run: JudgeRun = await judgeLinks(input.links, input.signals, {
    client: judge.client,
    model,
    budget: new WeeklyJudgeBudget(db, projectId, input.week, judge.budgetUsdPerWeek),
    cache: pairVerdictCache(db, projectId),
    ...(judge.minConfidence !== undefined ? { minConfidence: judge.minConfidence } : {}),
  })
  const linkOf = new Map(input.links.map((l) => [`${l.a}\u0000${l.b}`, l]))
  for (const decision of run.decisions) {
    const link = linkOf.get(`${decision.a}\u0000${decision.b}`)
    const ordered = decision.a < decision.b
    const [a, b] = ordered ? [decision.a, decision.b] : [decision.b, decision.a]
    const [ca, cb] = link ? (ordered ? [link.clusterA, link.clusterB] : [link.clusterB, link.clusterA]) : []
    await db
      .insertInto('pair_decisions')
      .values({
        project_id: projectId,
        a,
        b,
        answer: decision.answer,
        cluster_a: ca ? (input.clusterKey(ca) ?? null) : null,
        cluster_b: cb ? (input.clusterKey(cb) ?? null) : null,
        decided_by: decision.decidedBy ?? `model:${model}`,
        decided_at: input.now,
      })
      .onConflict((oc) => oc.columns(['project_id', 'a', 'b']).doNothing())
      .execute()
  }
  return {
    decisions: run.decisions,
    stats: {
      model,
      links: input.links.length,
      same: run.decisions.filter((d) => d.answer === 'same').length,
      different: run.decisions.filter((d) => d.answer === 'different').length,
      leftForPeople: run.leftForPeople.length,
      cached: run.cached,
      requests: run.requests,
      invalid: run.invalid,
      spentUsd: Math.round(run.spentUsd * 1e6) / 1e6,
      stoppedByBudget: run.stoppedByBudget,
      ...(run.apiError !== undefined ? { apiError: run.apiError } : {}),
    },
  }
}
