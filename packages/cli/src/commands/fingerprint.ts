import { fingerprint, parseStack } from '@suture/envelope'
import { z } from 'zod'
import { type Command, UsageError } from '../command.js'
import { stringOption } from '../storage-options.js'
import { transformJsonLines } from './fingerprint-lines.js'

const stackLineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  stack: z.string(),
  message: z.string().optional(),
  name: z.string().optional(),
})

// V8 and IE put `Name: message` on the stack's first line; Firefox and Safari do not.
const HEADER = /^([A-Za-z_$][\w$.]*): ?(.*)$/

function errorHeader(stack: string): { name?: string; message?: string } {
  const first = stack.split('\n', 1)[0] ?? ''
  if (/^\s*at\s|@/.test(first)) return {}
  const match = HEADER.exec(first.trim())
  return match?.[1] ? { name: match[1], message: match[2] ?? '' } : {}
}

export const fingerprintCommand: Command = {
  name: 'fingerprint',
  summary: 'Parse raw stack strings and print the frames and grouping fingerprint of each (debug grouping)',
  usage: ['suture fingerprint --in stacks.jsonl --out out.jsonl [--json]'],
  options: {
    in: { type: 'string', description: 'stacks, one JSON object a line (required)' },
    out: { type: 'string', description: 'where to write frames and fingerprints (required)' },
    json: { type: 'boolean', description: 'print a JSON summary' },
  },
  async run(ctx) {
    const input = stringOption(ctx, 'in')
    const output = stringOption(ctx, 'out')
    if (!input)
      throw new UsageError('--in is required (JSON lines of { "id", "stack", "message"?, "name"? })')
    if (!output)
      throw new UsageError('--out is required (where to write { "id", "fingerprint", "frames" } lines)')
    const distinct = new Set<string>()
    const summary = await transformJsonLines(ctx, { input, output }, stackLineSchema, (line) => {
      const header = errorHeader(line.stack)
      const frames = parseStack(line.stack)
      const print = fingerprint({
        type: line.name ?? header.name ?? 'Error',
        message: line.message ?? header.message ?? '',
        frames,
      })
      distinct.add(print)
      return { id: line.id, fingerprint: print, frames }
    })
    const report = { ...summary, fingerprints: distinct.size }
    if (ctx.values.json === true) ctx.stdout.write(`${JSON.stringify(report)}\n`)
    else {
      ctx.stdout.write(
        `${summary.written} stacks → ${distinct.size} distinct fingerprints, written to ${output}` +
          (summary.bad > 0 ? `; ${summary.bad} bad lines skipped (see above)\n` : '\n'),
      )
    }
    return summary.bad > 0 ? 1 : 0
  },
}
