import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadConfig } from '@suture/cli'
import { chromiumPath, type DemoSummary, launchChromium, runDemo } from '@suture/cli/demo'
import type { StackFrame } from '@suture/envelope'
import type { SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The demo's loop at a small size: 40 journeys is 5 of each kind, each by a different user, which is
// exactly the 5 distinct users a cluster needs to become a ticket.
const JOURNEYS = 40
const HAS_CHROMIUM = existsSync(chromiumPath())
if (!HAS_CHROMIUM)
  console.warn(`!!! No Chromium at ${chromiumPath()}: the loop test replays the committed recording.`)

const silent = {
  note: () => {},
  progress: () => ({ update: () => {}, finish: () => {} }),
}

async function counts(database: SutureDatabase, projectId: string): Promise<Record<string, number>> {
  const db = database.db
  const out: Record<string, number> = {}
  const tables = [
    'envelopes',
    'session_events',
    'sessions',
    'scores',
    'ticket_links',
    'local_tickets',
  ] as const
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('project_id', '=', projectId)
      .executeTakeFirst()
    out[table] = Number(row?.n ?? 0)
  }
  return out
}

interface LoopRun {
  readonly database: SutureDatabase
  readonly digestDir: string
  readonly first: DemoSummary
  readonly second: DemoSummary
  readonly before: Record<string, number>
  readonly after: Record<string, number>
}

/** The demo twice on one database: the second run must change nothing. */
async function loop(open: () => Promise<SutureDatabase>, browser: Browser | undefined): Promise<LoopRun> {
  const database = await open()
  const digestDir = await mkdtemp(path.join(tmpdir(), 'suture-loop-'))
  const config = await loadConfig({ env: {}, cwd: digestDir })
  const run = () =>
    runDemo({
      target: { kind: 'pglite-memory' },
      database,
      config,
      digestDir,
      journeys: JOURNEYS,
      concurrency: 4,
      fresh: false,
      replay: !HAS_CHROMIUM,
      browser,
      env: process.env,
      reporter: silent,
    })
  const first = await run()
  const before = await counts(database, first.projectId)
  const second = await run()
  const after = await counts(database, first.projectId)
  return { database, digestDir, first, second, before, after }
}

const available = TEST_DATABASES.filter((b) => b.available)
const runs = new Map<string, LoopRun>()
let browser: Browser | undefined

// Both backends at once, in one Chromium (each run drives its own contexts): the browser waits on the
// app far more than it computes.
beforeAll(async () => {
  if (HAS_CHROMIUM) browser = await launchChromium()
  const done = await Promise.all(available.map((b) => loop(() => b.open(), browser)))
  for (const [i, b] of available.entries()) runs.set(b.name, done[i] as LoopRun)
}, 170_000)

