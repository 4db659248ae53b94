/** @jsxImportSource hono/jsx */

import type { OnMerged, PullRequestMerger } from '@suture/fixer'
import {
  DecisionsUnavailableError,
  GoLiveError,
  goLive,
  goLiveOf,
  listDigests,
  listTickets,
  PairNotFoundError,
  readDigest,
  readTriage,
  storePairAnswer,
} from '@suture/pm-agent'
import type { SutureDatabase } from '@suture/store'
import { environmentsSeen, latestErrors, resolveKey } from '@suture/store'
import { type Context, Hono } from 'hono'
import { deleteCookie } from 'hono/cookie'
import type { Logger } from 'pino'
import { z } from 'zod'
import { bodyLimit, DASHBOARD_BODY_LIMIT_BYTES } from '../server/body-limit.js'
import { HttpError } from '../server/http-error.js'
import { registerAndonRoutes } from './andon-routes.js'
import {
  type CookiePolicy,
  checkLoginCsrf,
  clearSessionCookie,
  crossSite,
  currentUser,
  type DashboardUser,
  dashboardPath,
  dashboardPathOrIssues,
  LOGIN_CSRF_COOKIE,
  loginCsrf,
  RevokedSessions,
  setSessionCookie,
} from './auth.js'
import { envFromQuery } from './env-filter.js'
import { legacyLinkRoutes, registerIssueRoutes } from './issue-routes.js'
import { clientAddress, LoginFailureLog } from './login-failures.js'
import { registerProjectRoutes } from './project-routes.js'
import { registerReviewRoutes } from './review-routes.js'
import { registerSessionRoutes } from './session-routes.js'
import { MAX_SESSION_PROJECTS, SessionSigner } from './session-token.js'
import { registerSwitchRoutes } from './switch-routes.js'
import { ClustersPage } from './views/clusters-page.js'
import { DigestPage } from './views/digest-page.js'
import { ErrorsPage } from './views/errors-page.js'
import { Empty, LoginPage, Page, type PageChrome } from './views/layout.js'

export interface DashboardOptions {
  /** Where the dashboard lives; default `/app`. */
  readonly basePath?: string
  /**
   * Signs session cookies (≥ 32 bytes). Default: `SUTURE_DASHBOARD_SECRET`, else a random secret per process
   * (sessions then end when the server restarts and are not shared between servers).
   */
  readonly sessionSecret?: string | Buffer
  /** Default 12 hours. */
  readonly sessionTtlSeconds?: number
  /** `auto` (default): Secure cookies when the request came over HTTPS (or `X-Forwarded-Proto: https`). */
  readonly secureCookies?: boolean | 'auto'
  /** Sessions a page of the Sessions list shows unless `?per=` says otherwise; default 50. */
  readonly sessionsPerPage?: number
  /**
   * Where SDKs reach this server, for the snippet and DSN shown after creating a project; default the
   * service's public URL (`DashboardDeps.publicUrl`), else the address the request came to.
   */
  readonly publicUrl?: string
  /** Largest form body accepted (413 beyond, checked while reading); default 64 KiB. */
  readonly bodyLimitBytes?: number
}

export interface DashboardDeps {
  readonly database: SutureDatabase
  readonly logger?: Logger
  /** The Review page's Merge merges on GitHub through this; without it the button is "Mark merged". */
  readonly mergePullRequest?: PullRequestMerger | undefined
  /** What a merge made on the Review page starts; default pm-agent's validation (`startValidationOnMerge`). */
  readonly onMerged?: OnMerged | undefined
  /** The service's public URL (`SUTURE_PUBLIC_URL` as `suture serve` passes it), when one is configured. */
  readonly publicUrl?: string | undefined
}

interface DashboardEnv {
  Variables: { user: DashboardUser }
}

