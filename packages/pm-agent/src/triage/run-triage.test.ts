import { createProject, type SutureDatabase, storeEnvelopes } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderTicketBody } from '../tickets/ticket-body.js'
import { loadTriage } from './load-triage.js'
import { storePairDecision } from './pair-decisions.js'
import { runTriage } from './run-triage.js'
import {
  type ConstructedWeek,
  errorEnvelope,
  feedbackEnvelope,
  PROBLEMS,
  writeConstructedWeek,
} from './testing/constructed-week.js'
import { loadTicketableTriage } from './ticketable.js'
import type { TriagedCluster, TriageResult } from './triage-result.js'
import { isoWeekRange } from './week.js'

const byMessage = (result: TriageResult, message: string): TriagedCluster => {
  const found = result.clusters.find((c) => c.message === message)
  if (!found) throw new Error(`no cluster for ${message}: ${result.clusters.map((c) => c.title).join(' | ')}`)
  return found
}
const holding = (result: TriageResult, id: string): TriagedCluster => {
  const found = result.clusters.find((c) => c.members.some((m) => m.id === id))
  if (!found) throw new Error(`no cluster holds ${id}`)
  return found
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`runTriage on ${backend.name}`, () => {
    let database: SutureDatabase
    let projectId: string
    let constructed: ConstructedWeek
    let first: TriageResult
    beforeAll(async () => {
      database = await backend.open()
      projectId = (await createProject(database.db, { name: 'triage' })).projectId
      constructed = await writeConstructedWeek(database.db, projectId)
      first = await runTriage({ db: database.db, projectId, week: constructed.week })
    }, 60_000)
    afterAll(() => database?.close())

    it('tickets the spike as rising, with breadth, depth and the NPS drop', () => {
      const spike = byMessage(first, PROBLEMS.INVITE.message)
      expect(spike.decision).toBe('ticket')
      expect(spike.counts).toMatchObject({ signals: 36, users: 12, sessions: 18 })
      expect(spike.priority.rate.trend).toBe('rising')
      expect(spike.previousWeeks).toEqual([2, 2, 2, 2])
      expect(spike.priority.depthShare).toBeCloseTo(18 / 90, 5)
      expect(spike.npsDrop).toBeGreaterThan(0)
      expect(spike.evidence['structure+semantics+stack']).toBe(35)
      expect(spike.labels).toContain('rising')
      expect(spike.autoFixable).toBe(true)
    })

    it('tickets the slow burn as steady, active every day', () => {
      const burn = byMessage(first, PROBLEMS.BOARD.message)
      expect(burn.decision).toBe('ticket')
      expect(burn.priority.rate.trend).toBe('steady')
      expect(burn.daysActive).toBe(7)
      expect(burn.priority.parts.duration).toBe(1)
      // firstSeen reaches back only through stored triage results; none were stored before this week.
      expect(burn.counts.users).toBe(7)
    })

    it('keeps a single noisy user an observation', () => {
      const noisy = byMessage(first, PROBLEMS.REPORTS.message)
      expect(noisy.counts).toMatchObject({ signals: 25, users: 1, sessions: 2 })
      expect(noisy.decision).toBe('observation')
      expect(noisy.decisionReason).toMatch(/below the threshold/)
    })

    it('holds the billing cluster for humans and never marks it auto-fixable', () => {
      const billing = byMessage(first, PROBLEMS.INVOICES.message)
      expect(billing.decision).toBe('held-for-humans')
      expect(billing.autoFixable).toBe(false)
      expect(billing.heldReasons.map((r) => r.category)).toContain('billing')
      expect(billing.labels).toContain('held:billing')
    })

    it('links the export error and feedback by one signal: needs confirmation, not merged', () => {
      const errors = holding(first, constructed.pair.error)
      const feedback = holding(first, constructed.pair.feedback)
      expect(errors.key).not.toBe(feedback.key)
      expect(errors.decision).toBe('needs-confirmation')
      expect(feedback.decision).toBe('needs-confirmation')
      const pair = first.pairs.find(
        (p) => [p.clusterA, p.clusterB].sort().join() === [errors.key, feedback.key].sort().join(),
      )
      expect(pair?.signal).toBe('structure')
    })

    it('includes low-scored sessions with their improvement text', () => {
      const sessions = holding(first, 'session:s-low-1')
      expect(sessions.members.map((m) => m.id)).toContain('session:s-low-2')
      expect(sessions.route).toBe('/search')
      expect(sessions.kind).toBe('improvement')
    })

    it('reads back what it stored, and a rerun replaces instead of duplicating', async () => {
      const stored = await loadTriage({ db: database.db, projectId, week: constructed.week })
      expect(stored?.clusters.map((c) => [c.key, c.decision, c.counts.signals])).toEqual(
        first.clusters.map((c) => [c.key, c.decision, c.counts.signals]),
      )
      const again = await runTriage({ db: database.db, projectId, week: constructed.week })
      expect(again.clusters.map((c) => c.key)).toEqual(first.clusters.map((c) => c.key))
      const rows = await database.db
        .selectFrom('clusters')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow()
      expect(Number(rows.n)).toBe(first.clusters.length)
      const runs = await database.db
        .selectFrom('triage_runs')
        .selectAll()
        .where('project_id', '=', projectId)
        .execute()
      expect(runs).toHaveLength(1)
    })

    it('respects a stored "same" answer on the next run and tickets the merged cluster', async () => {
      const pair = first.pairs.find((p) => [p.a, p.b].some((id) => id.includes('exp-')))
      if (!pair) throw new Error('no export pair')
      await storePairDecision(database.db, projectId, {
        a: pair.b,
        b: pair.a,
        answer: 'same',
        decidedBy: 'ana',
      })
      const after = await runTriage({ db: database.db, projectId, week: constructed.week })
      const merged = holding(after, constructed.pair.error)
      expect(merged.members.map((m) => m.id)).toContain(constructed.pair.feedback)
      expect(merged.evidence.human).toBe(1)
      expect(merged.decision).toBe('ticket')
      expect(after.pairs.some((p) => p.a === pair.a && p.b === pair.b)).toBe(false)
      const ticketable = await loadTicketableTriage(database.db, projectId, constructed.week)
      const ticket = ticketable.clusters.find((c) => c.key === merged.key)
      expect(ticket?.evidence).toContain('human (1 merge)')
      expect(ticket?.samples.length).toBeGreaterThan(0)
    })

    describe('feedback linked to an error of the week', () => {
      const week = '2026-W10'
      let linkedProject: string
      let linked: TriageResult
      // Texts that share nothing with the error's message: only the user's link ties them to it.
      const saidFirst = 'I needed the quarterly numbers for the board meeting this morning'
      const saidSecond = 'Please hurry, our accountant is waiting on this'
      beforeAll(async () => {
        linkedProject = (await createProject(database.db, { name: 'linked' })).projectId
        const { start } = isoWeekRange(week)
        const at = (hours: number) => new Date(start.getTime() + 86_400_000 + hours * 3_600_000)
        const errors = Array.from({ length: 6 }, (_, i) =>
          errorEnvelope({
            ...PROBLEMS.EXPORT,
            id: `lk-err-${i}`,
            at: at(i),
            user: `e${i}`,
            session: `s-lk-${i}`,
          }),
        )
        const lastWeek = errorEnvelope({
          ...PROBLEMS.EXPORT,
          id: 'lk-old',
          at: new Date(start.getTime() - 2 * 86_400_000),
          user: 'old',
          session: 's-lk-old',
        })
        const feedback = (id: string, hours: number, text: string, linkedTo?: string, route = '/exports') =>
          feedbackEnvelope({
            id,
            at: at(hours),
            user: `fb-${id}`,
            session: `s-${id}`,
            route,
            text,
            ...(linkedTo ? { linkedTo } : {}),
          })
        await storeEnvelopes(database.db, linkedProject, [
          lastWeek,
          ...errors,
          // Later than the first five errors: the ticket's samples must still show what the user said.
          feedback('lk-fb-0', 5.5, saidFirst, 'wk-lk-err-0'),
          feedback('lk-fb-1', 5.6, saidSecond, 'wk-lk-err-1'),
          feedback('lk-fb-old', 5.7, 'Nothing happens when I press the big green button', 'wk-lk-old'),
          feedback(
            'lk-fb-free',
            5.8,
            'The colours on the settings page are hard to read',
            undefined,
            '/settings',
          ),
        ])
        linked = await runTriage({ db: database.db, projectId: linkedProject, week })
      })

      it("joins the linked error's cluster whatever the text says, with `linked` as evidence", () => {
        const errors = holding(linked, 'wk-lk-err-0')
        const ids = errors.members.map((m) => m.id)
        expect(ids).toEqual(expect.arrayContaining(['wk-lk-fb-0', 'wk-lk-fb-1']))
        expect(errors.evidence.linked).toBe(2)
        expect(errors.decision).toBe('ticket')
        expect(errors.kind).toBe('bug')
        expect(errors.sampleIds.slice(0, 3)).toContain('wk-lk-fb-0')
        // No feedback-only cluster of linked feedback is left beside it.
        for (const c of linked.clusters)
          if (c.members.every((m) => m.kind === 'feedback'))
            expect(c.members.map((m) => m.id)).not.toEqual(expect.arrayContaining(['wk-lk-fb-0']))
      })

      it('leaves feedback whose error is not in the week, and unlinked feedback, as before', () => {
        const errors = holding(linked, 'wk-lk-err-0')
        expect(holding(linked, 'wk-lk-fb-old').key).not.toBe(errors.key)
        expect(holding(linked, 'wk-lk-fb-free').key).not.toBe(errors.key)
        expect(holding(linked, 'wk-lk-fb-old').evidence.linked).toBeUndefined()
      })

      it('puts what users said and the link evidence into the ticket', async () => {
        const key = holding(linked, 'wk-lk-err-0').key
        const { clusters } = await loadTicketableTriage(database.db, linkedProject, week)
        const ticket = clusters.find((c) => c.key === key)
        expect(ticket?.quotes).toContain(saidFirst)
        expect(ticket?.evidence).toContain('linked (2 merges)')
        const body = renderTicketBody(ticket as NonNullable<typeof ticket>)
        expect(body).toContain('## What users said')
        expect(body).toContain(`> ${saidFirst}`)
      })

      it('lets a human "different" answer win over the link', async () => {
        await storePairDecision(database.db, linkedProject, {
          a: 'wk-lk-err-1',
          b: 'wk-lk-fb-1',
          answer: 'different',
          decidedBy: 'ana',
        })
        const after = await runTriage({ db: database.db, projectId: linkedProject, week })
        const errors = holding(after, 'wk-lk-err-0')
        expect(errors.members.map((m) => m.id)).toContain('wk-lk-fb-0')
        expect(errors.members.map((m) => m.id)).not.toContain('wk-lk-fb-1')
        expect(errors.evidence.linked).toBe(1)
      })
    })

    it('keeps cluster keys across weeks', async () => {
      const next = await runTriage({ db: database.db, projectId, week: '2026-W11' })
      expect(next.clusters).toEqual([])
      const spikeKey = byMessage(first, PROBLEMS.INVITE.message).key
      const history = await runTriage({ db: database.db, projectId, week: '2026-W09' })
      expect(byMessage(history, PROBLEMS.INVITE.message).key).toBe(spikeKey)
    })
  })
}
