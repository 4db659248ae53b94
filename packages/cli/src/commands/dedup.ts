import path from 'node:path'
import { clusterSignals, similarEarlier } from '@suture/pm-agent'
import { type Command, type CommandContext, UsageError } from '../command.js'
import { stringOption } from '../storage-options.js'
import { readDecisions, readSignals, writeJsonLines } from './dedup-io.js'

function numberOption(ctx: CommandContext, name: string): number | undefined {
  const value = stringOption(ctx, name)
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isFinite(number) && value !== 'Infinity')
    throw new UsageError(`--${name} must be a number, got '${value}'`)
  return number
}

export const dedupCommand: Command = {
  name: 'dedup',
  summary: 'Cluster failure signals from a file (two of three signals must agree)',
  usage: [
    'suture dedup --in signals.jsonl --out clusters.jsonl [--pairs needs-confirmation.jsonl] [--similar K similar.jsonl]',
    '             [--decisions answers.jsonl] [--text-agree 0.35] [--text-alone Infinity] [--stack-agree 0.75]',
  ],
  options: {
    in: { type: 'string', description: 'signals to group, one JSON object a line (required)' },
    out: { type: 'string', description: 'where to write the clusters, one a line (required)' },
    pairs: {
      type: 'string',
      description: 'also write the pairs that need a person to confirm them to this file',
    },
    similar: {
      type: 'string',
      description: 'K: also list the K most similar earlier signals of each (then the output file)',
    },
    'similar-out': { type: 'string', description: 'the file for --similar (or give it after K)' },
    decisions: {
      type: 'string',
      description: 'answers already given to needs-confirmation pairs (JSON lines) to apply',
    },
    'text-agree': {
      type: 'string',
      description: 'TF-IDF cosine at which the text signal agrees (default 0.35)',
    },
    'text-alone': {
      type: 'string',
      description:
        'text similarity that groups on its own when it is the only signal (default Infinity: off)',
    },
    'stack-agree': {
      type: 'string',
      description: 'frame-sequence similarity at which the stack signal agrees (default 0.75)',
    },
  },
  async run(ctx) {
    const input = stringOption(ctx, 'in')
    const output = stringOption(ctx, 'out')
    if (!input) throw new UsageError('--in is required (a JSON-lines file of envelopes or signals)')
    if (!output) throw new UsageError('--out is required (where to write { id, cluster } lines)')
    const similarK = numberOption(ctx, 'similar')
    const similarFile = stringOption(ctx, 'similar-out') ?? ctx.positionals[0]
    if (similarK !== undefined && (!Number.isInteger(similarK) || similarK < 1)) {
      throw new UsageError('--similar takes a whole number K ≥ 1, then the output file')
    }
    if (similarK !== undefined && !similarFile)
      throw new UsageError('--similar K needs a file: --similar 5 similar.jsonl')
    const resolve = (file: string) => path.resolve(ctx.cwd, file)
    const lines = await readSignals(resolve(input))
    const signals = lines.map((l) => l.signal)
    const decisionsFile = stringOption(ctx, 'decisions')
    const decisions = decisionsFile ? await readDecisions(resolve(decisionsFile)) : []
    const thresholds = {
      ...(numberOption(ctx, 'text-agree') !== undefined
        ? { textAgree: numberOption(ctx, 'text-agree') as number }
        : {}),
      ...(numberOption(ctx, 'text-alone') !== undefined
        ? { textAlone: numberOption(ctx, 'text-alone') as number }
        : {}),
      ...(numberOption(ctx, 'stack-agree') !== undefined
        ? { stackAgree: numberOption(ctx, 'stack-agree') as number }
        : {}),
    }
    const result = clusterSignals(signals, { decisions, thresholds })
    await writeJsonLines(
      resolve(output),
      signals.map((s, i) => ({ id: s.id, cluster: result.clusters[result.clusterIndex[i] as number]?.id })),
    )
    const pairsFile = stringOption(ctx, 'pairs')
    if (pairsFile) await writeJsonLines(resolve(pairsFile), result.links)
    if (similarK !== undefined && similarFile) {
      const similar = similarEarlier(signals, { k: similarK, thresholds })
      await writeJsonLines(
        resolve(similarFile),
        signals.map((s, i) => ({ id: s.id, similar: similar[i] ?? [] })),
      )
    }
    const multi = result.clusters.filter((c) => c.memberIds.length > 1).length
    ctx.stdout.write(
      `${signals.length} signals → ${result.clusters.length} clusters (${multi} with duplicates), ` +
        `${result.links.length} needs-confirmation links; ${result.stats.comparisons} comparisons\n`,
    )
    return 0
  },
}
