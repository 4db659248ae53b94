/** @jsxImportSource hono/jsx */

import {
  dashboardLinks,
  ISSUE_SORTS,
  ISSUE_STATUSES,
  listIssues,
  readIssue,
  readLocalTicket,
  readUngroupedIssue,
} from '@suture/pm-agent'
import type { SutureDatabase } from '@suture/store'
import { type Context, type Env, Hono } from 'hono'
import { z } from 'zod'
import type { DashboardUser } from './auth.js'
import { IssuePage } from './views/issue-page.js'
import { type IssueFilters, IssuesPage } from './views/issues-page.js'
import { Empty, Page, type PageChrome } from './views/layout.js'
import { TicketPage } from './views/ticket-page.js'

type IssueEnv = { Variables: { user: DashboardUser } }

const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v)
const issuesQuerySchema = z.object({
  week: z.preprocess(
    blankIsAbsent,
    z
      .string()
      .regex(/^\d{4}-W\d{2}$/)
      .optional(),
  ),
  env: z.preprocess(blankIsAbsent, z.string().max(100).optional()),
  q: z.preprocess(blankIsAbsent, z.string().max(200).optional()),
  status: z.preprocess(blankIsAbsent, z.enum(ISSUE_STATUSES).optional()),
  kind: z.preprocess(blankIsAbsent, z.enum(['bug', 'improvement']).optional()),
  department: z.preprocess(blankIsAbsent, z.string().max(100).optional()),
  held: z.preprocess(blankIsAbsent, z.enum(['yes', 'no']).optional()),
  fixable: z.preprocess(blankIsAbsent, z.enum(['yes', 'no']).optional()),
  sort: z.preprocess(blankIsAbsent, z.enum(ISSUE_SORTS).optional()),
  page: z.preprocess(blankIsAbsent, z.coerce.number().int().min(1).max(10_000).optional()),
  per: z.preprocess(blankIsAbsent, z.coerce.number().int().min(1).max(200).optional()),
})

const yes = (v: 'yes' | 'no' | undefined) => (v === undefined ? undefined : v === 'yes')

/**
 * The pages Suture's own links point at — a local ticket (`/tickets/:id`) and an issue (`/issues/:key`) —
 * on the dashboard's authenticated sub-app. Their paths come from `dashboardLinks`, the one builder the
 * writers of those links use.
 */
