import path from 'node:path'
import {
  type DedupEvaluation,
  evaluateDedup,
  type LabelledSignal,
  parseSignalInput,
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

/** `suture eval dedup`: clustering and related-report ranking against a `group` label. */
export const evalDedupCommand: Command = {
  name: 'dedup',
  summary: 'Pairwise, B-cubed and recall-rate@1/5/10 of dedup against a `group` label, beside TF-IDF',
  usage: [
    'suture eval dedup --in labelled.jsonl [--text-alone Infinity] [--baseline-threshold 0.5] [--json]',
  ],
  options: {
    in: { type: 'string' },
    'text-alone': { type: 'string' },
    'baseline-threshold': { type: 'string' },
    json: { type: 'boolean' },
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
        `suture: ${s.links} needs-confirmation links, ${s.linksCorrect} of them join true duplicates`,
        `tf-idf baseline: word TF-IDF cosine, all pairs, connected components at ≥ ${report.baselineThreshold}`,
        '',
      ].join('\n'),
    )
    return 0
  },
}
