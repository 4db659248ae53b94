import { createHash } from 'node:crypto'
import { type Envelope, parseEnvelope } from '@suture/envelope'
import { type Kysely, sql } from 'kysely'
import { prepareEnvelopes, regroupSymbolicated } from '../ingest/store-envelopes.js'
import type { Database } from '../tables/database.js'
import { SourceMapError } from './errors.js'
import { minifiedFilePath } from './file-path.js'
import { type Symbolicator, symbolicatorFor } from './symbolicator.js'
import { checkSourceMap, normalizeDebugId } from './validate-source-map.js'

/** How far back envelopes are re-symbolicated when their release's map arrives after them. */
export const RESYMBOLICATE_WINDOW_DAYS = 14
/** At most this many envelopes are re-symbolicated per upload; older ones keep their minified frames. */
export const RESYMBOLICATE_LIMIT = 5_000
const PAGE = 200

export interface SourceMapUpload {
  readonly release: string
  /** The minified file's URL or path: `~/assets/index-3f2a.js`, `https://cdn.app.test/assets/index-3f2a.js`. */
  readonly url: string
  /** The map's JSON text. */
  readonly map: string
  /** The bundle's `//# debugId=`, when it has one. */
  readonly debugId?: string | undefined
  /** The minified file's text: when given, the map is checked against it. */
  readonly minified?: string | undefined
}

export interface StoredSourceMap {
  readonly release: string
  readonly filePath: string
  readonly debugId: string | null
  readonly sizeBytes: number
  /** `unchanged`: the same map was uploaded before for this file (a re-upload is harmless). */
  readonly status: 'created' | 'replaced' | 'unchanged'
  /** Stored envelopes of the release whose frames this map resolved on arrival. */
  readonly resymbolicated: number
}

function required(field: string, value: string): string {
  const trimmed = value.trim()
  if (trimmed === '') throw new SourceMapError(field, 'must not be empty.')
  if (trimmed.length > 2_048) throw new SourceMapError(field, 'must be at most 2048 characters.')
  return trimmed
}

/**
 * Checks and stores one source map for `release`'s file at `url` (see `checkSourceMap` for what is
 * refused, as a {@link SourceMapError} naming the field), then re-symbolicates the release's recent stored
 * envelopes whose frames it resolves and regroups them by their original frames. Idempotent: re-uploading
 * the same map is `unchanged` and rewrites nothing; a different map for the same file replaces it.
 * @example
 * await storeSourceMap(db, projectId, { release: '1.4.2', url: '~/assets/index-3f2a.js', map: text })
 */
export async function storeSourceMap(
  db: Kysely<Database>,
  projectId: string,
  upload: SourceMapUpload,
  options: { readonly symbolicator?: Symbolicator; readonly now?: Date } = {},
): Promise<StoredSourceMap> {
  const release = required('release', upload.release)
  const url = required('url', upload.url)
  const filePath = minifiedFilePath(url)
  if (filePath === undefined || filePath === '/') {
    throw new SourceMapError(
      'url',
      `${url} is not the URL or path of a script file (e.g. ~/assets/index-3f2a.js).`,
    )
  }
  const checked = checkSourceMap(upload.map, {
    url: filePath,
    debugId: upload.debugId,
    minified: upload.minified,
  })
  const given = upload.debugId ?? checked.debugId
  const debugId = given === undefined ? null : normalizeDebugId(given)
  const contentHash = createHash('sha256').update(upload.map).digest('hex')
  const sizeBytes = Buffer.byteLength(upload.map)

  const before = await db
    .selectFrom('source_maps')
    .select(['content_hash', 'debug_id'])
    .where('project_id', '=', projectId)
    .where('release', '=', release)
    .where('file_path', '=', filePath)
    .executeTakeFirst()
  if (before !== undefined && before.content_hash === contentHash && before.debug_id === debugId) {
    return { release, filePath, debugId, sizeBytes, status: 'unchanged', resymbolicated: 0 }
  }
  await db
    .insertInto('source_maps')
    .values({
      project_id: projectId,
      release,
      file_path: filePath,
      url,
      debug_id: debugId,
      content_hash: contentHash,
      size_bytes: sizeBytes,
      body: upload.map,
    })
    .onConflict((oc) =>
      oc.columns(['project_id', 'release', 'file_path']).doUpdateSet({
        url,
        debug_id: debugId,
        content_hash: contentHash,
        size_bytes: sizeBytes,
        body: upload.map,
        uploaded_at: sql`now()`,
      }),
    )
    .execute()
  const symbolicator = options.symbolicator ?? symbolicatorFor(db)
  symbolicator.invalidate(projectId, release)
  const resymbolicated = await resymbolicateRelease(
    db,
    symbolicator,
    projectId,
    release,
    filePath,
    options.now,
  )
  return {
    release,
    filePath,
    debugId,
    sizeBytes,
    status: before === undefined ? 'created' : 'replaced',
    resymbolicated,
  }
}

