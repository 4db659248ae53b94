import { createReadStream, createWriteStream } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { type PairDecision, parseSignalInput, type Signal } from '@suture/pm-agent'
import { z } from 'zod'

/** A line of an input file that cannot be used; the message names the file, the line and the field. */
export class SignalLineError extends Error {
  override readonly name = 'SignalLineError'
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason} — fix or remove that line and run again`)
  }
}

/** Reads JSON lines one at a time, naming the line when one is not JSON. */
export async function* readJsonLines(file: string): AsyncGenerator<{ line: number; value: unknown }> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  })
  let line = 0
  for await (const text of lines) {
    line++
    if (text.trim().length === 0) continue
    try {
      yield { line, value: JSON.parse(text) }
    } catch {
      throw new SignalLineError(path.basename(file), line, 'not valid JSON')
    }
  }
}

/** GitBugs-style files say `created`; the minimal form says `createdAt`. Accept both. */
function withCreatedAt(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !('createdAt' in value) && 'created' in value) {
    return { ...value, createdAt: (value as { created: unknown }).created }
  }
  return value
}

export interface SignalLine {
  readonly signal: Signal
  readonly line: number
  readonly raw: unknown
}

/** Reads envelopes or minimal signal records; duplicate ids are an error (they would be ambiguous). */
export async function readSignals(file: string): Promise<SignalLine[]> {
  const out: SignalLine[] = []
  const seen = new Set<string>()
  for await (const { line, value } of readJsonLines(file)) {
    const parsed = parseSignalInput(withCreatedAt(value))
    if (!parsed.ok) throw new SignalLineError(path.basename(file), line, parsed.problem)
    if (seen.has(parsed.signal.id)) {
      throw new SignalLineError(path.basename(file), line, `id: '${parsed.signal.id}' appears twice`)
    }
    seen.add(parsed.signal.id)
    out.push({ signal: parsed.signal, line, raw: value })
  }
  return out
}

const decisionSchema = z.object({
  a: z.union([z.string(), z.number()]).transform(String),
  b: z.union([z.string(), z.number()]).transform(String),
  answer: z.enum(['same', 'different']),
  decidedBy: z.string().max(200).optional(),
  decidedAt: z.string().max(64).optional(),
})

/** Reads human answers `{ a, b, answer: "same" | "different" }` on needs-confirmation pairs. */
export async function readDecisions(file: string): Promise<PairDecision[]> {
  const out: PairDecision[] = []
  for await (const { line, value } of readJsonLines(file)) {
    const parsed = decisionSchema.safeParse(value)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.map(String).join('.') || '(line)'
      throw new SignalLineError(path.basename(file), line, `${where}: ${issue?.message ?? 'invalid'}`)
    }
    out.push(parsed.data)
  }
  return out
}

/** Writes JSON lines, honouring back-pressure. */
export async function writeJsonLines(file: string, values: Iterable<unknown>): Promise<void> {
  const stream = createWriteStream(file, 'utf8')
  const done = new Promise<void>((resolve, reject) => {
    stream.once('error', reject)
    stream.once('finish', () => resolve())
  })
  let chunk = ''
  for (const value of values) {
    chunk += `${JSON.stringify(value)}\n`
    if (chunk.length > 1 << 16) {
      if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()))
      chunk = ''
    }
  }
  stream.end(chunk)
  await done
}
