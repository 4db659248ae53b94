import { type Kysely, sql } from 'kysely'
import type { ApiKeyKind } from '../tables/core-tables.js'
import type { Database } from '../tables/database.js'
import { KeyNotFoundError, ProjectNameTakenError, ProjectNotFoundError } from './errors.js'
import { normalizeOrigin } from './origins.js'
import { hashToken, newId, newPublicToken, newSecretToken } from './tokens.js'

export interface CreatedProject {
  readonly projectId: string
  readonly publicKey: string
  /** Shown once: only its hash is stored. */
  readonly secretKey: string
}

export interface ProjectSummary {
  readonly id: string
  readonly name: string
  readonly allowedOrigins: readonly string[]
  readonly createdAt: Date
}

export interface KeySummary {
  readonly id: string
  readonly projectId: string
  readonly kind: ApiKeyKind
  /** The full token for public keys; secret keys show only `sut_sec_…hint`. */
  readonly display: string
  readonly label: string | null
  readonly createdAt: Date
  readonly revokedAt: Date | null
}

export interface AddedKey {
  readonly id: string
  readonly kind: ApiKeyKind
  readonly token: string
}

/**
 * Creates a project with one public ingest key and one secret admin key.
 *
 * `ifNameTaken: 'refuse'` throws `ProjectNameTakenError` when a project of the same name (ignoring case and
 * surrounding spaces) exists: what a person creating a project by hand wants, since two projects called
 * "Shop" cannot be told apart in lists. The default, `'create'`, keeps the library's earlier behaviour for
 * callers that name projects themselves; the dashboard and the CLI ask for `'refuse'` unless the person
 * ticked "create anyway" (`--allow-duplicate`).
 * @example
 * const { projectId, publicKey } = await createProject(db, { name: 'Shop', origins: ['https://shop.example'] })
 */
export async function createProject(
  db: Kysely<Database>,
  input: { name: string; origins?: readonly string[]; ifNameTaken?: 'refuse' | 'create' },
): Promise<CreatedProject> {
  const origins = [...new Set((input.origins ?? []).map(normalizeOrigin))]
  const projectId = newId('prj')
  return db.transaction().execute(async (trx) => {
    if (input.ifNameTaken === 'refuse') {
      const taken = await trx
        .selectFrom('projects')
        .select('id')
        .where(sql<string>`lower(trim(name))`, '=', input.name.trim().toLowerCase())
        .orderBy('created_at')
        .limit(5)
        .execute()
      if (taken.length > 0)
        throw new ProjectNameTakenError(
          input.name,
          taken.map((t) => t.id),
        )
    }
    await trx
      .insertInto('projects')
      .values({ id: projectId, name: input.name, allowed_origins: JSON.stringify(origins) })
      .execute()
    const pub = await insertKey(trx, projectId, 'public', 'default')
    const sec = await insertKey(trx, projectId, 'secret', 'default')
    return { projectId, publicKey: pub.token, secretKey: sec.token }
  })
}

export async function listProjects(db: Kysely<Database>): Promise<ProjectSummary[]> {
  const rows = await db.selectFrom('projects').selectAll().orderBy('created_at').orderBy('id').execute()
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    allowedOrigins: r.allowed_origins,
    createdAt: r.created_at,
  }))
}

async function requireProject(db: Kysely<Database>, projectId: string): Promise<void> {
  const found = await db.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst()
  if (!found) throw new ProjectNotFoundError(projectId)
}

async function insertKey(
  db: Kysely<Database>,
  projectId: string,
  kind: ApiKeyKind,
  label: string | null,
): Promise<AddedKey> {
  const token = kind === 'public' ? newPublicToken() : newSecretToken()
  const id = newId('key')
  await db
    .insertInto('api_keys')
    .values({
      id,
      project_id: projectId,
      kind,
      token_hash: hashToken(token),
      public_token: kind === 'public' ? token : null,
      hint: token.slice(-4),
      label,
    })
    .execute()
  return { id, kind, token }
}

export async function addKey(
  db: Kysely<Database>,
  projectId: string,
  kind: ApiKeyKind,
  label?: string,
): Promise<AddedKey> {
  await requireProject(db, projectId)
  return insertKey(db, projectId, kind, label ?? null)
}

export async function listKeys(db: Kysely<Database>, projectId: string): Promise<KeySummary[]> {
  await requireProject(db, projectId)
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    kind: r.kind,
    display: r.public_token ?? `sut_sec_…${r.hint}`,
    label: r.label,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  }))
}

/** Revokes a key; revoking it again is a no-op. Servers stop accepting it within their key-cache TTL. */
export async function revokeKey(db: Kysely<Database>, keyId: string): Promise<void> {
  const found = await db
    .selectFrom('api_keys')
    .select(['id', 'revoked_at'])
    .where('id', '=', keyId)
    .executeTakeFirst()
  if (!found) throw new KeyNotFoundError(keyId)
  if (found.revoked_at !== null) return
  await db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', keyId).execute()
}

export async function setAllowedOrigins(
  db: Kysely<Database>,
  projectId: string,
  origins: readonly string[],
): Promise<readonly string[]> {
  const normalized = [...new Set(origins.map(normalizeOrigin))]
  const result = await db
    .updateTable('projects')
    .set({ allowed_origins: JSON.stringify(normalized) })
    .where('id', '=', projectId)
    .executeTakeFirst()
  if (result.numUpdatedRows === 0n) throw new ProjectNotFoundError(projectId)
  return normalized
}

export interface ResolvedKey {
  readonly keyId: string
  readonly projectId: string
  readonly kind: ApiKeyKind
  readonly allowedOrigins: readonly string[]
}

/** The live (unrevoked) key a token names, with its project's origin allow-list; undefined if none. */
export async function resolveKey(db: Kysely<Database>, token: string): Promise<ResolvedKey | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('projects', 'projects.id', 'api_keys.project_id')
    .select(['api_keys.id', 'api_keys.project_id', 'api_keys.kind', 'projects.allowed_origins'])
    .where('api_keys.token_hash', '=', hashToken(token))
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst()
  if (!row) return undefined
  return { keyId: row.id, projectId: row.project_id, kind: row.kind, allowedOrigins: row.allowed_origins }
}

/** Every origin any project allows, and whether some project allows all (for CORS preflights without a key). */
export async function allKnownOrigins(db: Kysely<Database>): Promise<{ any: boolean; origins: Set<string> }> {
  const rows = await db.selectFrom('projects').select('allowed_origins').execute()
  const origins = new Set<string>()
  let any = false
  for (const row of rows) {
    if (row.allowed_origins.length === 0) any = true
    for (const origin of row.allowed_origins) origins.add(origin)
  }
  return { any, origins }
}