/**
 * Re-runs symbolication over the release's error envelopes received in the last
 * {@link RESYMBOLICATE_WINDOW_DAYS} days that mention `filePath`, storing the new frames and (when it was
 * the default one) the fingerprint of the original frames. Returns how many envelopes changed.
 */
export async function resymbolicateRelease(
  db: Kysely<Database>,
  symbolicator: Symbolicator,
  projectId: string,
  release: string,
  filePath: string,
  now: Date = new Date(),
): Promise<number> {
  const since = new Date(now.getTime() - RESYMBOLICATE_WINDOW_DAYS * 86_400_000)
  const needle = `%${filePath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  let changed = 0
  let after: { received_at: Date; id: string } | undefined
  for (let seen = 0; seen < RESYMBOLICATE_LIMIT; ) {
    let query = db
      .selectFrom('envelopes')
      .select(['id', 'body', 'fingerprint', 'received_at'])
      .where('project_id', '=', projectId)
      .where('kind', '=', 'error')
      .where('release', '=', release)
      .where('received_at', '>=', since)
      .where(sql<boolean>`body::text like ${needle}`)
      .orderBy('received_at')
      .orderBy('id')
      .limit(PAGE)
    if (after !== undefined) {
      const cursor = after
      query = query.where((eb) =>
        eb.or([
          eb('received_at', '>', cursor.received_at),
          eb.and([eb('received_at', '=', cursor.received_at), eb('id', '>', cursor.id)]),
        ]),
      )
    }
    const rows = await query.execute()
    if (rows.length === 0) break
    seen += rows.length
    const last = rows[rows.length - 1] as (typeof rows)[number]
    after = { received_at: last.received_at, id: last.id }
    const stored: Envelope[] = []
    for (const row of rows) {
      // Stored bodies were validated at ingest; one that no longer parses (a schema change) is left alone.
      const parsed = parseEnvelope(row.body)
      if (parsed.ok) stored.push(parsed.value)
    }
    const symbolicated = await symbolicator.symbolicate(projectId, stored)
    const updates = symbolicated.flatMap((next, i) => {
      const previous = stored[i] as Envelope
      if (next === previous) return []
      const [prepared] = prepareEnvelopes([regroupSymbolicated(previous, next)])
      if (prepared === undefined || JSON.stringify(prepared) === JSON.stringify(previous)) return []
      return [prepared]
    })
    for (const envelope of updates) {
      await db
        .updateTable('envelopes')
        .set({
          body: JSON.stringify(envelope),
          fingerprint: envelope.kind === 'error' ? (envelope.error.fingerprint ?? null) : null,
        })
        .where('project_id', '=', projectId)
        .where('id', '=', envelope.id)
        .execute()
    }
    changed += updates.length
    if (rows.length < PAGE) break
  }
  return changed
}
