import { deleteActor, exportActor } from '@suture/store'
import type { Context } from 'hono'
import { z } from 'zod'
import type { IngestEnv, RegisterRoutes } from '../context.js'
import { HttpError } from '../http-error.js'
import { readJsonBody } from '../read-body.js'

const requestSchema = z
  .object({
    /** The app's user id or the SDK's actor hash. */
    actor: z.string().min(1).max(500),
    /** The SDK's `actorSalt`s, when the app set one (the app names seen are always tried). */
    salts: z.array(z.string().min(1).max(200)).max(20).optional(),
  })
  .strict()

async function parseRequest(c: Context<IngestEnv>, limit: number) {
  const key = c.get('key')
  if (key.kind !== 'secret') {
    throw new HttpError(403, 'secret_key_required', 'Privacy requests need the project’s secret key.')
  }
  const parsed = requestSchema.safeParse(await readJsonBody(c, limit))
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: i.path.join('.') || '(body)',
      message: i.message,
    }))
    throw new HttpError(400, 'invalid_request', `${issues[0]?.path}: ${issues[0]?.message}`, { issues })
  }
  return {
    actor: parsed.data.actor,
    salts: parsed.data.salts ?? [],
    projectId: key.projectId,
    requestedBy: `api:key ${key.keyId}`,
  }
}

/**
 * `POST /v1/privacy/delete` and `POST /v1/privacy/export`, `{ actor, salts? }`, secret key only, scoped
 * to the key's project: the admin API of `suture privacy`. Delete answers what was removed and what the
 * operator must do by hand (Linear tickets, PostHog persons); export answers everything held.
 */
export const privacyRoutes: RegisterRoutes = (app, deps) => {
  app.post('/v1/privacy/delete', async (c) => {
    const request = await parseRequest(c, deps.bodyLimitBytes)
    const result = await deleteActor(deps.database.db, request)
    return c.json(result, 200)
  })
  app.post('/v1/privacy/export', async (c) => {
    const request = await parseRequest(c, deps.bodyLimitBytes)
    return c.json(await exportActor(deps.database.db, request), 200)
  })
}