const goLiveSchema = z.object({ by: z.string().trim().min(1).max(200), _csrf: z.string().max(100) })
const loginSchema = z.object({ key: z.string().trim().min(1).max(200), _csrf: z.string().max(100) })
const decisionSchema = z.object({
  a: z.string().min(1).max(300),
  b: z.string().min(1).max(300),
  answer: z.enum(['same', 'different']),
  _csrf: z.string().max(100),
})
const weekSchema = z.string().regex(/^\d{4}-W\d{2}$/)

const SECURITY_HEADERS: Record<string, string> = {
  // Same-origin scripts only (the Review page's keyboard shortcuts); every page works without them.
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
}

function resolveSigner(options: DashboardOptions, logger: Logger | undefined): SessionSigner {
  const secret = options.sessionSecret ?? process.env.SUTURE_DASHBOARD_SECRET
  if (secret !== undefined && secret !== '') return new SessionSigner(secret)
  logger?.info(
    'dashboard: no SUTURE_DASHBOARD_SECRET set, using a random per-process secret (sessions end on restart)',
  )
  return SessionSigner.random()
}

/**
 * The Monday-review dashboard as a Hono sub-app: login with the project's secret key, then Issues,
 * Sessions, Clusters & tickets, Digest and the other pages, server-rendered with `hono/jsx`.
 * @example
 * const { app } = createApp({ database, routes: [dashboardRoutes()] })
 */
