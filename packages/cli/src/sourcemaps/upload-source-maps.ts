import { readFileSync } from 'node:fs'
import type { CollectedSourceMap } from './collect-source-maps.js'

export interface UploadTarget {
  /** The Suture server, e.g. `https://suture.example.com`. */
  readonly endpoint: string
  /** A project secret key. */
  readonly secretKey: string
  readonly release: string
}

export interface UploadOutcome {
  readonly url: string
  readonly ok: boolean
  /** `created`, `replaced`, `unchanged`, or the server's error code. */
  readonly status: string
  readonly message?: string
  readonly resymbolicated?: number
}

/**
 * Uploads each map with its bundle file (the server checks the map belongs to it) to `POST /v1/sourcemaps`,
 * one at a time (maps are large; the server parses each). Every outcome is returned, failures included.
 * @example
 * await uploadSourceMaps(collectSourceMaps('dist').maps, { endpoint, secretKey, release: '1.4.2' })
 */
export async function uploadSourceMaps(
  maps: readonly CollectedSourceMap[],
  target: UploadTarget,
): Promise<UploadOutcome[]> {
  const outcomes: UploadOutcome[] = []
  const endpoint = target.endpoint.replace(/\/+$/, '')
  for (const map of maps) {
    const body = JSON.stringify({
      release: target.release,
      url: map.url,
      map: readFileSync(map.mapPath, 'utf8'),
      minified: readFileSync(map.filePath, 'utf8'),
      ...(map.debugId === undefined ? {} : { debugId: map.debugId }),
    })
    let res: Response
    try {
      res = await fetch(`${endpoint}/v1/sourcemaps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-suture-key': target.secretKey },
        body,
      })
    } catch (error: unknown) {
      const reason =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : 'unreachable'
      outcomes.push({ url: map.url, ok: false, status: 'unreachable', message: `${endpoint}: ${reason}` })
      continue
    }
    const answer = (await res.json().catch(() => ({}))) as Record<string, unknown>
    if (res.ok) {
      outcomes.push({
        url: map.url,
        ok: true,
        status: String(answer.status ?? 'stored'),
        resymbolicated: Number(answer.resymbolicated ?? 0),
      })
    } else {
      outcomes.push({
        url: map.url,
        ok: false,
        status: String(answer.error ?? res.status),
        message: String(answer.message ?? res.statusText),
      })
    }
  }
  return outcomes
}
