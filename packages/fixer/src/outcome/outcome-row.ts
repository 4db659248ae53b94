import { appendFile, mkdir } from 'node:fs/promises'
import path from 'node:path'

export type FixOutcome =
  | 'proposed'
  | 'cannot-reproduce'
  | 'scope-exceeded'
  | 'failed-tests'
  | 'killed'
  | 'over-budget'
  | 'error'

export const FIX_OUTCOMES: readonly FixOutcome[] = [
  'proposed',
  'cannot-reproduce',
  'scope-exceeded',
  'failed-tests',
  'killed',
  'over-budget',
  'error',
]

export type FixTrigger = 'manual' | 'schedule'

/** One stage of a run, in the outcome log's shape (tokens, tool calls, edits), plus how long and how it ended. */
export interface StageRecord {
  readonly tokens: number
  readonly tool_calls: number
  readonly edits: number
  readonly ms: number
  readonly ok: boolean
  readonly detail?: string | undefined
}

/**
 * One row per run (the outcome log of seed 002): snake_case so the JSONL and the `fix_runs` table read
 * the same. `review_outcome` and `regressions_detected_24h` start null and are completed later.
 */
export interface FixRunRecord {
  readonly run_id: string
  readonly ticket_id: string
  readonly ticket_identifier: string
  readonly cluster_key: string
  readonly attempt: number
  readonly trigger_source: FixTrigger
  readonly agent: string
  readonly repo: string
  readonly branch: string
  readonly base_commit: string | null
  readonly head_commit: string | null
  readonly worker: number
  readonly started: string
  readonly finished: string
  readonly stages: Readonly<Record<string, StageRecord>>
  readonly outcome: FixOutcome
  readonly detail: string
  readonly cost_usd: number
  readonly tokens: {
    readonly input: number
    readonly output: number
    readonly cache_read: number
    readonly cache_creation: number
  }
  readonly proposal_url: string | null
  /** merged | redirected | closed-wrong-tree, once a person reviewed the proposal. */
  readonly review_outcome: string | null
  readonly regressions_detected_24h: boolean | null
  /** What the Review page shows of a proposal: the agent's reasoning, fails-before/passes-after, the diff. */
  readonly review_details?:
    | {
        readonly reasoning: string
        readonly evidence: readonly {
          readonly test: string
          readonly before: { readonly code: number | null; readonly tail: string }
          readonly after: { readonly code: number | null; readonly tail: string }
        }[]
        readonly diff: string
      }
    | undefined
}

/** Where outcome rows go: the JSONL log, the database (`fix_runs`), or both. */
export interface OutcomeSink {
  record(row: FixRunRecord): Promise<void>
}

/** Appends each row as one JSON line (the long-term archive; one file for all runs). */
export class JsonlOutcomeLog implements OutcomeSink {
  constructor(readonly file: string) {}

  async record(row: FixRunRecord): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true })
    await appendFile(this.file, `${JSON.stringify(row)}\n`, 'utf8')
  }
}

/** Sends each row to every sink, in order; a failing sink does not stop the others (each error is rethrown after). */
export function fanOut(...sinks: OutcomeSink[]): OutcomeSink {
  return {
    async record(row) {
      const errors: unknown[] = []
      for (const sink of sinks) {
        try {
          await sink.record(row)
        } catch (error) {
          errors.push(error)
        }
      }
      if (errors.length > 0) throw new AggregateError(errors, `outcome row ${row.run_id} not fully recorded`)
    },
  }
}
