import { createReadStream, createWriteStream } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { type SessionLine, sessionLineSchema } from '@suture/scorer'

/** A line of the input file that is not a valid session; the message names the line and the field. */
export class InputLineError extends Error {
  override readonly name = 'InputLineError'
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason} — fix or remove that line and run again`)
  }
}

/** Reads `{ session_id, events, … }` lines one at a time, so files larger than memory stream through. */
export async function* readSessionLines(file: string): AsyncGenerator<SessionLine> {
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  })
  let number = 0
  for await (const text of lines) {
    number++
    if (text.trim().length === 0) continue
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new InputLineError(path.basename(file), number, 'not valid JSON')
    }
    const parsed = sessionLineSchema.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.map(String).join('.') || '(line)'
      throw new InputLineError(path.basename(file), number, `${where}: ${issue?.message ?? 'invalid'}`)
    }
    yield parsed.data
  }
}

/** Writes lines to a file, waiting for the stream when it asks to (back-pressure). */
export function lineWriter(file: string): { write(value: unknown): Promise<void>; close(): Promise<void> } {
  const stream = createWriteStream(file, 'utf8')
  return {
    write(value) {
      const ok = stream.write(`${JSON.stringify(value)}\n`)
      return ok ? Promise.resolve() : new Promise((resolve) => stream.once('drain', () => resolve()))
    },
    close() {
      return new Promise((resolve, reject) => {
        stream.once('error', reject)
        stream.end(() => resolve())
      })
    },
  }
}
