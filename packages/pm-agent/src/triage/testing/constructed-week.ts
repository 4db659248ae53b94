import { type Envelope, parseEnvelope, parseSessionEvent, type SessionEvent } from '@suture/envelope'
import { type Database, storeEnvelopes, storeSessionEvents } from '@suture/store'
import type { Kysely } from 'kysely'
import { isoWeekRange } from '../week.js'

const DAY = 86_400_000

interface ErrorSpec {
  readonly id: string
  readonly at: Date
  readonly user: string
  readonly session: string
  readonly route: string
  readonly type: string
  readonly message: string
  readonly frames: readonly { function: string; file: string; line: number }[]
  readonly workspace?: string
  readonly boundary?: string
}

export function errorEnvelope(spec: ErrorSpec): Envelope {
  const parsed = parseEnvelope({
    id: `wk-${spec.id}`,
    schemaVersion: 1,
    kind: 'error',
    occurredAt: spec.at.toISOString(),
    app: { name: 'demo-app', release: '2026.3.1', environment: 'production' },
    route: { template: spec.route },
    actor: { idHash: spec.user },
    workspace: { id: spec.workspace ?? `ws_${spec.user}` },
    sessionId: spec.session,
    boundary: spec.boundary ?? 'AppBoundary',
    error: {
      type: spec.type,
      message: spec.message,
      frames: spec.frames.map((f) => ({ ...f, column: 3, inApp: true })),
      handled: false,
      mechanism: 'boundary',
    },
  })
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  return parsed.value
}

export function feedbackEnvelope(spec: {
  id: string
  at: Date
  user: string
  session: string
  route: string
  text: string
  rating?: number
  /** The error envelope the feedback follows (typed into its fallback). */
  linkedTo?: string
}): Envelope {
  const parsed = parseEnvelope({
    id: `wk-${spec.id}`,
    schemaVersion: 1,
    kind: 'feedback',
    occurredAt: spec.at.toISOString(),
    app: { name: 'demo-app', release: '2026.3.1' },
    route: { template: spec.route },
    actor: { idHash: spec.user },
    sessionId: spec.session,
    feedback: {
      text: spec.text,
      rating: spec.rating ?? 3,
      channel: 'widget',
      ...(spec.linkedTo ? { linkedTo: spec.linkedTo } : {}),
    },
  })
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  return parsed.value
}

const INVITE = {
  type: 'TypeError',
  message: "Cannot read properties of undefined (reading 'email')",
  route: '/settings/members',
  frames: [
    { function: 'InviteForm.onSubmit', file: 'webpack:///src/pages/settings/InviteForm.tsx', line: 42 },
    { function: 'MembersPage', file: 'webpack:///src/pages/settings/MembersPage.tsx', line: 88 },
  ],
}
const BOARD = {
  type: 'RangeError',
  message: 'Invalid time value',
  route: '/projects/:id/board',
  frames: [
    { function: 'formatDue', file: 'https://app.example.com/assets/board-3f9a1c2b.js', line: 1 },
    { function: 'BoardColumn', file: 'https://app.example.com/assets/board-3f9a1c2b.js', line: 1 },
  ],
}
const REPORTS = {
  type: 'Error',
  message: 'Chart series must not be empty',
  route: '/reports/:id',
  frames: [{ function: 'renderChart', file: 'webpack:///src/pages/reports/Chart.tsx', line: 12 }],
}
const INVOICES = {
  type: 'TypeError',
  message: "Cannot read properties of null (reading 'amount')",
  route: '/billing/invoices',
  frames: [{ function: 'InvoiceRow', file: 'webpack:///src/pages/billing/InvoiceRow.tsx', line: 30 }],
}
const EXPORT = {
  type: 'TimeoutError',
  message: 'Request to /api/exports exceeded 30000 ms',
  route: '/exports',
  frames: [{ function: 'startExport', file: 'webpack:///src/pages/exports/startExport.ts', line: 17 }],
}

/** The problems of the constructed week, so tests can find their clusters. */
export const PROBLEMS = { INVITE, BOARD, REPORTS, INVOICES, EXPORT }

export interface ConstructedWeek {
  readonly week: string
  /** The feedback id and the export error id that only the route (structure) links. */
  readonly pair: { readonly error: string; readonly feedback: string }
}

/**
 * Writes a constructed month through the real store functions: a spike (invite error, 2 a week before,
 * 36 this week from 12 users), a slow burn (board error, 7 a week for five weeks, 7 users), a single noisy
 * user (25 report errors), a billing error from 6 users, an export problem seen as 3 users' errors and 3
 * users' feedback that only the route links, page views for depth, and two low-scored sessions.
 */
