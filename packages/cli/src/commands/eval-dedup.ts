import path from 'node:path'
import {
  DEFAULT_JUDGE_MODEL,
  type DedupEvaluation,
  evaluateDedup,
  evaluateJudgedQueue,
  type Interval,
  type JudgedQueueReport,
  type LabelledSignal,
  parseSignalInput,
  type QueueEvaluation,
  RECALL_KS,
  triageJudgeFrom,
} from '@suture/pm-agent'
import { type Command, UsageError } from '../command.js'
import { loadConfig } from '../config/load.js'
import { stringOption } from '../storage-options.js'
import { readJsonLines, SignalLineError } from './dedup-io.js'

const f3 = (x: number) => x.toFixed(3)
const interval = (i: Interval) => `[${f3(i.low)}, ${f3(i.high)}]`

function row(name: string, e: DedupEvaluation): string {
  return [
    name.padEnd(10),
    `${f3(e.pairwise.precision)} ${f3(e.pairwise.recall)} ${f3(e.pairwise.f1)}`.padEnd(20),
    `${f3(e.bcubed.precision)} ${f3(e.bcubed.recall)} ${f3(e.bcubed.f1)}`.padEnd(20),
    RECALL_KS.map((k) => f3(e.recallRate[k] ?? 0)).join(' '),
  ].join(' ')
}

function recallRow(name: string, e: DedupEvaluation): string {
  return `  ${name.padEnd(8)} ${RECALL_KS.map((k) => `@${k} ${f3(e.recallRate[k] ?? 0)} ${interval(e.recallRateInterval[k] as Interval)}`).join('   ')}`
}

function queueRow(name: string, q: QueueEvaluation): string {
  const precision = Number.isNaN(q.precision)
    ? '    –'.padEnd(21)
    : `${f3(q.precision)} ${interval(q.precisionInterval)}`
  return `  ${name.padEnd(52)} ${String(q.asked).padStart(5)} ${String(q.askedTrue).padStart(5)}  ${precision}   ${q.surfaced} / ${q.duplicatePairs} = ${f3(q.surfacedShare)} ${interval(q.surfacedInterval)}`
}

/** `suture eval dedup`: clustering, the confirmation queue and related-report ranking against a `group` label. */
export const evalDedupCommand: Command = {
  name: 'dedup',
  summary:
    'Pairwise, B-cubed, the confirmation queue and recall-rate@1/5/10 of dedup against a `group` label, beside TF-IDF',
  usage: [
    'suture eval dedup --in labelled.jsonl [--text-alone Infinity] [--baseline-threshold 0.5] [--judge [--model M] [--budget-usd 1]] [--json]',
  ],
  options: {
    in: { type: 'string', description: 'dedup: labelled signals, one JSON object a line (required)' },
    'text-alone': {
      type: 'string',
      description: 'dedup: text similarity that groups on its own (default Infinity: off)',
    },
    'baseline-threshold': {
      type: 'string',
      description: 'dedup: threshold of the plain text-similarity baseline (default 0.5)',
    },
    judge: {
      type: 'boolean',
      description: 'dedup: ask Claude about every one-signal pair (needs ANTHROPIC_API_KEY)',
    },
    model: { type: 'string', description: 'dedup --judge: the Claude model to ask' },
    'budget-usd': { type: 'string', description: 'dedup --judge: stop asking past this many US dollars' },
    json: { type: 'boolean', description: 'print the figures as JSON' },
  },
  async run(ctx) {
    const input = stringOption(ctx, 'in')
    if (!input) throw new UsageError('--in is required (JSON lines with a `group` label)')
    const file = path.resolve(ctx.cwd, input)
    const labelled: LabelledSignal[] = []
    for await (const { line, value } of readJsonLines(file)) {
      const record = value as { group?: unknown; created?: unknown; createdAt?: unknown }
      if (
        typeof record !== 'object' ||
        record === null ||
        (typeof record.group !== 'string' && typeof record.group !== 'number')
      ) {
        throw new SignalLineError(path.basename(file), line, 'group: expected a string or number label')
      }
      const withTime =
        record.createdAt === undefined && record.created !== undefined
          ? { ...record, createdAt: record.created }
          : record
      const parsed = parseSignalInput(withTime)
      if (!parsed.ok) throw new SignalLineError(path.basename(file), line, parsed.problem)
      labelled.push({ signal: parsed.signal, group: String(record.group) })
    }
    const textAlone = stringOption(ctx, 'text-alone')
    const baselineThreshold = stringOption(ctx, 'baseline-threshold')
    const report = evaluateDedup(labelled, {
      ...(textAlone ? { thresholds: { textAlone: Number(textAlone) } } : {}),
      ...(baselineThreshold ? { baselineThreshold: Number(baselineThreshold) } : {}),
    })
    const judged = ctx.values.judge === true ? await runJudge(ctx, labelled, report) : undefined
    if (ctx.values.json === true) {
      ctx.stdout.write(`${JSON.stringify({ ...report, ...(judged ? { judged } : {}) }, null, 2)}\n`)
      return 0
    }
    const s = report.suture
    ctx.stdout.write(
      [
        `${s.records} records, ${s.groups} groups, ${s.duplicateQueries} reports with an earlier duplicate`,
        '',
        `${''.padEnd(10)} ${'pairwise P R F1'.padEnd(20)} ${'B-cubed P R F1'.padEnd(20)} recall-rate@1 @5 @10`,
        row('suture', s),
        row('tf-idf', report.baseline),
        '',
        `similar-report retrieval over ${s.duplicateQueries} queries, 95 % bootstrap intervals (queries resampled):`,
        recallRow('suture', s),
        recallRow('tf-idf', report.baseline),
        `  margin   ${RECALL_KS.map((k) => {
          const m = report.recallMargin[k] as Interval
          return `@${k} ${m.estimate >= 0 ? '+' : ''}${f3(m.estimate)} ${interval(m)}`
        }).join('   ')}  (paired: same queries)`,
        '',
        `human-confirmation queue (policy: ≤ ${report.queue.policy.maxPerWeek} per week, calibrated P ≥ ${report.queue.policy.minProbability}; 95 % Wilson intervals):`,
        `  ${''.padEnd(52)} ${'asked'.padStart(5)} ${'true'.padStart(5)}  ${'precision'.padEnd(21)}   duplicate pairs surfaced`,
        queueRow('every one-signal link (no calibration, no cap)', report.queue.allLinks),
        queueRow('policy, shipped calibration (fit here: in-sample)', report.queue.shipped),
        queueRow(
          `policy, ${report.queue.folds.length}-fold cross-validated (held out)`,
          report.queue.crossValidated,
        ),
        `  per fold, chosen on the other folds: P ≥ ${report.queue.folds.map((fold) => fold.minProbability).join(' / ')}; held-out links (true) ${report.queue.folds.map((fold) => `${fold.heldOutLinks} (${fold.heldOutTrue})`).join(' / ')}`,
        `  per fold, text-link calibration (score / ln(1 + days apart) / neighbourhood density): ${report.queue.folds
          .map((fold) => {
            const c = fold.calibration.semantics
            return `${c.slope.toFixed(2)} ${c.gapSlope.toFixed(2)} ${(c.densitySlope ?? 0).toFixed(2)}`
          })
          .join(' / ')}`,
        `  goal (issue 17): held-out precision ≥ 0.5 while surfacing ≥ 0.25 of duplicate pairs — ${
          report.queue.crossValidated.precision >= 0.5 && report.queue.crossValidated.surfacedShare >= 0.25
            ? 'met'
            : 'not met'
        }`,
        '',
        ...(judged ? judgeLines(judged) : []),
        `suture text signal: BM25F (title ×2, k1 1.2, b 0.75) over words, character 4-grams and code/stack tokens`,
        `tf-idf baseline: word TF-IDF cosine, all pairs, connected components at ≥ ${report.baselineThreshold}`,
        '',
      ].join('\n'),
    )
    return 0
  },
}

