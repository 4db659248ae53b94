import { createHash, timingSafeEqual } from 'node:crypto'
import { GoLiveError, goLive, goLiveOf } from '@suture/pm-agent'
import {
  addKey,
  createProject,
  deleteProject,
  findProject,
  InvalidOriginError,
  KeyNotFoundError,
  listKeys,
  listProjects,
  ProjectNameAmbiguousError,
  ProjectNameTakenError,
  ProjectNotFoundError,
  projectFootprint,
  revokeKey,
  setAllowedOrigins,
} from '@suture/store'
import { z } from 'zod'
import type { RegisterRoutes } from '../server/context.js'
import { HttpError } from '../server/http-error.js'
import { readJsonBody } from '../server/read-body.js'

/** Where the admin API lives; nothing under it is reachable without the admin token. */
export const ADMIN_PATH = '/admin/v1'

const digest = (value: string) => createHash('sha256').update(value).digest()

const originsSchema = z.object({ origins: z.array(z.string().min(1).max(500)).max(100) }).strict()

const createSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    origins: z.array(z.string().min(1).max(500)).max(100).optional(),
    allowDuplicate: z.boolean().optional(),
  })
  .strict()

// No length cap on the label: the CLI on the database itself has none, and both ways must accept the same.
const addKeySchema = z.object({ kind: z.enum(['public', 'secret']), label: z.string().optional() }).strict()

// Who decides is part of the record (as on the dashboard's Go live form). No length cap, for the same reason
// as the label's: the CLI's go-live on the database itself has none.
const goLiveSchema = z.object({ by: z.string().trim().min(1, 'say who decides (a name or email)') }).strict()

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }))
  throw new HttpError(400, 'invalid_request', `${issues[0]?.path}: ${issues[0]?.message}`, { issues })
}

/** Store errors a caller can act on, as the HTTP answers that say so. */
function asHttpError(error: unknown): unknown {
  if (error instanceof ProjectNameTakenError)
    return new HttpError(409, 'project_name_taken', error.message, {
      issues: [{ path: 'name', message: `taken by ${error.existingId}` }],
    })
  if (error instanceof ProjectNameAmbiguousError)
    return new HttpError(409, 'project_ambiguous', error.message)
  if (error instanceof ProjectNotFoundError) return new HttpError(404, 'project_not_found', error.message)
  if (error instanceof KeyNotFoundError)
    return new HttpError(404, 'key_not_found', error.message, {
      issues: [{ path: 'keyId', message: error.message }],
    })
  if (error instanceof GoLiveError) return new HttpError(409, 'go_live_refused', error.message)
  if (error instanceof InvalidOriginError)
    return new HttpError(400, 'invalid_origin', error.message, {
      issues: [{ path: 'origins', message: error.message }],
    })
  return error
}

/**
 * The admin API `suture serve` opens for the CLI on the same machine, so project commands keep working
 * while the server holds the embedded database (PGlite is single-process). Every request needs
 * `Authorization: Bearer <token>`, a random token of this run that serve writes, with its URL, to a file
 * only the data dir's owner can read.
 *
 * `GET /admin/v1/projects` · `POST /admin/v1/projects` `{ name, origins?, allowDuplicate? }` ·
 * `GET /admin/v1/projects/:idOrName/footprint` · `DELETE /admin/v1/projects/:id` ·
 * `PUT /admin/v1/projects/:idOrName/origins` `{ origins }` (holds at once on this server) ·
 * `GET /admin/v1/projects/:idOrName/keys` · `POST /admin/v1/projects/:idOrName/keys`
 * `{ kind: 'public' | 'secret', label? }` (201 with the token: the only time a secret key is ever shown; only
 * its hash is stored, and no log line carries a response body) · `DELETE /admin/v1/keys/:keyId` (revoking a
 * revoked key answers the same; this server refuses the key from the next request on, other servers within
 * their key cache TTL) · `POST /admin/v1/projects/:idOrName/go-live` `{ by }` (going live again keeps and
 * answers the first decision). A name is matched as `project delete` matches it (store's `findProject`): one
 * project, or 409 `project_ambiguous` listing the ids.
 */