export function registerIssueRoutes(
  app: Hono<IssueEnv>,
  deps: {
    readonly database: SutureDatabase
    readonly base: string
    readonly chrome: (c: Context<IssueEnv>) => PageChrome
  },
): void {
  const db = deps.database.db
  // Links inside pages are paths on this server, whatever public URL the writers were given.
  const links = dashboardLinks('', deps.base)

  const notFound = (c: Context<IssueEnv>, title: string, detail: string) =>
    c.html(
      <Page title="Not found" tab="issues" chrome={deps.chrome(c)}>
        <Empty title={title}>
          {detail} <a href={links.issues()}>Issues</a>
        </Empty>
      </Page>,
      404,
    )

  // A link written for another project is not a dead link: say whose it is and how to get there — one
  // click when the browser is signed in to it, else adding it with its secret key lands back here.
  const otherProject = (c: Context<IssueEnv>, what: string, wanted: string) => {
    const user = c.get('user')
    const chrome = deps.chrome(c)
    const signedIn = user.projects.find((p) => p.projectId === wanted)
    return c.html(
      <Page title="Another project" tab="issues" chrome={chrome}>
        <Empty title={`This ${what} belongs to another project.`}>
          {signedIn ? (
            <form method="post" action={`${deps.base}/switch`} class="inline">
              {`It is in ${signedIn.name}; you are looking at ${user.projectName}. `}
              <input type="hidden" name="_csrf" value={chrome.csrf} />
              <input type="hidden" name="from" value={chrome.here} />
              <button class="btn primary" type="submit" name="project" value={wanted}>
                {`Switch to ${signedIn.name}`}
              </button>
            </form>
          ) : (
            <>
              {`You are signed in to ${user.projects.map((p) => p.name).join(', ')}, not to project ${wanted.slice(0, 100)}. `}
              <a href={`${deps.base}/login?add=1&next=${encodeURIComponent(chrome.here)}`}>
                Add that project with its secret key
              </a>{' '}
              to open it.
            </>
          )}
        </Empty>
      </Page>,
      403,
    )
  }

  app.get('/issues', async (c) => {
    const parsed = issuesQuerySchema.safeParse(c.req.query())
    const projectId = c.get('user').session.projectId
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? 'query'
      const list = await listIssues(db, projectId)
      return c.html(
        <IssuesPage
          chrome={deps.chrome(c)}
          list={list}
          filters={{}}
          links={links}
          error={`The filter "${field}" has a value this page does not know; showing every issue instead.`}
        />,
        400,
      )
    }
    const f = parsed.data
    const list = await listIssues(db, projectId, {
      week: f.week,
      env: f.env,
      q: f.q,
      status: f.status,
      kind: f.kind,
      department: f.department,
      held: yes(f.held),
      autoFixable: yes(f.fixable),
      sort: f.sort,
      page: f.page,
      pageSize: f.per,
    })
    const { page: _page, per, ...rest } = f
    const filters: IssueFilters = { ...rest, per: per === undefined ? undefined : String(per) }
    return c.html(<IssuesPage chrome={deps.chrome(c)} list={list} filters={filters} links={links} />)
  })

  app.get('/tickets/:id', async (c) => {
    const id = c.req.param('id')
    const ticket = await readLocalTicket(db, c.get('user').session.projectId, id)
    if (ticket === undefined) {
      return notFound(
        c,
        `No local ticket ${id} in this project.`,
        'Tickets filed on Linear open in Linear; local ones are listed with their issues.',
      )
    }
    return c.html(<TicketPage chrome={deps.chrome(c)} ticket={ticket} links={links} />)
  })

  app.get('/issues/:key', async (c) => {
    const user = c.get('user')
    const key = c.req.param('key')
    const wanted = c.req.query('project')
    const week = c.req.query('week')
    const validWeek = week !== undefined && /^\d{4}-W\d{2}$/.test(week) ? week : undefined
    // A cluster key, else the fingerprint of an error no triage run has grouped yet (the Issues list links both).
    const issue =
      (await readIssue(db, user.session.projectId, key, validWeek)) ??
      (await readUngroupedIssue(db, user.session.projectId, key, validWeek))
    if (issue === undefined) {
      if (wanted !== undefined && wanted !== user.session.projectId) return otherProject(c, 'issue', wanted)
      return notFound(
        c,
        'No such issue in this project.',
        'Issues appear as errors arrive (grouped by a triage run: `suture triage`, or the worker’s weekly run).',
      )
    }
    return c.html(<IssuePage chrome={deps.chrome(c)} issue={issue} links={links} />)
  })
}

/**
 * Paths Suture wrote before every link went through `dashboardLinks` (`/tickets/LOCAL-1`,
 * `/clusters/<project>/<key>`, `/dashboard/projects/<project>/clusters/<key>`) still sit in filed tickets
 * and digests: they redirect to the pages that replaced them, as does `/` to the dashboard.
 */
export function legacyLinkRoutes<E extends Env>(base: string): Hono<E> {
  const links = dashboardLinks('', base)
  const app = new Hono<E>()
  app.get('/', (c) => c.redirect(links.home, 302))
  app.get('/tickets/:id', (c) => c.redirect(links.ticket(c.req.param('id')), 301))
  app.get('/clusters/:project/:key', (c) =>
    c.redirect(links.issue(c.req.param('key'), c.req.param('project')), 301),
  )
  app.get('/dashboard/projects/:project/clusters/:key', (c) =>
    c.redirect(links.issue(c.req.param('key'), c.req.param('project')), 301),
  )
  return app
}
