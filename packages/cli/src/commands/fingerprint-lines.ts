import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { access } from 'node:fs/promises'
import path from 'node:path'
import { createInterface } from 'node:readline'
import type { z } from 'zod'
import type { CommandContext } from '../command.js'

/** The input file of a line-by-line command does not exist or cannot be read. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError'
  constructor(readonly file: string) {
    super(`cannot read ${file} — check the --in path`)
  }
}

export interface LineSummary {
  in: string
  out: string
  lines: number
  written: number
  bad: number
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(line)'}: ${issue.message}`)
    .join('; ')
}

/**
 * Streams a JSON-lines file through `transform`, one line at a time so large files never sit in memory.
 * A line that is not JSON or does not match `schema` is reported on stderr with its line number and skipped;
 * the caller turns `bad > 0` into exit code 1 once the whole file has been processed.
 */
export async function transformJsonLines<S extends z.ZodType, Out>(
  ctx: CommandContext,
  files: { input: string; output: string },
  schema: S,
  transform: (value: z.infer<S>) => Out,
): Promise<LineSummary> {
  const input = path.resolve(ctx.cwd, files.input)
  const output = path.resolve(ctx.cwd, files.output)
  try {
    await access(input)
  } catch {
    throw new InputFileError(files.input)
  }
  const summary: LineSummary = { in: files.input, out: files.output, lines: 0, written: 0, bad: 0 }
  const reader = createInterface({
    input: createReadStream(input, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  })
  const writer = createWriteStream(output, 'utf8')
  const bad = (line: number, reason: string) => {
    summary.bad++
    ctx.stderr.write(`${files.input}:${line}: ${reason} — line skipped\n`)
  }
  try {
    let line = 0
    for await (const text of reader) {
      line++
      if (text.trim() === '') continue
      summary.lines++
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch {
        bad(line, 'not valid JSON')
        continue
      }
      const parsed = schema.safeParse(value)
      if (!parsed.success) {
        bad(line, describeIssues(parsed.error))
        continue
      }
      let result: Out
      try {
        result = transform(parsed.data)
      } catch (error: unknown) {
        bad(line, error instanceof Error ? error.message : String(error))
        continue
      }
      if (!writer.write(`${JSON.stringify(result)}\n`)) await once(writer, 'drain')
      summary.written++
    }
  } finally {
    reader.close()
    writer.end()
    await once(writer, 'close')
  }
  return summary
}
