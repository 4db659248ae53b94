import { findPii, scrubText } from '@suture/envelope/scrub'
import { findPiiThorough, scrubTextThorough } from '@suture/envelope/scrub-server'
import { z } from 'zod'
import { type Command, UsageError } from '../command.js'
import { stringOption } from '../storage-options.js'
import { transformJsonLines } from './fingerprint-lines.js'

// Other fields pass through untouched, so labelled files keep their labels next to the scrubbed text.
const textLineSchema = z.looseObject({ id: z.union([z.string(), z.number()]), text: z.string() })

export const scrubCommand: Command = {
  name: 'scrub',
  summary: 'Replace emails, phones, cards, tokens, keys, IPs and URL secrets in text with placeholders',
  usage: ['suture scrub --in texts.jsonl --out out.jsonl [--browser] [--json]'],
  options: {
    in: { type: 'string', description: 'texts to scrub, one JSON object a line (required)' },
    out: { type: 'string', description: 'where to write the scrubbed texts (required)' },
    // The server's scrubber (phone numbers of every region, more vendor keys) is the default: it is what stored
    // data goes through. `--browser` shows what the SDK's light scrubber removes before sending.
    browser: {
      type: 'boolean',
      description: "use the SDK's lighter browser scrubber instead of the server's",
    },
    json: { type: 'boolean', description: 'print a JSON summary' },
  },
  async run(ctx) {
    const input = stringOption(ctx, 'in')
    const output = stringOption(ctx, 'out')
    if (!input) throw new UsageError('--in is required (JSON lines of { "id", "text" })')
    if (!output)
      throw new UsageError('--out is required (where to write the scrubbed { "id", "text" } lines)')
    const [find, scrub] =
      ctx.values.browser === true ? [findPii, scrubText] : [findPiiThorough, scrubTextThorough]
    const replaced: Record<string, number> = {}
    let changed = 0
    const summary = await transformJsonLines(ctx, { input, output }, textLineSchema, (line) => {
      const spans = find(line.text)
      for (const span of spans) replaced[span.kind] = (replaced[span.kind] ?? 0) + 1
      if (spans.length > 0) changed++
      return { ...line, text: scrub(line.text) }
    })
    const report = { ...summary, changed, replaced }
    if (ctx.values.json === true) ctx.stdout.write(`${JSON.stringify(report)}\n`)
    else {
      const kinds = Object.entries(replaced)
        .map(([kind, count]) => `${count} ${kind}`)
        .join(', ')
      ctx.stdout.write(
        `${summary.written} texts scrubbed (${changed} changed${kinds ? `: ${kinds}` : ''}), written to ${output}` +
          (summary.bad > 0 ? `; ${summary.bad} bad lines skipped (see above)\n` : '\n'),
      )
    }
    return summary.bad > 0 ? 1 : 0
  },
}