/** `--judge`: Claude reads every one-signal link (needs ANTHROPIC_API_KEY; `--budget-usd`, default $1). */
async function runJudge(
  ctx: Parameters<Command['run']>[0],
  labelled: readonly LabelledSignal[],
  report: ReturnType<typeof evaluateDedup>,
): Promise<JudgedQueueReport> {
  const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
  if (!config.anthropic.apiKey)
    throw new UsageError('--judge needs an Anthropic API key: set ANTHROPIC_API_KEY (or anthropic.apiKey)')
  const rawBudget = stringOption(ctx, 'budget-usd') ?? '1'
  const budgetUsd = Number(rawBudget)
  const judge = triageJudgeFrom({
    apiKey: config.anthropic.apiKey,
    baseURL: config.anthropic.baseUrl,
    budgetUsdPerWeek: budgetUsd,
  })
  if (!judge) throw new UsageError(`--budget-usd must be a positive number of US dollars, not '${rawBudget}'`)
  return evaluateJudgedQueue(labelled, report.queue.links, {
    client: judge.client,
    model: stringOption(ctx, 'model') ?? DEFAULT_JUDGE_MODEL,
    budgetUsd,
    duplicatePairs: report.queue.allLinks.duplicatePairs,
    mergedTrue: report.queue.mergedTrue,
  })
}

function judgeLines(j: JudgedQueueReport): string[] {
  const stop = j.apiError
    ? ` — stopped by an API error: ${j.apiError}`
    : j.stoppedByBudget
      ? ' — stopped at --budget-usd'
      : ''
  const share = (answered: number, i: Interval) => (answered === 0 ? '–' : `${f3(i.estimate)} ${interval(i)}`)
  return [
    `Claude judge (${j.model}) on the ${j.links} one-signal links: ${j.requests} requests, $${j.spentUsd.toFixed(4)}${stop}`,
    `  "same" (merged without a person): ${j.same.answered}, right ${j.same.right} = ${share(j.same.answered, j.same.precision)}`,
    `  "different" (question dropped):    ${j.different.answered}, right ${j.different.right} = ${share(j.different.answered, j.different.precision)}`,
    `  unsure or invalid (left for people): ${j.links - j.same.answered - j.different.answered}${j.invalid > 0 ? ` (${j.invalid} invalid answers)` : ''}`,
    queueRow('queue after the judge (shipped calibration, cap)', j.queue),
    '',
  ]
}
