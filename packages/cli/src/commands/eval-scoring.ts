import {
  type CalibrationRow,
  evaluateScoring,
  type LabelledSession,
  type ScoringEvaluationReport,
  sessionFromLine,
} from '@suture/scorer'
import { type Command, UsageError } from '../command.js'
import { loadConfig } from '../config/load.js'
import { stringOption } from '../storage-options.js'
import { readSessionLines } from './score-io.js'
import { progressBar } from './score-progress.js'
import { SCORER_OPTIONS, scorerFromOptions } from './score-scorer.js'

function table(rows: readonly CalibrationRow[]): string {
  const lines = rows.map(
    (r) =>
      `  ${r.band.padEnd(14)} ${String(r.count).padStart(6)} ${Number.isNaN(r.rate) ? '     –' : `${(r.rate * 100).toFixed(1).padStart(5)}%`}`,
  )
  return [`  ${'band'.padEnd(14)} ${'count'.padStart(6)}  outcome rate`, ...lines].join('\n')
}

function render(report: ScoringEvaluationReport, outcome: string): string {
  const f = (n: number) => n.toFixed(3)
  const parts = [
    `${report.sessions} sessions, ${report.positives} with ${outcome} (${((report.positives / Math.max(1, report.sessions)) * 100).toFixed(1)}%)` +
      (report.failed > 0 ? `, ${report.failed} failed to score (left out)` : ''),
    '',
    `${report.scorer.name}: ROC AUC ${f(report.scorer.auc)} (95% DeLong CI ${f(report.scorer.interval.low)} … ${f(report.scorer.interval.high)})`,
    table(report.scorer.calibration),
  ]
  for (const l of report.logistic) {
    const wins = l.foldAucs.filter((fold) => fold.scorer >= fold.logistic).length
    parts.push(
      '',
      `logistic regression, ${l.name}: ${l.features} features, ${l.folds}-fold out-of-fold ROC AUC ${f(l.auc.auc)} (95% DeLong CI ${f(l.auc.low)} … ${f(l.auc.high)})`,
      `  over ${l.splits.repeats} different splits into folds: mean ${f(l.splits.mean)}, ${f(l.splits.min)} … ${f(l.splits.max)}`,
      `  scorer − logistic ${f(l.difference.difference)} (95% DeLong paired CI ${f(l.difference.low)} … ${f(l.difference.high)}, p = ${l.difference.p.toFixed(2)}); scorer ≥ logistic on ${wins} of ${l.folds} held-out folds`,
      `  strongest standardised coefficients: ${l.coefficients
        .slice(0, 5)
        .map((c) => `${c.name} ${c.weight >= 0 ? '+' : ''}${c.weight.toFixed(2)}`)
        .join(', ')}`,
    )
  }
  for (const b of report.baselines) {
    parts.push(
      '',
      `baseline "${b.name}": ROC AUC ${f(b.auc)}  (scorer − baseline ${f(b.difference.difference)}, 95% bootstrap CI ${f(b.difference.low)} … ${f(b.difference.high)})`,
      table(b.calibration),
    )
  }
  parts.push('', 'halves (AUC scorer / first baseline):')
  for (const h of report.halves) parts.push(`  ${h.half.padEnd(10)} ${f(h.scorer)} / ${f(h.baseline)}`)
  return `${parts.join('\n')}\n`
}

const DEFAULT_REPEATS = 5
// Each repeat refits every logistic baseline on every fold: past this the figure no longer moves.
const MAX_REPEATS = 20

/**
 * `suture eval scoring`: does the score rank real outcomes (e.g. purchase) better than trivial baselines,
 * and as well as a logistic regression fitted and cross-validated on the same sessions in the same run?
 */
export const evalScoringCommand: Command = {
  name: 'scoring',
  summary:
    'ROC AUC and calibration of session scores against a real outcome label, beside trivial baselines and cross-validated logistic regressions',
  usage: [
    'suture eval scoring --in labelled.jsonl [--label converted] [--scorer heuristic|claude] [--repeats 5] [--json]',
  ],
  options: {
    ...SCORER_OPTIONS,
    in: { type: 'string', description: 'scoring: labelled sessions, one JSON object a line (required)' },
    label: { type: 'string', description: 'scoring: the boolean label to predict (default converted)' },
    repeats: {
      type: 'string',
      description: `scoring: cross-validations of each logistic baseline, each with differently seeded folds (default ${DEFAULT_REPEATS})`,
    },
    json: { type: 'boolean', description: 'print the figures as JSON' },
  },
  async run(ctx) {
    const input = stringOption(ctx, 'in')
    if (!input)
      throw new UsageError(
        '--in is required (lines of { "session_id", "events", "label": { "converted": true } })',
      )
    const labelKey = stringOption(ctx, 'label') ?? 'converted'
    const repeatsText = stringOption(ctx, 'repeats') ?? String(DEFAULT_REPEATS)
    const repeats = /^\d{1,2}$/.test(repeatsText) ? Number(repeatsText) : 0
    if (repeats < 1 || repeats > MAX_REPEATS)
      throw new UsageError(`--repeats must be a whole number from 1 to ${MAX_REPEATS}, not '${repeatsText}'`)
    const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
    const { scorer } = scorerFromOptions(ctx, config)
    const labelled: LabelledSession[] = []
    let unlabelled = 0
    for await (const line of readSessionLines(input)) {
      const value = line.label?.[labelKey]
      if (typeof value !== 'boolean') {
        unlabelled++
        continue
      }
      labelled.push({ session: sessionFromLine(line), outcome: value })
    }
    if (labelled.length === 0) throw new UsageError(`no line of ${input} has a boolean label.${labelKey}`)
    const bar = progressBar(ctx.stderr, 'scoring')
    const report = await evaluateScoring(scorer, labelled, undefined, {
      repeats,
      onProgress: (done, total) => bar.update(done, total),
    })
    bar.finish(unlabelled > 0 ? `${unlabelled} lines without label.${labelKey} skipped` : 'scored')
    ctx.stdout.write(ctx.values.json === true ? `${JSON.stringify(report)}\n` : render(report, labelKey))
    return 0
  },
}