afterAll(async () => {
  await browser?.close()
  for (const run of runs.values()) {
    await run.database.close()
    await rm(run.digestDir, { recursive: true, force: true })
  }
})

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(
    `the loop on ${backend.name}: SDK in Chromium → ingest → scoring → PM agent → tickets and digest`,
    () => {
      let database: SutureDatabase
      let first: DemoSummary
      let second: DemoSummary
      let before: Record<string, number>
      let after: Record<string, number>

      beforeAll(() => {
        const run = runs.get(backend.name)
        if (!run) throw new Error(`the ${backend.name} loop did not run`)
        ;({ database, first, second, before, after } = run)
      })

      it('stores every envelope and session event the SDK sent, one session per journey', () => {
        expect(first.journeys.source).toBe(HAS_CHROMIUM ? 'chromium' : 'fixture')
        expect(first.journeys.failed).toBe(0)
        expect(first.journeys.sessions).toBe(JOURNEYS)
        expect(first.journeys.envelopes.stored).toBe(first.journeys.envelopes.sent)
        expect(first.journeys.events.stored).toBe(first.journeys.events.sent)
        expect(first.results.sessions.total).toBe(JOURNEYS)
        expect(first.results.sessions.scored).toBe(JOURNEYS)
        // Crashes and frustration score low, goals reached score high: both ends of the scale are used. A quarter
        // each way: how many rage clicks Chromium lands inside the 1 s window moves a few sessions on a busy machine.
        const low = first.results.sessions.histogram.slice(0, 4).reduce((a, b) => a + b, 0)
        const high = first.results.sessions.histogram.slice(7).reduce((a, b) => a + b, 0)
        expect(low).toBeGreaterThanOrEqual(10)
        expect(high).toBeGreaterThanOrEqual(10)
      })

      it('turns the planted bugs into tickets with the expected labels, the billing one held for humans', () => {
        const byRoute = (route: string, message: RegExp) =>
          first.results.tickets.find((t) => t.title.includes(route) && message.test(t.title))
        const members = byRoute('/settings/members', /reading 'name'/)
        const archive = byRoute('/projects/:id/settings', /reading 'name'/)
        const sync = byRoute('/projects/:id/settings', /GitHub sync failed/)
        const billing = byRoute('/billing', /reading 'toFixed'/)
        for (const ticket of [members, archive, sync, billing]) {
          expect(ticket, JSON.stringify(first.results.tickets, null, 1)).toBeDefined()
          expect(ticket?.labels).toEqual(expect.arrayContaining(['suture', 'bug']))
          expect(ticket?.users).toBeGreaterThanOrEqual(5)
        }
        expect(billing?.labels).toContain('suture:held-for-humans')
        expect(billing?.labels).not.toContain('suture:auto-fixable')
        for (const ticket of [members, archive, sync])
          expect(ticket?.labels).not.toContain('suture:held-for-humans')
        expect(first.results.held.map((c) => c.route)).toEqual(['/billing'])
      })

      it('links the feedback left in the fallback to the error it follows', async () => {
        const rows = await database.db
          .selectFrom('envelopes')
          .select(['id', 'kind', 'session_id', 'body'])
          .where('project_id', '=', first.projectId)
          .execute()
        const errors = new Map(rows.filter((r) => r.kind === 'error').map((r) => [r.id, r]))
        const feedback = rows.filter((r) => r.kind === 'feedback')
        // Every other crash journey of three crash kinds leaves a line: 3 kinds × 3 of 5 rounds.
        expect(feedback.length).toBe(9)
        for (const f of feedback) {
          const body = f.body as {
            feedback: { linkedTo?: string; text: string }
            route: { template: string }
          }
          const error = errors.get(body.feedback.linkedTo ?? '')
          expect(error, body.feedback.text).toBeDefined()
          expect(error?.session_id).toBe(f.session_id)
          expect((error?.body as { route: { template: string } } | undefined)?.route.template).toBe(
            body.route.template,
          )
        }
        // Triage follows the link: each feedback sits in its error's cluster, so no ticket stands on
        // linked feedback alone.
        const memberRows = await database.db
          .selectFrom('cluster_members as m')
          .innerJoin('clusters as c', (join) =>
            join
              .onRef('c.project_id', '=', 'm.project_id')
              .onRef('c.week', '=', 'm.week')
              .onRef('c.key', '=', 'm.cluster_key'),
          )
          .select(['m.signal_id', 'm.cluster_key', 'c.decision'])
          .where('m.project_id', '=', first.projectId)
          .execute()
        const clusterOf = new Map(memberRows.map((m) => [m.signal_id, m.cluster_key]))
        const linked = new Set<string>()
        for (const f of feedback) {
          const linkedTo = (f.body as { feedback: { linkedTo?: string } }).feedback.linkedTo ?? ''
          expect(clusterOf.get(f.id)).toBe(clusterOf.get(linkedTo))
          linked.add(f.id)
        }
        const ticketed = memberRows.filter((m) => m.decision === 'ticket' || m.decision === 'held-for-humans')
        for (const key of new Set(ticketed.map((m) => m.cluster_key))) {
          const ids = ticketed.filter((m) => m.cluster_key === key).map((m) => m.signal_id)
          expect(
            ids.every((id) => linked.has(id)),
            `${key}: ${ids.join(', ')}`,
          ).toBe(false)
        }
      })

      it('resolves the minified stacks through the source maps the demo uploaded: tickets name src/ files with context', async () => {
        const tickets = await database.db
          .selectFrom('local_tickets')
          .select(['title', 'body'])
          .where('project_id', '=', first.projectId)
          .execute()
        const billing = tickets.find((t) => t.title.includes("reading 'toFixed'"))?.body ?? ''
        const line = /at Invoices \(src\/pages\/billing\.tsx:(\d+):\d+\)/.exec(billing)?.[1]
        expect(line, billing).toBeDefined()
        expect(billing).toMatch(new RegExp(`> ${line} \\|.*toFixed\\(2\\)`))
        expect(billing).toContain(
          `examples/demo-app/src/pages/billing.tsx:${line}\` in \`Invoices\` — owners @acme/billing`,
        )
        const rows = await database.db
          .selectFrom('envelopes')
          .select(['body'])
          .where('project_id', '=', first.projectId)
          .where('kind', '=', 'error')
          .execute()
        for (const row of rows) {
          const frames = (row.body as { error: { frames: StackFrame[] } }).error.frames
          const app = frames.find((f) => f.file !== null && /\/assets\/index-[\w-]+\.js$/.test(f.file))
          // The minified position is kept; the original sits beside it.
          expect(app?.line).toBe(1)
          expect(app?.original?.file).toMatch(/^src\/[\w/-]+\.tsx?$/)
          expect(app?.original?.context?.line).toBeTruthy()
        }
      })

      it('writes the Monday digest listing the tickets and the held item', async () => {
        expect(first.digest).toBeDefined()
        const markdown = await readFile(first.digest?.markdown ?? '', 'utf8')
        expect(first.digest?.markdown).toContain(first.results.week)
        for (const ticket of first.results.tickets) expect(markdown).toContain(ticket.identifier)
        expect(markdown).toMatch(/held/i)
        expect(markdown).toContain('/billing')
        expect(existsSync(first.digest?.html ?? '')).toBe(true)
      })

      it('ends with the fixer dry run: the auto-fixable tickets with their demo-app scope, never the billing one', () => {
        const { fixes, results } = first
        expect(fixes.unavailable).toBeUndefined()
        const autoFixable = results.tickets.filter((t) => t.labels.includes('suture:auto-fixable'))
        expect(autoFixable.length).toBeGreaterThan(0)
        expect(fixes.planned.map((p) => p.ticket).sort()).toEqual(autoFixable.map((t) => t.identifier).sort())
        const billing = results.tickets.find((t) => t.title.includes('/billing'))
        expect(fixes.planned.map((p) => p.ticket)).not.toContain(billing?.identifier)
        for (const p of fixes.planned) {
          expect(p.branch).toMatch(/^suture\//)
          for (const file of p.scope) expect(file).toMatch(/^examples\/demo-app\//)
        }
        expect(fixes.planned.some((p) => p.scope.length > 0)).toBe(true)
        expect(fixes.runLine).toContain('suture fix --repo')
      })

      it('changes nothing when run a second time', () => {
        expect(second.drove).toBe(false)
        expect(second.projectId).toBe(first.projectId)
        expect(second.scoring.newlyScored).toBe(0)
        expect(after).toEqual(before)
        expect(second.results).toEqual(first.results)
      })
    },
  )
}
