/** @jsxImportSource hono/jsx */

import type { SutureDatabase } from '@suture/store'
import { createProject, InvalidOriginError, normalizeOrigin, ProjectNameTakenError } from '@suture/store'
import type { Context, Hono } from 'hono'
import type { Logger } from 'pino'
import { z } from 'zod'
import { formatDsn } from '../sentry/dsn.js'
import type { DashboardUser } from './auth.js'
import type { PageChrome } from './views/layout.js'
import { NewProjectPage, ProjectCreatedPage, type ProjectForm } from './views/project-pages.js'

type ProjectEnv = { Variables: { user: DashboardUser } }

const newProjectSchema = z.object({
  name: z.string().trim().min(1).max(200),
  origins: z.string().max(4_000).optional(),
  allow_duplicate: z.literal('yes').optional(),
  _csrf: z.string().max(100),
})

/** Origins as a person pastes them: one a line, or separated by commas or spaces. */
function splitOrigins(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter((o) => o !== '')
}

/**
 * Creating a project from the dashboard (`/projects/new`): the same `createProject` as `suture project
 * create`, refusing a name already taken unless the person ticks "create anyway", and showing the new keys
 * once. The POST goes through the dashboard's CSRF check like every other form.
 */
export function registerProjectRoutes(
  app: Hono<ProjectEnv>,
  deps: {
    readonly database: SutureDatabase
    readonly chrome: (c: Context<ProjectEnv>) => PageChrome
    /** Where SDKs reach this server (`SUTURE_PUBLIC_URL`); default the address the request came to. */
    readonly publicUrl?: string | undefined
    readonly logger?: Logger | undefined
  },
): void {
  const db = deps.database.db

  app.get('/projects/new', (c) => c.html(<NewProjectPage chrome={deps.chrome(c)} />))

  app.post('/projects', async (c) => {
    const body = await c.req.parseBody()
    const parsed = newProjectSchema.safeParse(body)
    const form: ProjectForm = {
      name: typeof body.name === 'string' ? body.name.slice(0, 200) : undefined,
      origins: typeof body.origins === 'string' ? body.origins.slice(0, 4_000) : undefined,
      allowDuplicate: body.allow_duplicate === 'yes',
    }
    const refuse = (status: 400 | 409, error: string, nameTaken = false) =>
      c.html(
        <NewProjectPage chrome={deps.chrome(c)} form={form} error={error} nameTaken={nameTaken} />,
        status,
      )
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? 'name'
      return refuse(
        400,
        field === 'name'
          ? 'The field "name" is required (at most 200 characters).'
          : `The field "${field}" is invalid; fill in the form again.`,
      )
    }
    const origins = splitOrigins(parsed.data.origins)
    const user = c.get('user')
    try {
      const created = await createProject(db, {
        name: parsed.data.name,
        origins,
        allowDuplicate: parsed.data.allow_duplicate === 'yes',
      })
      deps.logger?.info(
        { projectId: created.projectId, by: `dashboard:${user.session.keyId}` },
        'dashboard created a project',
      )
      const endpoint = (deps.publicUrl || new URL(c.req.url).origin).replace(/\/+$/, '')
      return c.html(
        <ProjectCreatedPage
          chrome={deps.chrome(c)}
          name={parsed.data.name}
          projectId={created.projectId}
          publicKey={created.publicKey}
          secretKey={created.secretKey}
          dsn={formatDsn({ baseUrl: endpoint, publicKey: created.publicKey, projectId: created.projectId })}
          endpoint={endpoint}
          origins={[...new Set(origins.map(normalizeOrigin))]}
        />,
        201,
      )
    } catch (error: unknown) {
      if (error instanceof InvalidOriginError) return refuse(400, `The field "origins": ${error.message}`)
      if (error instanceof ProjectNameTakenError)
        return refuse(
          409,
          `A project named “${error.projectName}” exists already. Pick another name, or tick “Create anyway” to make a second one.`,
          true,
        )
      throw error
    }
  })
}
