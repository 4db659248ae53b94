import {
  CostBudget,
  createClaudeScorer,
  createHeuristicScorer,
  type Scorer,
  UnknownModelPriceError,
} from '@suture/scorer'
import { type CommandContext, UsageError } from '../command.js'
import type { SutureConfig } from '../config/schema.js'
import { stringOption } from '../storage-options.js'

export const SCORER_OPTIONS = {
  scorer: { type: 'string', description: 'heuristic or claude (default heuristic)' },
  model: { type: 'string', description: 'claude: the Claude model (default anthropic.model of the config)' },
  'budget-usd': {
    type: 'string',
    description: 'claude: spend at most this many US dollars (default anthropic.budgetUsd)',
  },
} as const

/**
 * `--scorer heuristic|claude` (default heuristic), with Claude's budget in US dollars (`--budget-usd`, else
 * `anthropic.budgetUsd`). `budget: 'per-run'` puts it on this process (file scoring, no database);
 * `'nightly'` leaves it to the caller, which shares it per project and night through the database.
 */
export function scorerFromOptions(
  ctx: CommandContext,
  config: SutureConfig,
  options: { budget?: 'per-run' | 'nightly' } = {},
): { scorer: Scorer; budget: CostBudget | undefined; budgetUsd: number | undefined; warnings: string[] } {
  const name = stringOption(ctx, 'scorer') ?? 'heuristic'
  if (name === 'heuristic') {
    return { scorer: createHeuristicScorer(), budget: undefined, budgetUsd: undefined, warnings: [] }
  }
  if (name !== 'claude') throw new UsageError(`--scorer must be heuristic or claude, not '${name}'`)
  const apiKey = config.anthropic.apiKey
  if (!apiKey) {
    throw new UsageError(
      '--scorer claude needs an Anthropic API key: set ANTHROPIC_API_KEY (or anthropic.apiKey)',
    )
  }
  const rawBudget = stringOption(ctx, 'budget-usd')
  const budgetUsd = rawBudget === undefined ? config.anthropic.budgetUsd : Number(rawBudget)
  if (!Number.isFinite(budgetUsd) || budgetUsd < 0) {
    throw new UsageError(`--budget-usd must be a non-negative number of US dollars, not '${rawBudget}'`)
  }
  const budget = options.budget === 'nightly' ? undefined : new CostBudget(budgetUsd)
  let scorer: ReturnType<typeof createClaudeScorer>
  try {
    scorer = createClaudeScorer({
      apiKey,
      ...(config.anthropic.baseUrl ? { baseURL: config.anthropic.baseUrl } : {}),
      model: stringOption(ctx, 'model') ?? config.anthropic.model,
      ...(budget ? { budget } : {}),
    })
  } catch (error: unknown) {
    // An unpriced (or retired) model: say which models are priced instead of guessing its cost.
    if (error instanceof UnknownModelPriceError) throw new UsageError(error.message)
    throw error
  }
  return { scorer, budget, budgetUsd, warnings: [] }
}

/** Parses `--since` as an ISO date/time or a relative `7d` / `12h`. */
export function parseSince(value: string | undefined, now = new Date()): Date | undefined {
  if (value === undefined) return undefined
  const relative = /^(\d+)\s*([dh])$/.exec(value)
  if (relative) {
    const n = Number(relative[1])
    return new Date(now.getTime() - n * (relative[2] === 'd' ? 86_400_000 : 3_600_000))
  }
  const t = Date.parse(value)
  if (!Number.isFinite(t))
    throw new UsageError(`--since must be an ISO date (2026-03-01) or like 7d / 12h, not '${value}'`)
  return new Date(t)
}
