/** @jsxImportSource hono/jsx */

import { dashboardLinks, issuesOfSessions } from '@suture/pm-agent'
import { listSessions, SESSION_SORTS, sessionDetail, sessionsOverview } from '@suture/scorer'
import type { SutureDatabase } from '@suture/store'
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import type { DashboardUser } from './auth.js'
import { Empty, Page, type PageChrome } from './views/layout.js'
import { type SessionFilters, SessionPage, SessionsPage, WINDOW_DAYS } from './views/sessions-page.js'

type SessionEnv = { Variables: { user: DashboardUser } }

const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v)
const score = z.preprocess(blankIsAbsent, z.coerce.number().min(0).max(10).optional())
const sessionsQuerySchema = z
  .object({
    days: z.preprocess(
      blankIsAbsent,
      z.coerce
        .number()
        .refine((d) => (WINDOW_DAYS as readonly number[]).includes(d))
        .optional(),
    ),
    q: z.preprocess(blankIsAbsent, z.string().max(200).optional()),
    min: score,
    max: score,
    department: z.preprocess(blankIsAbsent, z.string().max(100).optional()),
    route: z.preprocess(blankIsAbsent, z.string().max(300).startsWith('/').optional()),
    error: z.preprocess(blankIsAbsent, z.enum(['yes', 'no']).optional()),
    sort: z.preprocess(blankIsAbsent, z.enum(SESSION_SORTS).optional()),
    page: z.preprocess(blankIsAbsent, z.coerce.number().int().min(1).max(10_000).optional()),
    per: z.preprocess(blankIsAbsent, z.coerce.number().int().min(1).max(200).optional()),
  })
  .refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, {
    path: ['max'],
    message: 'below min',
  })

/** What the page says about a query parameter it could not read. */
const REFUSAL: Record<string, string> = {
  days: 'use 7, 30 or 90',
  min: 'use a score from 0 to 10',
  max: 'use a score from 0 to 10, not below "min"',
  route: 'use a path or route template starting with /, like /checkout/:id',
  error: 'use yes or no',
  sort: `use ${SESSION_SORTS.join(', ')}`,
  page: 'use a page number from 1',
  per: 'use 1 to 200 rows a page',
}

/**
 * The Sessions list (`/sessions`: the implied-NPS charts, then every session — searched, filtered, sorted,
 * paged — with the issues each touched) and a session's page (`/sessions/:id`: its score, issues and
 * timeline). Links to sessions and issues come from `dashboardLinks`.
 */
export function registerSessionRoutes(
  app: Hono<SessionEnv>,
  deps: {
    readonly database: SutureDatabase
    readonly base: string
    readonly chrome: (c: Context<SessionEnv>) => PageChrome
    /** Rows per page of the list unless `?per=` says otherwise; default 50. */
    readonly perPage?: number | undefined
  },
): void {
  const db = deps.database.db
  const links = dashboardLinks('', deps.base)

  app.get('/sessions', async (c) => {
    const projectId = c.get('user').session.projectId
    const parsed = sessionsQuerySchema.safeParse(c.req.query())
    // A parameter the page cannot read is named (400) over the unfiltered list, so the page stays usable.
    const field = parsed.success ? undefined : (parsed.error.issues[0]?.path.join('.') ?? 'query')
    const f = parsed.success ? parsed.data : {}
    const days = f.days ?? 30
    const [overview, list] = await Promise.all([
      sessionsOverview(db, projectId, { days, lowest: 0 }),
      listSessions(db, projectId, {
        q: f.q,
        minScore: f.min,
        maxScore: f.max,
        department: f.department,
        route: f.route,
        hasError: f.error === undefined ? undefined : f.error === 'yes',
        sort: f.sort,
        page: f.page,
        pageSize: f.per ?? deps.perPage,
      }),
    ])
    const issues = await issuesOfSessions(
      db,
      projectId,
      list.rows.map((r) => r.sessionId),
    )
    const text = (v: number | undefined) => (v === undefined ? undefined : String(v))
    const filters: SessionFilters = {
      days: text(f.days),
      q: f.q,
      min: text(f.min),
      max: text(f.max),
      department: f.department,
      route: f.route,
      error: f.error,
      sort: f.sort,
      per: text(f.per),
    }
    const error =
      field === undefined
        ? undefined
        : `The filter "${field}" has a value this page cannot read (${REFUSAL[field] ?? 'check it'}); showing every session instead.`
    return c.html(
      <SessionsPage
        chrome={deps.chrome(c)}
        overview={overview}
        days={days}
        list={list}
        filters={filters}
        issues={issues}
        links={links}
        error={error}
      />,
      error === undefined ? 200 : 400,
    )
  })

  app.get('/sessions/:id', async (c) => {
    const projectId = c.get('user').session.projectId
    const id = c.req.param('id')
    const detail = await sessionDetail(db, projectId, id)
    if (detail === undefined) {
      return c.html(
        <Page title="Not found" tab="sessions" chrome={deps.chrome(c)}>
          <Empty title="No such session in this project.">
            <a href={`${deps.base}/sessions`}>Back to sessions</a>
          </Empty>
        </Page>,
        404,
      )
    }
    const issues = (await issuesOfSessions(db, projectId, [id])).get(id) ?? []
    return c.html(<SessionPage chrome={deps.chrome(c)} detail={detail} issues={issues} links={links} />)
  })
}