export function adminRoutes(adminToken: string): RegisterRoutes {
  const expected = digest(adminToken)
  return (app, deps) => {
    app.use(`${ADMIN_PATH}/*`, async (c, next) => {
      const sent = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
      // Compared as hashes: equal length, constant time.
      if (sent === undefined || !timingSafeEqual(digest(sent), expected))
        throw new HttpError(
          401,
          'admin_token_required',
          'Send the admin token of this run (in the data dir, see suture serve) as Authorization: Bearer <token>.',
          { headers: { 'WWW-Authenticate': 'Bearer realm="suture admin"' } },
        )
      await next()
    })
    const db = deps.database.db
    app.get(`${ADMIN_PATH}/projects`, async (c) => {
      const projects = await Promise.all(
        (await listProjects(db)).map(async (p) => ({ ...p, live: await goLiveOf(db, p.id) })),
      )
      return c.json({ projects })
    })
    app.post(`${ADMIN_PATH}/projects`, async (c) => {
      const input = parse(createSchema, await readJsonBody(c, deps.bodyLimitBytes))
      try {
        return c.json(await createProject(db, input), 201)
      } catch (error: unknown) {
        throw asHttpError(error)
      }
    })
    app.get(`${ADMIN_PATH}/projects/:ref/footprint`, async (c) => {
      try {
        return c.json(await projectFootprint(db, c.req.param('ref')))
      } catch (error: unknown) {
        throw asHttpError(error)
      }
    })
    app.put(`${ADMIN_PATH}/projects/:ref/origins`, async (c) => {
      const { origins } = parse(originsSchema, await readJsonBody(c, deps.bodyLimitBytes))
      try {
        const project = await findProject(db, c.req.param('ref'))
        const allowedOrigins = await setAllowedOrigins(db, project.id, origins)
        deps.keys.forgetProject(project.id)
        return c.json({ allowedOrigins })
      } catch (error: unknown) {
        throw asHttpError(error)
      }
    })
    app.get(`${ADMIN_PATH}/projects/:ref/keys`, async (c) => {
      try {
        const project = await findProject(db, c.req.param('ref'))
        return c.json({ keys: await listKeys(db, project.id) })
      } catch (error: unknown) {
        throw asHttpError(error)
      }
    })
    app.post(`${ADMIN_PATH}/projects/:ref/keys`, async (c) => {
      const { kind, label } = parse(addKeySchema, await readJsonBody(c, deps.bodyLimitBytes))
      try {
        const project = await findProject(db, c.req.param('ref'))
        return c.json(await addKey(db, project.id, kind, label), 201)
      } catch (error: unknown) {
        throw asHttpError(error)
      }
    })
    app.delete(`${ADMIN_PATH}/keys/:keyId`, async (c) => {
      const keyId = c.req.param('keyId')
      try {
        await revokeKey(db, keyId)
        // This server's key cache would accept the key for up to its TTL: the caller revoking through this
        // server expects the next request with it to be refused.
        deps.keys.forget(keyId)
        return c.json({ revoked: keyId })
      } catch (error: unknown) {
        throw asHttpError(error)
      }
    })
    app.post(`${ADMIN_PATH}/projects/:ref/go-live`, async (c) => {
      const { by } = parse(goLiveSchema, await readJsonBody(c, deps.bodyLimitBytes))
      try {
        const project = await findProject(db, c.req.param('ref'))
        const live = await goLive(db, { projectId: project.id, by })
        return c.json({ projectId: project.id, wentLiveAt: live.at.toISOString(), wentLiveBy: live.by })
      } catch (error: unknown) {
        throw asHttpError(error)
      }
    })
    app.delete(`${ADMIN_PATH}/projects/:id`, async (c) => {
      const id = c.req.param('id')
      // By id only: the caller confirmed this project after seeing its footprint, never a name's guess.
      if (!id.startsWith('prj_'))
        throw new HttpError(400, 'project_id_required', `Delete takes a project id (prj_…), got '${id}'.`)
      try {
        const footprint = await deleteProject(db, id)
        deps.keys.forgetProject(id)
        return c.json(footprint)
      } catch (error: unknown) {
        throw asHttpError(error)
      }
    })
  }
}
