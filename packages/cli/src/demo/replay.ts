import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import type { BuildFiles } from './demo-source-maps.js'
import type { RecordedPost } from './record-proxy.js'

/** The committed recording: what the SDK posted during a real Chromium run of the demo's journeys. */
export const FIXTURE_PATH = path.join(import.meta.dirname, 'fixtures', 'journeys.json.gz')

export interface JourneyFixture {
  /** When it was recorded; replay shifts every timestamp so the latest lands at "now". */
  readonly recordedAt: string
  readonly journeys: number
  readonly chromium: string
  readonly posts: readonly { readonly path: string; readonly body: unknown }[]
  /** The recorded build's app bundle and source map, uploaded before the replay so its stacks resolve. */
  readonly build?: { readonly release: string; readonly files: BuildFiles } | undefined
}

export async function writeFixture(
  file: string,
  input: {
    journeys: number
    chromium: string
    posts: readonly RecordedPost[]
    build: { release: string; files: BuildFiles }
  },
): Promise<void> {
  const fixture: JourneyFixture = {
    recordedAt: new Date().toISOString(),
    journeys: input.journeys,
    chromium: input.chromium,
    posts: input.posts.map((p) => ({ path: p.path, body: p.body })),
    build: input.build,
  }
  await writeFile(file, gzipSync(JSON.stringify(fixture), { level: 9 }))
}

export async function readFixture(file = FIXTURE_PATH): Promise<JourneyFixture> {
  return JSON.parse(gunzipSync(await readFile(file)).toString('utf8')) as JourneyFixture
}

const TIME_KEYS = new Set(['ts', 'occurredAt', 'sentAt'])

/** Moves every timestamp of a posted body by `shiftMs`, leaving everything else as the SDK wrote it. */
export function shiftTimes(value: unknown, shiftMs: number, key = ''): unknown {
  if (typeof value === 'string' && TIME_KEYS.has(key)) {
    const t = Date.parse(value)
    return Number.isNaN(t) ? value : new Date(t + shiftMs).toISOString()
  }
  if (Array.isArray(value)) return value.map((item) => shiftTimes(item, shiftMs))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = shiftTimes(v, shiftMs, k)
    return out
  }
  return value
}

function latestTime(value: unknown, key = ''): number {
  if (typeof value === 'string' && TIME_KEYS.has(key)) return Date.parse(value) || 0
  if (Array.isArray(value)) return Math.max(0, ...value.map((v) => latestTime(v)))
  if (value !== null && typeof value === 'object') {
    return Math.max(0, ...Object.entries(value).map(([k, v]) => latestTime(v, k)))
  }
  return 0
}

/**
 * Posts the recorded bodies to the ingest server with this project's key, timestamps shifted so the
 * recording ends now (the week's triage and the scoring cut-off see it as this week's traffic). Ids are
 * the SDK's own, so replaying twice stores nothing twice.
 */
export async function replayFixture(
  fixture: JourneyFixture,
  server: { url: string; publicKey: string },
  now: Date,
  onProgress?: (done: number, total: number) => void,
): Promise<RecordedPost[]> {
  const latest = Math.max(...fixture.posts.map((p) => latestTime(p.body)))
  const shift = now.getTime() - latest
  const sent: RecordedPost[] = []
  onProgress?.(0, fixture.posts.length)
  for (const [i, post] of fixture.posts.entries()) {
    const body = shiftTimes(post.body, shift)
    const response = await fetch(`${server.url}${post.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-suture-key': server.publicKey },
      body: JSON.stringify(body),
    })
    await response.arrayBuffer()
    if (response.status < 300) sent.push({ path: post.path, status: response.status, body })
    onProgress?.(i + 1, fixture.posts.length)
  }
  return sent
}
