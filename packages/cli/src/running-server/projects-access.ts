import {
  type AddedKey,
  type ApiKeyKind,
  addKey,
  type CreatedProject,
  type CreateProjectInput,
  createProject,
  DataDirLockedError,
  deleteProject,
  findProject,
  type KeySummary,
  listKeys,
  listProjects,
  openDatabase,
  type ProjectFootprint,
  projectFootprint,
  revokeKey,
  type StorageTarget,
  setAllowedOrigins,
} from '@suture/store'
import { adminRequest } from './admin-client.js'
import { readServerFile, type ServerFile } from './server-file.js'

export interface ProjectListing {
  readonly id: string
  readonly name: string
  readonly allowedOrigins: readonly string[]
  readonly createdAt: Date
  /** When the project left shadow mode, and who decided; null in shadow mode. */
  readonly live: { at: Date; by: string } | null
}

/** A project out of shadow mode: who decided and when (the first decision, when it was already live). */
export interface WentLive {
  readonly projectId: string
  readonly wentLiveAt: string
  readonly wentLiveBy: string
}

/**
 * The project operations that work whoever holds the database: straight on it, or through the running
 * `suture serve` that holds the embedded one. Both answer the same shapes and the store's error messages.
 */
export interface ProjectsAccess {
  /** Set when the operations go through a running server. */
  readonly server: ServerFile | undefined
  list(): Promise<ProjectListing[]>
  create(input: CreateProjectInput): Promise<CreatedProject>
  footprint(idOrName: string): Promise<ProjectFootprint>
  setOrigins(idOrName: string, origins: readonly string[]): Promise<readonly string[]>
  /** By id: the caller has shown the footprint of this very project. */
  delete(projectId: string): Promise<ProjectFootprint>
  /** By id or name, as `footprint` finds it (the store's `findProject`: a shared name is an error listing the ids). */
  listKeys(idOrName: string): Promise<KeySummary[]>
  /** The token is in this answer only (a secret key's hash alone is stored). */
  addKey(idOrName: string, kind: ApiKeyKind, label: string | undefined): Promise<AddedKey>
  /**
   * Revoking a revoked key again is a no-op; an unknown id is an error. The running server this goes through
   * refuses the key from its next request; any other server within its key cache TTL (5 s).
   */
  revokeKey(keyId: string): Promise<void>
  /** Takes the project out of shadow mode; going live again keeps and answers the first decision. */
  goLive(idOrName: string, by: string): Promise<WentLive>
  close(): Promise<void>
}

interface ListedJson {
  id: string
  name: string
  allowedOrigins: string[]
  createdAt: string
  live: { at: string; by: string } | null
}

type KeyJson = Omit<KeySummary, 'createdAt' | 'revokedAt'> & { createdAt: string; revokedAt: string | null }

function throughServer(server: ServerFile): ProjectsAccess {
  return {
    server,
    async list() {
      const { projects } = await adminRequest<{ projects: ListedJson[] }>(server, 'GET', '/projects')
      return projects.map((p) => ({
        ...p,
        createdAt: new Date(p.createdAt),
        live: p.live ? { at: new Date(p.live.at), by: p.live.by } : null,
      }))
    },
    create: (input) => adminRequest<CreatedProject>(server, 'POST', '/projects', input),
    footprint: (idOrName) =>
      adminRequest<ProjectFootprint>(server, 'GET', `/projects/${encodeURIComponent(idOrName)}/footprint`),
    delete: (projectId) =>
      adminRequest<ProjectFootprint>(server, 'DELETE', `/projects/${encodeURIComponent(projectId)}`),
    setOrigins: async (idOrName, origins) =>
      (
        await adminRequest<{ allowedOrigins: string[] }>(
          server,
          'PUT',
          `/projects/${encodeURIComponent(idOrName)}/origins`,
          { origins },
        )
      ).allowedOrigins,
    async listKeys(idOrName) {
      const { keys } = await adminRequest<{ keys: KeyJson[] }>(
        server,
        'GET',
        `/projects/${encodeURIComponent(idOrName)}/keys`,
      )
      return keys.map((k) => ({
        ...k,
        createdAt: new Date(k.createdAt),
        revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt),
      }))
    },
    addKey: (idOrName, kind, label) =>
      adminRequest<AddedKey>(server, 'POST', `/projects/${encodeURIComponent(idOrName)}/keys`, {
        kind,
        ...(label === undefined ? {} : { label }),
      }),
    async revokeKey(keyId) {
      await adminRequest<{ revoked: string }>(server, 'DELETE', `/keys/${encodeURIComponent(keyId)}`)
    },
    goLive: (idOrName, by) =>
      adminRequest<WentLive>(server, 'POST', `/projects/${encodeURIComponent(idOrName)}/go-live`, { by }),
    close: async () => {},
  }
}

/**
 * Opens the database; when it is the embedded one and `suture serve` holds it (its pid is the lock's and
 * it left its serve file in the data dir), the operations go through that server's admin API instead.
 * A lock held by anything else (a worker, a server that died: its lock is taken over on open) is not
 * worked around: the store's `DataDirLockedError` goes up with the pid that holds it.
 */
export async function openProjects(target: StorageTarget): Promise<ProjectsAccess> {
  let database: Awaited<ReturnType<typeof openDatabase>>
  try {
    database = await openDatabase(target)
  } catch (error: unknown) {
    if (error instanceof DataDirLockedError && target.kind === 'pglite') {
      const server = await readServerFile(target.dataDir)
      if (server !== undefined && server.pid === error.pid) return throughServer(server)
    }
    throw error
  }
  const db = database.db
  return {
    server: undefined,
    list: async () => {
      const projects = await listProjects(db)
      if (projects.length === 0) return []
      // Loaded here, not at the top: the PM agent's import is a good part of a short command's start-up.
      const { goLiveOf } = await import('@suture/pm-agent')
      return Promise.all(projects.map(async (p) => ({ ...p, live: await goLiveOf(db, p.id) })))
    },
    create: (input) => createProject(db, input),
    footprint: (idOrName) => projectFootprint(db, idOrName),
    delete: (projectId) => deleteProject(db, projectId),
    setOrigins: async (idOrName, origins) =>
      setAllowedOrigins(db, (await findProject(db, idOrName)).id, origins),
    listKeys: async (idOrName) => listKeys(db, (await findProject(db, idOrName)).id),
    addKey: async (idOrName, kind, label) => addKey(db, (await findProject(db, idOrName)).id, kind, label),
    revokeKey: (keyId) => revokeKey(db, keyId),
    async goLive(idOrName, by) {
      const { id } = await findProject(db, idOrName)
      const { goLive } = await import('@suture/pm-agent')
      const live = await goLive(db, { projectId: id, by })
      return { projectId: id, wentLiveAt: live.at.toISOString(), wentLiveBy: live.by }
    },
    close: () => database.close(),
  }
}