export function createDashboardApp(deps: DashboardDeps, options: DashboardOptions = {}): Hono<DashboardEnv> {
  const base = (options.basePath ?? '/app').replace(/\/+$/, '')
  const db = deps.database.db
  const signer = resolveSigner(options, deps.logger)
  const revoked = new RevokedSessions(db)
  const ttl = options.sessionTtlSeconds ?? 12 * 3600
  const cookies: CookiePolicy = { path: base, secure: options.secureCookies ?? 'auto' }
  const failures = new LoginFailureLog(deps.logger)
  const app = new Hono<DashboardEnv>()

  const chromeOf = (c: Context, user: DashboardUser): PageChrome => {
    const url = new URL(c.req.url)
    return {
      projectName: user.projectName,
      csrf: user.csrf,
      base,
      currentProjectId: user.session.projectId,
      projects: user.projects.map((p) => ({ projectId: p.projectId, name: p.name })),
      here: url.pathname + url.search,
      notice:
        user.dropped.length === 0
          ? undefined
          : `Signed out of ${user.dropped.join(', ')}: ${user.dropped.length === 1 ? 'its secret key was' : 'their secret keys were'} revoked. Sign in again with a live key to see ${user.dropped.length === 1 ? 'it' : 'them'}.`,
    }
  }
  const chrome = (c: Context<DashboardEnv>): PageChrome => chromeOf(c, c.get('user'))

  // With a live session, the login page adds a project to it instead of replacing it.
  const loginPage = async (
    c: Context,
    status: 200 | 400 | 401 | 403 | 409,
    error?: string,
    notice?: string,
  ) => {
    const user = await currentUser(c, db, signer, revoked)
    return c.html(
      <LoginPage
        base={base}
        csrf={loginCsrf(c, cookies)}
        error={error}
        notice={notice}
        next={dashboardPath(base, c.req.query('next'))}
        signedIn={user?.projects.map((p) => p.name)}
        max={MAX_SESSION_PROJECTS}
      />,
      status,
    )
  }

  app.use('*', async (c, next) => {
    await next()
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value)
  })
  app.use('*', bodyLimit(options.bodyLimitBytes ?? DASHBOARD_BODY_LIMIT_BYTES))

  const LOGGED_OUT: Record<string, string> = {
    '1': 'You are logged out.',
    all: 'You are logged out of every project this browser was signed in to.',
  }
  app.get('/login', (c) => loginPage(c, 200, undefined, LOGGED_OUT[c.req.query('out') ?? '']))

  app.post('/login', async (c) => {
    if (crossSite(c))
      return loginPage(c, 403, 'This form was posted from another site; log in from this page.')
    const parsed = loginSchema.safeParse(await c.req.parseBody())
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? 'key'
      return loginPage(c, 400, `The field "${field}" is missing or too long; paste the whole secret key.`)
    }
    if (!checkLoginCsrf(c, parsed.data._csrf)) {
      return loginPage(c, 403, 'The login form expired (field "_csrf"); it has been refreshed — try again.')
    }
    const key = await resolveKey(db, parsed.data.key)
    if (key === undefined) {
      failures.failed(clientAddress(c), 'no live key matches')
      return loginPage(c, 401, 'No live key matches. Check for typos, or whether the key was revoked.')
    }
    if (key.kind !== 'secret') {
      failures.failed(clientAddress(c), 'public key')
      return loginPage(
        c,
        403,
        'That is a public ingest key: it can only send data. Log in with the project’s secret admin key (sut_sec_…).',
      )
    }
    // Signing in to another project keeps the ones this browser holds (a key of one it holds replaces
    // that project's older key); the new project becomes the current one.
    const user = await currentUser(c, db, signer, revoked)
    const signedIn = user?.session.projects ?? []
    if (signedIn.length >= MAX_SESSION_PROJECTS && !signedIn.some((p) => p.projectId === key.projectId)) {
      return loginPage(
        c,
        409,
        `This browser is signed in to ${signedIn.length} projects, the most one session holds. Sign out of one from the project menu first, then add this one.`,
      )
    }
    const signed = signer.issue({
      projectId: key.projectId,
      keyId: key.keyId,
      ttlSeconds: ttl,
      signedIn,
    })
    // The old token names fewer projects; it is revoked so only the new one stays in use.
    if (user !== undefined) await revoked.revoke(user.session)
    setSessionCookie(c, cookies, signed)
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: cookies.path })
    deps.logger?.info(
      { projectId: key.projectId, keyId: key.keyId, projects: signedIn.length + 1 },
      'dashboard login',
    )
    return c.redirect(dashboardPathOrIssues(base, c.req.query('next')), 303)
  })

  // Everything below needs a session.
  app.use('*', async (c, next) => {
    const user = await currentUser(c, db, signer, revoked)
    if (user === undefined) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const url = new URL(c.req.url)
        return c.redirect(`${base}/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302)
      }
      return c.redirect(`${base}/login`, 303)
    }
    if (user.dropped.length > 0) {
      // A revoked key's project leaves the cookie too, so it no longer counts towards the cap.
      setSessionCookie(c, cookies, signer.update(user.session, {}))
      deps.logger?.info(
        { dropped: user.dropped.length },
        'dashboard session dropped projects with revoked keys',
      )
    }
    if (c.req.method === 'POST') {
      const body = await c.req.parseBody()
      if (crossSite(c) || !signer.checkCsrf(user.session, body._csrf)) {
        return c.html(
          <Page title="Refused" tab="sessions" chrome={chromeOf(c, user)}>
            <div class="error">
              This form was refused (field "_csrf" missing or stale, or posted from another site). Reload the
              page and try again.
            </div>
          </Page>,
          403,
        )
      }
    }
    c.set('user', user)
    await next()
  })

  // Logs the browser out of every project it holds (the project menu signs out of one).
  app.post('/logout', async (c) => {
    const user = c.get('user')
    await revoked.revoke(user.session)
    clearSessionCookie(c, cookies)
    return c.redirect(`${base}/login?out=${user.projects.length > 1 ? 'all' : '1'}`, 303)
  })
  registerSwitchRoutes(app, { base, signer, revoked, cookies, chrome, logger: deps.logger })

  app.get('/', (c) => c.redirect(`${base}/issues`, 302))

  // `?env=` is read the same way on every page that filters by environment (envFromQuery).
  const refuseEnv = (c: Context<DashboardEnv>, tab: 'errors' | 'clusters', value: string) =>
    c.html(
      <Page title="Refused" tab={tab} chrome={chrome(c)}>
        <div class="error">{`The field "env" is invalid ("${value.slice(0, 80)}"): use an environment name like production or staging.`}</div>
      </Page>,
      400,
    )

  app.get('/errors', async (c) => {
    const env = envFromQuery(c)
    if (!env.ok) return refuseEnv(c, 'errors', env.value)
    const projectId = c.get('user').session.projectId
    const [errors, environments] = await Promise.all([
      latestErrors(db, projectId, { limit: 100, environment: env.env }),
      environmentsSeen(db, projectId),
    ])
    return c.html(<ErrorsPage chrome={chrome(c)} errors={errors} env={env.env} environments={environments} />)
  })

  app.get('/clusters', async (c) => {
    const env = envFromQuery(c)
    if (!env.ok) return refuseEnv(c, 'clusters', env.value)
    const projectId = c.get('user').session.projectId
    const tickets = await listTickets(db, projectId)
    const view = await readTriage(db, projectId, tickets)
    const decided = c.req.query('decided')
    const notice =
      decided === 'same' || decided === 'different'
        ? `Saved: "${decided}". The next triage run will ${decided === 'same' ? 'merge' : 'keep apart'} these two.`
        : undefined
    const environments = await environmentsSeen(db, projectId)
    return c.html(
      <ClustersPage
        chrome={chrome(c)}
        view={view}
        tickets={tickets}
        notice={notice}
        env={env.env}
        environments={environments}
      />,
    )
  })

  app.post('/pairs/decision', async (c) => {
    const parsed = decisionSchema.safeParse(await c.req.parseBody())
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? 'answer'
      return c.html(
        <Page title="Refused" tab="clusters" chrome={chrome(c)}>
          <div class="error">{`The field "${field}" is missing or invalid; answer from the Clusters page.`}</div>
        </Page>,
        400,
      )
    }
    const user = c.get('user')
    try {
      await storePairAnswer(db, user.session.projectId, {
        a: parsed.data.a,
        b: parsed.data.b,
        answer: parsed.data.answer,
        decidedBy: `dashboard:${user.session.keyId}`,
      })
    } catch (error: unknown) {
      if (!(error instanceof DecisionsUnavailableError || error instanceof PairNotFoundError)) throw error
      return c.html(
        <Page title="Not stored" tab="clusters" chrome={chrome(c)}>
          <div class="error">{error.message}</div>
        </Page>,
        error instanceof PairNotFoundError ? 404 : 409,
      )
    }
    return c.redirect(`${base}/clusters?decided=${parsed.data.answer}#pairs`, 303)
  })

  const digestPage = async (c: Context<DashboardEnv>, week: string | undefined) => {
    const projectId = c.get('user').session.projectId
    const [digests, current, live] = await Promise.all([
      listDigests(db, projectId),
      readDigest(db, projectId, week),
      goLiveOf(db, projectId),
    ])
    if (week !== undefined && current === undefined) {
      return c.html(
        <Page title="Digest" tab="digest" chrome={chrome(c)}>
          <Empty title={`No digest for ${week}.`}>
            <code>{`pnpm suture digest --week ${week}`}</code> writes it.{' '}
            <a href={`${base}/digest`}>Latest digest</a>
          </Empty>
        </Page>,
        404,
      )
    }
    const notice =
      c.req.query('live') === '1' ? 'The project is live: the next runs file and comment tickets.' : undefined
    return c.html(
      <DigestPage chrome={chrome(c)} digests={digests} current={current} live={live} notice={notice} />,
    )
  }

  // Going live is a person's decision: the form asks who, and the record keeps the dashboard key too.
  app.post('/go-live', async (c) => {
    const parsed = goLiveSchema.safeParse(await c.req.parseBody())
    if (!parsed.success) {
      return c.html(
        <Page title="Refused" tab="digest" chrome={chrome(c)}>
          <div class="error">Say who decides (the field "by"), then press Go live again.</div>
        </Page>,
        400,
      )
    }
    const user = c.get('user')
    try {
      await goLive(db, {
        projectId: user.session.projectId,
        by: `${parsed.data.by} (dashboard:${user.session.keyId})`,
      })
    } catch (error: unknown) {
      if (!(error instanceof GoLiveError)) throw error
      return c.html(
        <Page title="Not stored" tab="digest" chrome={chrome(c)}>
          <div class="error">{error.message}</div>
        </Page>,
        409,
      )
    }
    return c.redirect(`${base}/digest?live=1`, 303)
  })

  app.get('/digest', (c) => digestPage(c, undefined))
  app.get('/digest/:week', (c) => {
    const week = weekSchema.safeParse(c.req.param('week'))
    return week.success ? digestPage(c, week.data) : c.redirect(`${base}/digest`, 302)
  })
  app.get('/digest/:week/markdown', async (c) => {
    const week = weekSchema.safeParse(c.req.param('week'))
    const digest = week.success ? await readDigest(db, c.get('user').session.projectId, week.data) : undefined
    if (digest === undefined) return c.text('No digest for that week.', 404)
    return c.text(digest.markdown, 200, { 'Content-Type': 'text/markdown; charset=utf-8' })
  })

  registerSessionRoutes(app, { database: deps.database, base, chrome, perPage: options.sessionsPerPage })
  registerProjectRoutes(app, {
    database: deps.database,
    chrome,
    publicUrl: options.publicUrl ?? deps.publicUrl,
    logger: deps.logger,
  })
  registerReviewRoutes(app, {
    database: deps.database,
    base,
    chrome,
    mergePullRequest: deps.mergePullRequest,
    onMerged: deps.onMerged,
  })
  registerAndonRoutes(app, { database: deps.database, base, chrome })
  registerIssueRoutes(app, { database: deps.database, base, chrome })

  app.all('*', (c) =>
    c.html(
      <Page title="Not found" tab="sessions" chrome={chrome(c)}>
        <Empty title="No such page.">
          <a href={`${base}/sessions`}>Sessions</a>
        </Empty>
      </Page>,
      404,
    ),
  )

  app.onError((error, c) => {
    if (error instanceof HttpError) {
      return c.text(error.message, error.status, { ...error.headers, ...SECURITY_HEADERS })
    }
    deps.logger?.error({ err: error, path: c.req.path }, 'dashboard error')
    return c.html(
      <html lang="en">
        <body style="font-family:system-ui;padding:40px">
          <h1>Something went wrong</h1>
          <p>
            The error was logged on the server. Reload the page; if it keeps happening, check the server log.
          </p>
          <p>
            <a href={`${base}/sessions`}>Back to the dashboard</a>
          </p>
        </body>
      </html>,
      500,
    )
  })

  return app
}

/**
 * Mounts the dashboard on an existing Hono app (the ingest server's), at `options.basePath` (`/app`).
 * @example
 * mountDashboard(app, { database, logger })
 */
export function mountDashboard<A extends { route(path: string, app: Hono<DashboardEnv>): unknown }>(
  app: A,
  deps: DashboardDeps,
  options: DashboardOptions = {},
): A {
  const base = (options.basePath ?? '/app').replace(/\/+$/, '')
  app.route(base, createDashboardApp(deps, options))
  app.route('/', legacyLinkRoutes<DashboardEnv>(base))
  return app
}

/**
 * The dashboard as an ingest route registration: `createApp({ database, routes: [dashboardRoutes()] })`.
 * @example
 * const server = await startServer({ database, routes: [dashboardRoutes({ sessionSecret })] })
 */
export function dashboardRoutes(
  options: DashboardOptions = {},
): (app: { route(path: string, app: Hono<DashboardEnv>): unknown }, deps: DashboardDeps) => void {
  return (app, deps) => {
    mountDashboard(app, deps, options)
  }
}
