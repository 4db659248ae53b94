import path from 'node:path'
import {
  type DedupEvaluation,
  evaluateDedup,
  type LabelledSignal,
  parseSignalInput,
  type QueueEvaluation,
  RECALL_KS,
} from '@suture/pm-agent'
import { type Command, UsageError } from '../command.js'
import { stringOption } from '../storage-options.js'
import { readJsonLines, SignalLineError } from './dedup-io.js'

function row(name: string, e: DedupEvaluation): string {
  const f = (x: number) => x.toFixed(3)
  return [
    name.padEnd(10),
    `${f(e.pairwise.precision)} ${f(e.pairwise.recall)} ${f(e.pairwise.f1)}`.padEnd(20),
    `${f(e.bcubed.precision)} ${f(e.bcubed.recall)} ${f(e.bcubed.f1)}`.padEnd(20),
    RECALL_KS.map((k) => f(e.recallRate[k] ?? 0)).join(' '),
  ].join(' ')
}

function queueRow(name: string, q: QueueEvaluation): string {
  const precision = Number.isNaN(q.precision) ? '    –' : q.precision.toFixed(3)
  return `  ${name.padEnd(50)} ${String(q.asked).padStart(5)} ${String(q.askedTrue).padStart(5)}  ${precision}   ${q.surfaced} / ${q.duplicatePairs} = ${q.surfacedShare.toFixed(3)}`
}

/** `suture eval dedup`: clustering, the confirmation queue and related-report ranking against a `group` label. */
export const evalDedupCommand: Command = {
  name: 'dedup',
  summary:
    'Pairwise, B-cubed, the confirmation queue and recall-rate@1/5/10 of dedup against a `group` label, beside TF-IDF',
  usage: [
    'suture eval dedup --in labelled.jsonl [--text-alone Infinity] [--baseline-threshold 0.5] [--json]',
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
    if (ctx.values.json === true) {
      ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
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
        `human-confirmation queue (policy: ≤ ${report.queue.policy.maxPerWeek} per week, calibrated P ≥ ${report.queue.policy.minProbability}):`,
        `  ${''.padEnd(50)} ${'asked'.padStart(5)} ${'true'.padStart(5)}  precision  duplicate pairs surfaced`,
        queueRow('every one-signal link (no calibration, no cap)', report.queue.allLinks),
        queueRow('policy, shipped calibration (fit here: in-sample)', report.queue.shipped),
        queueRow('policy, calibration refit on the other half', report.queue.crossFitted),
        '',
        `suture text signal: BM25F (title ×2, k1 1.2, b 0.75) over words, character 4-grams and code/stack tokens`,
        `tf-idf baseline: word TF-IDF cosine, all pairs, connected components at ≥ ${report.baselineThreshold}`,
        '',
      ].join('\n'),
    )
    return 0
  },
}
