/** @jsxImportSource hono/jsx */

import {
  clearQuarantine,
  HumanControlError,
  LocalTracker,
  listQuarantine,
  listStoppedLineages,
  resetLineage,
} from '@suture/pm-agent'
import type { SutureDatabase } from '@suture/store'
import type { Context, Hono } from 'hono'
import { z } from 'zod'
import type { DashboardUser } from './auth.js'
import { AndonPage } from './views/andon-page.js'
import { Page, type PageChrome } from './views/layout.js'

type AndonEnv = { Variables: { user: DashboardUser } }

// Fixed texts by code: nothing from the query string is echoed into the page.
const DONE: Record<string, string> = {
  cleared: 'Quarantine cleared: the fixer may take tickets on that route again.',
  reset: 'Counters reset: the fixer may try this lineage again once it is auto-fixable.',
  'reset-label':
    'Counters reset. The ticket lives in Linear: remove its suture:escalated label there so the fixer takes it again.',
}

const clearSchema = z.object({ route: z.string().min(1).max(2_000), _csrf: z.string().max(100) })
const resetSchema = z.object({ ticket: z.string().min(1).max(200), _csrf: z.string().max(100) })

/**
 * The Andon page and its two buttons, on the dashboard's authenticated sub-app (the session and CSRF
 * checks of `createDashboardApp` run first). Who acted is the dashboard key, as on the Review page.
 */
export function registerAndonRoutes(
  app: Hono<AndonEnv>,
  deps: {
    readonly database: SutureDatabase
    readonly base: string
    readonly chrome: (c: Context<AndonEnv>) => PageChrome
    readonly now?: () => Date
  },
): void {
  const db = deps.database.db
  const now = deps.now ?? (() => new Date())
  const by = (c: Context<AndonEnv>) => `dashboard:${c.get('user').session.keyId}`
  const refuse = (c: Context<AndonEnv>, status: 400 | 404, message: string) =>
    c.html(
      <Page title="Not recorded" tab="andon" chrome={deps.chrome(c)}>
        <div class="error" role="alert">
          {message}
        </div>
        <a href={`${deps.base}/andon`}>Back to the andon page</a>
      </Page>,
      status,
    )

  app.get('/andon', async (c) => {
    const projectId = c.get('user').session.projectId
    const [quarantine, lineages] = await Promise.all([
      listQuarantine(db, { projectId }),
      listStoppedLineages(db, projectId),
    ])
    return c.html(
      <AndonPage
        chrome={deps.chrome(c)}
        quarantine={quarantine}
        lineages={lineages}
        notice={DONE[c.req.query('done') ?? '']}
      />,
    )
  })

  app.post('/andon/quarantine/clear', async (c) => {
    const parsed = clearSchema.safeParse(await c.req.parseBody())
    if (!parsed.success) return refuse(c, 400, 'The field "route" is missing; clear from the Andon page.')
    const projectId = c.get('user').session.projectId
    const cleared = await clearQuarantine(db, { projectId, route: parsed.data.route, by: by(c), at: now() })
    if (!cleared) return refuse(c, 404, `Route ${parsed.data.route} is not quarantined (anymore).`)
    return c.redirect(`${deps.base}/andon?done=cleared`, 303)
  })

  app.post('/andon/lineage/reset', async (c) => {
    const parsed = resetSchema.safeParse(await c.req.parseBody())
    if (!parsed.success) return refuse(c, 400, 'The field "ticket" is missing; reset from the Andon page.')
    const projectId = c.get('user').session.projectId
    try {
      // The dashboard reaches the local tracker only; a Linear ticket keeps its label (the notice says so).
      const reset = await resetLineage(db, {
        projectId,
        ticket: parsed.data.ticket,
        by: by(c),
        at: now(),
        tracker: new LocalTracker({ db, projectId }),
      })
      return c.redirect(
        `${deps.base}/andon?done=${reset.escalatedLabel === 'left' ? 'reset-label' : 'reset'}`,
        303,
      )
    } catch (error: unknown) {
      if (error instanceof HumanControlError) return refuse(c, 404, error.message)
      throw error
    }
  })
}
