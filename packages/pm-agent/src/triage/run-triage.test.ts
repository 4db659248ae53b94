import { createProject, type SutureDatabase } from '@suture/scorer'
import { TEST_DATABASES } from '@suture/scorer/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadTriage } from './load-triage.js'
import { storePairDecision } from './pair-decisions.js'
import { runTriage } from './run-triage.js'
import { type ConstructedWeek, PROBLEMS, writeConstructedWeek } from './testing/constructed-week.js'
import { loadTicketableTriage } from './ticketable.js'
import type { TriagedCluster, TriageResult } from './triage-result.js'

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

    it('keeps cluster keys across weeks', async () => {
      const next = await runTriage({ db: database.db, projectId, week: '2026-W11' })
      expect(next.clusters).toEqual([])
      const spikeKey = byMessage(first, PROBLEMS.INVITE.message).key
      const history = await runTriage({ db: database.db, projectId, week: '2026-W09' })
      expect(byMessage(history, PROBLEMS.INVITE.message).key).toBe(spikeKey)
    })
  })
}
