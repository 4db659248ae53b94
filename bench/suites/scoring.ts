import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import {
  buildTimeline,
  costOf,
  createHeuristicScorer,
  estimateTokens,
  MODEL_PRICES,
  RUBRIC,
  type ScoringSession,
  scoreRequest,
} from '@suture/scorer'
import type { BenchSuite } from '../suite.js'

// Real sessions (UCI Online Shoppers, dev split) when the shared data sits beside the repo.
const DATA = path.resolve(
  import.meta.dirname,
  '../../../shared/data/scoring/online_shoppers_dev_sessions.jsonl',
)

function loadSessions(): ScoringSession[] {
  return readFileSync(DATA, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      const line = JSON.parse(l) as { session_id: string; events: ScoringSession['events'] }
      return { sessionId: line.session_id, events: line.events }
    })
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

/** The cheapest loop that still touches every event the way a scorer must: parse each timestamp. */
function iterateOnly(sessions: readonly ScoringSession[]): number {
  let sum = 0
  for (const s of sessions) for (const e of s.events) sum += Date.parse(e.ts) + e.event.length
  return sum
}

export const scoringSuite: BenchSuite = {
  name: 'scoring',
  async run(log) {
    if (!existsSync(DATA)) {
      log(`skipped: ${DATA} not found (the shared data sets sit beside the repository in CI)`)
      return
    }
    const base = loadSessions()
    const repeat = Math.max(1, Math.ceil(50_000 / base.length))
    const sessions = Array.from({ length: repeat }, () => base).flat()
    const events = sessions.reduce((n, s) => n + s.events.length, 0)
    const scorer = createHeuristicScorer()
    // Warm up both loops so the JIT has compiled them before timing.
    for (const s of base) scorer.scoreSync(s)
    iterateOnly(base)
    const time = (fn: () => void) => {
      const times: number[] = []
      for (let i = 0; i < 5; i++) {
        const start = performance.now()
        fn()
        times.push(performance.now() - start)
      }
      times.sort((a, b) => a - b)
      return times[2] as number
    }
    const baselineMs = time(() => iterateOnly(sessions))
    const heuristicMs = time(() => {
      for (const s of sessions) scorer.scoreSync(s)
    })
    const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en')
    log(
      `heuristic scorer: ${perSecond(sessions.length, heuristicMs)} sessions/s over ${sessions.length.toLocaleString('en')} sessions ` +
        `(${events.toLocaleString('en')} events, ${perSecond(events, heuristicMs)} events/s; aim ≥ 20,000 sessions/s)`,
    )
    log(
      `baseline (parse + iterate events only): ${perSecond(sessions.length, baselineMs)} sessions/s — ` +
        `scoring costs ${(heuristicMs / baselineMs).toFixed(1)}× the bare iteration`,
    )

    // Tokens: ~4 characters per token (Anthropic's rule of thumb; the API's usage is what is billed).
    const fixed =
      estimateTokens(RUBRIC) +
      estimateTokens(JSON.stringify(scoreRequest('', { model: 'x', maxTokens: 1 }).tools))
    const timelines = base.map((s) => buildTimeline(s).estimatedTokens).sort((a, b) => a - b)
    const prompts = base
      .map((s) => {
        const request = scoreRequest(buildTimeline(s).text, { model: 'claude-haiku-4-5', maxTokens: 400 })
        return fixed + estimateTokens(JSON.stringify(request.messages))
      })
      .sort((a, b) => a - b)
    const naive = base.map((s) => estimateTokens(JSON.stringify(s.events))).sort((a, b) => a - b)
    log(
      `Claude prompt input tokens per session (est.): median ${quantile(prompts, 0.5)}, p95 ${quantile(prompts, 0.95)} ` +
        `(rubric + tool ${fixed}, cached after the first call; uncached per session: median ${quantile(prompts, 0.5) - fixed}, ` +
        `p95 ${quantile(prompts, 0.95) - fixed}, aim median ≤ 1,500; timeline median ${quantile(timelines, 0.5)}, p95 ${quantile(timelines, 0.95)})`,
    )
    log(
      `baseline (raw event JSON in the prompt): median ${quantile(naive, 0.5)}, p95 ${quantile(naive, 0.95)} tokens — ` +
        `the timeline is ${(quantile(naive, 0.5) / quantile(timelines, 0.5)).toFixed(1)}× smaller at the median`,
    )
    const price = MODEL_PRICES['claude-haiku-4-5']
    if (price) {
      const median = quantile(prompts, 0.5)
      const uncached = costOf(
        { inputTokens: median, outputTokens: 150, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
        price,
      )
      const cached = costOf(
        {
          inputTokens: median - fixed,
          outputTokens: 150,
          cacheCreationInputTokens: 0,
          cacheReadInputTokens: fixed,
        },
        price,
      )
      log(
        `claude-haiku-4-5 cost per 1k sessions at the median (150 output tokens): $${(uncached * 1000).toFixed(2)} direct, ` +
          `$${(cached * 1000).toFixed(2)} with the rubric cached, $${(uncached * 500).toFixed(2)} via batches`,
      )
    }
  },
}