export async function writeConstructedWeek(
  db: Kysely<Database>,
  projectId: string,
  week = '2026-W10',
): Promise<ConstructedWeek> {
  const { start } = isoWeekRange(week)
  const at = (day: number, minute = 0) =>
    new Date(start.getTime() + day * DAY + 9 * 3_600_000 + minute * 60_000)
  const envelopes: Envelope[] = []
  // History: the four weeks before.
  for (let w = 1; w <= 4; w++) {
    const base = start.getTime() - w * 7 * DAY
    for (let i = 0; i < 2; i++)
      envelopes.push(
        errorEnvelope({
          ...INVITE,
          id: `inv-h${w}-${i}`,
          at: new Date(base + i * DAY),
          user: `u${i}`,
          session: `hs-${w}-${i}`,
        }),
      )
    for (let i = 0; i < 7; i++)
      envelopes.push(
        errorEnvelope({
          ...BOARD,
          id: `brd-h${w}-${i}`,
          at: new Date(base + i * DAY + 3_600_000),
          user: `b${i}`,
          session: `hb-${w}-${i}`,
        }),
      )
  }
  // The spike: 36 from 12 users over three days.
  for (let i = 0; i < 36; i++)
    envelopes.push(
      errorEnvelope({
        ...INVITE,
        id: `inv-${i}`,
        at: at(3 + (i % 3), i),
        user: `u${i % 12}`,
        session: `s-inv-${i % 18}`,
      }),
    )
  // The slow burn: one a day from 7 users.
  for (let i = 0; i < 7; i++)
    envelopes.push(
      errorEnvelope({ ...BOARD, id: `brd-${i}`, at: at(i, 5), user: `b${i}`, session: `s-brd-${i}` }),
    )
  // One noisy user.
  for (let i = 0; i < 25; i++)
    envelopes.push(
      errorEnvelope({ ...REPORTS, id: `rep-${i}`, at: at(2, i), user: 'noisy', session: `s-noisy-${i % 2}` }),
    )
  // Billing: 6 users.
  for (let i = 0; i < 6; i++)
    envelopes.push(
      errorEnvelope({
        ...INVOICES,
        id: `bil-${i}`,
        at: at(1 + (i % 4), i),
        user: `p${i}`,
        session: `s-bil-${i}`,
      }),
    )
  // Export: errors from 3 users, feedback from 3 others; only the route links the two.
  for (let i = 0; i < 3; i++)
    envelopes.push(
      errorEnvelope({
        ...EXPORT,
        id: `exp-err-${i}`,
        at: at(2, 10 + i),
        user: `e${i}`,
        session: `s-exp-${i}`,
      }),
    )
  const feedbackTexts = [
    'The download spinner keeps spinning and my CSV file never arrives',
    'My CSV file never arrives, the download spinner keeps spinning',
    'The download spinner keeps spinning forever, CSV file never arrives',
  ]
  for (const [i, text] of feedbackTexts.entries()) {
    envelopes.push(
      feedbackEnvelope({
        id: `exp-fb-${i}`,
        at: at(3, 20 + i),
        user: `f${i}`,
        session: `s-expfb-${i}`,
        route: '/exports',
        text,
      }),
    )
  }
  await storeEnvelopes(db, projectId, envelopes)

  // Page views: 90 sessions on the members page (the spike's 18 among them), 40 on the board.
  const events: SessionEvent[] = []
  const view = (session: string, path: string, day: number, minute: number) => {
    const parsed = parseSessionEvent({
      sessionId: session,
      ts: at(day, minute).toISOString(),
      event: '$pageview',
      properties: { $pathname: path },
    })
    if (!parsed.ok) throw new Error('bad event')
    events.push(parsed.value)
  }
  for (let i = 0; i < 90; i++) view(i < 18 ? `s-inv-${i}` : `s-members-${i}`, '/settings/members', 3, i % 60)
  for (let i = 0; i < 40; i++)
    view(i < 7 ? `s-brd-${i}` : `s-board-${i}`, `/projects/${100 + i}/board`, i % 7, 1)
  // Two low-scored sessions whose last page was search.
  for (const s of ['s-low-1', 's-low-2']) {
    view(s, '/dashboard', 4, 0)
    view(s, '/search', 4, 2)
  }
  await storeSessionEvents(db, projectId, events)

  // Scores go straight into store's `scores` table, as the nightly scorer writes them: pm-agent reads
  // that table and never imports the scorer.
  const score = (sessionId: string, value: number, improvement: string) => ({
    project_id: projectId,
    session_id: sessionId,
    scorer: 'heuristic',
    version: '1',
    model: null,
    status: 'scored' as const,
    score: value,
    intent: 'Find an old document',
    success: 'No',
    improvement,
    department: 'Engineering',
    failure_reason: null,
    cost_usd: 0,
    input_tokens: 0,
    output_tokens: 0,
    run_id: null,
  })
  await db
    .insertInto('scores')
    .values([
      score('s-low-1', 2, 'Let people filter search results by date range'),
      score('s-low-2', 3, 'Let people filter search results by date range'),
      ...Array.from({ length: 18 }, (_, i) => score(`s-inv-${i}`, 7, 'Make inviting a teammate work')),
      ...Array.from({ length: 30 }, (_, i) => score(`s-members-${i + 18}`, 8, 'Nothing, it went fine')),
    ])
    .onConflict((oc) => oc.doNothing())
    .execute()
  return { week, pair: { error: 'wk-exp-err-0', feedback: 'wk-exp-fb-0' } }
}
