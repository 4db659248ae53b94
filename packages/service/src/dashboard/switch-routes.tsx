/** @jsxImportSource hono/jsx */

import type { Context, Hono } from 'hono'
import type { Logger } from 'pino'
import { z } from 'zod'
import {
  type CookiePolicy,
  clearSessionCookie,
  type DashboardUser,
  dashboardPath,
  dashboardPathOrIssues,
  type RevokedSessions,
  setSessionCookie,
} from './auth.js'
import type { SessionSigner } from './session-token.js'
import { Empty, Page, type PageChrome } from './views/layout.js'

type SwitchEnv = { Variables: { user: DashboardUser } }

const switchSchema = z.object({
  project: z.string().min(1).max(100),
  from: z.string().max(2_000).optional(),
  _csrf: z.string().max(100),
})

/** The list page of each kind of dashboard page, by its first path segment. */
const LIST_PAGE = new Map([
  ['issues', '/issues'],
  ['tickets', '/issues'],
  ['sessions', '/sessions'],
  ['errors', '/errors'],
  ['clusters', '/clusters'],
  ['digest', '/digest'],
  ['review', '/review'],
  ['andon', '/andon'],
  ['projects', '/projects/new'],
])

/** Filters that mean the same in every project (a week, an environment, a window), kept across a switch. */
const KEPT_FILTERS = ['week', 'env', 'days']

/**
 * Where switching to `projectId` from the page `from` lands: the same kind of page of the other project.
 * A list page stays itself (with its week / environment / window); a detail page names an id of the old
 * project, so it becomes its list page — unless it is an issue link written for `projectId` itself
 * (`?project=`), which then opens. Anything else lands on Issues.
 * @example
 * switchTarget('/app', '/app/sessions/s_1', 'prj_b') // '/app/sessions'
 */
export function switchTarget(base: string, from: string | undefined, projectId: string): string {
  const fallback = `${base}/issues`
  const path = dashboardPath(base, from)
  if (path === undefined) return fallback
  const url = new URL(path, 'http://dashboard.invalid')
  const [page = '', id] = url.pathname.slice(base.length + 1).split('/')
  if (page === 'issues' && id !== undefined && url.searchParams.get('project') === projectId) return path
  const list = LIST_PAGE.get(page)
  if (list === undefined) return fallback
  const kept = new URLSearchParams()
  for (const name of KEPT_FILTERS) {
    const value = url.searchParams.get(name)
    if (value) kept.set(name, value)
  }
  const query = kept.toString()
  return `${base}${list}${query === '' ? '' : `?${query}`}`
}

/**
 * The project menu's two posts (through the dashboard's CSRF check like every form): `/switch` makes
 * another signed-in project the current one, `/sign-out` signs the browser out of one project and keeps
 * the others. Logging out of all of them is `/logout`.
 */
export function registerSwitchRoutes(
  app: Hono<SwitchEnv>,
  deps: {
    readonly base: string
    readonly signer: SessionSigner
    readonly revoked: RevokedSessions
    readonly cookies: CookiePolicy
    readonly chrome: (c: Context<SwitchEnv>) => PageChrome
    readonly logger?: Logger | undefined
  },
): void {
  const { base, signer, cookies } = deps

  const refuse = (c: Context<SwitchEnv>, status: 400 | 403, title: string, detail: string) =>
    c.html(
      <Page title="Refused" tab="issues" chrome={deps.chrome(c)}>
        <Empty title={title}>
          {detail} <a href={`${base}/login?add=1`}>Add another project</a>
        </Empty>
      </Page>,
      status,
    )

  // Both forms post `project` and the page they were on; the project must be one this browser holds.
  const readForm = async (c: Context<SwitchEnv>) => {
    const parsed = switchSchema.safeParse(await c.req.parseBody())
    if (!parsed.success)
      return {
        error: refuse(
          c,
          400,
          'No project chosen.',
          'The field "project" is missing; pick one from the project menu.',
        ),
      }
    const user = c.get('user')
    if (!user.projects.some((p) => p.projectId === parsed.data.project)) {
      return {
        error: refuse(
          c,
          403,
          'This browser is not signed in to that project.',
          'Its key may have been revoked; sign in to it again with a live secret key.',
        ),
      }
    }
    return { user, project: parsed.data.project, from: parsed.data.from }
  }

  app.post('/switch', async (c) => {
    const form = await readForm(c)
    if ('error' in form) return form.error
    // Same nonce: the CSRF tokens of the browser's other open pages stay good.
    setSessionCookie(c, cookies, signer.update(form.user.session, { current: form.project }))
    return c.redirect(switchTarget(base, form.from, form.project), 303)
  })

  app.post('/sign-out', async (c) => {
    const form = await readForm(c)
    if ('error' in form) return form.error
    const { user, project } = form
    // The old cookie still names the project, so its nonce is revoked and the rest get a new one.
    await deps.revoked.revoke(user.session)
    const rest = user.session.projects.filter((p) => p.projectId !== project)
    deps.logger?.info({ projectId: project, remaining: rest.length }, 'dashboard sign-out of one project')
    if (rest.length === 0) {
      clearSessionCookie(c, cookies)
      return c.redirect(`${base}/login?out=1`, 303)
    }
    const signed = signer.update(user.session, { projects: rest, rotate: true })
    setSessionCookie(c, cookies, signed)
    const { session } = signed
    const stays = session.projectId === user.session.projectId
    return c.redirect(
      stays ? dashboardPathOrIssues(base, form.from) : switchTarget(base, form.from, session.projectId),
      303,
    )
  })
}
