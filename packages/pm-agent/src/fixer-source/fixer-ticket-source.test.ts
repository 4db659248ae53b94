import { createProject, type Database, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { triageForWeek } from '../digest/jobs.js'
import { fileTickets, LABELS } from '../tickets/file-tickets.js'
import { LocalTracker } from '../trackers/local-tracker.js'
import { PROBLEMS, writeConstructedWeek } from '../triage/testing/constructed-week.js'
import { FixerTicketSource, IN_REVIEW_LABEL } from './fixer-ticket-source.js'

const clusterUrl = (key: string) => `https://suture.test/clusters/${encodeURIComponent(key)}`

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`FixerTicketSource on ${backend.name}`, () => {
    let database: SutureDatabase
    let db: Kysely<Database>
    let projectId: string
    let tracker: LocalTracker
    let source: FixerTicketSource

    beforeAll(async () => {
      database = await backend.open()
      db = database.db
      projectId = (await createProject(database.db, { name: 'fixer-source' })).projectId
      const { week } = await writeConstructedWeek(database.db, projectId)
      const triage = await triageForWeek(database.db, projectId, week, {
        codePointers: ({ routes }) =>
          routes.includes(PROBLEMS.INVITE.route)
            ? [{ file: 'src/pages/settings/InviteForm.tsx', line: 42 }]
            : [],
      })
      tracker = new LocalTracker({ db, projectId })
      await fileTickets({
        db,
        projectId,
        tracker,
        clusters: triage.clusters,
        runKey: week,
        shadow: false,
        clusterUrl,
      })
      source = new FixerTicketSource({
        db: database.db,
        projectId,
        tracker,
        clusterUrl,
        quarantinedPaths: ['src/billing/'],
      })
    }, 60_000)
    afterAll(() => database?.close())

    it('hands over the filed tickets with their body, code pointers, labels and route', async () => {
      const tickets = await source.listFixable()
      const invite = tickets.find((t) => t.route === PROBLEMS.INVITE.route)
      expect(invite).toBeDefined()
      expect(invite?.identifier).toMatch(/^LOCAL-\d+$/)
      expect(invite?.labels).toContain(LABELS.autoFixable)
      expect(invite?.state).toBe('open')
      expect(invite?.codePointers).toEqual([{ file: 'src/pages/settings/InviteForm.tsx', line: 42 }])
      expect(invite?.body).toContain('## Stop conditions')
      expect(invite?.body).toContain('src/pages/settings/InviteForm.tsx:42')
      const billing = tickets.find((t) => t.route === PROBLEMS.INVOICES.route)
      expect(billing?.labels).toContain(LABELS.held)
      expect(await source.getTicket(invite?.identifier ?? '')).toMatchObject({ id: invite?.id })
      expect(await source.quarantine()).toEqual({ routes: [], paths: ['src/billing/'] })
    })

    it('counts fixer runs and their cost against the lineage, moves a proposal to review, escalates', async () => {
      const invite = (await source.listFixable()).find((t) => t.route === PROBLEMS.INVITE.route)
      if (!invite) throw new Error('no invite ticket')
      expect(await source.lineageStatus(invite)).toEqual({ attempts: 0, costUsd: 0, escalated: false })
      await source.recordAttempt(invite, { attempt: 1, costUsd: 1.25, outcome: 'cannot-reproduce' })
      await source.recordAttempt(invite, { attempt: 1, costUsd: 1.25, outcome: 'cannot-reproduce' })
      await source.recordAttempt(invite, { attempt: 2, costUsd: 0.5, outcome: 'proposed' })
      expect(await source.lineageStatus(invite)).toEqual({ attempts: 2, costUsd: 1.75, escalated: false })

      await source.comment(invite.id, { clientId: 'c-1', body: 'proposed' })
      await source.comment(invite.id, { clientId: 'c-1', body: 'proposed' })
      expect(await tracker.comments(invite.id)).toContain('proposed')
      await source.moveToReview(invite.id, { url: 'https://github.com/acme/web/pull/7', title: 'Suture fix' })
      const moved = await source.getTicket(invite.id)
      expect(moved?.state).toBe('in-progress')
      expect(moved?.labels).toContain(IN_REVIEW_LABEL)
      expect(moved?.openProposal).toBe('in review')
      expect(await tracker.findByLink('https://github.com/acme/web/pull/7')).toMatchObject({ id: invite.id })

      // The morning review (fixer's `fix_reviews`): a redirect sends the ticket back to the queue; a
      // wrong-tree verdict takes it out of the auto-fixable lane.
      const run = (runId: string) => ({
        run_id: runId,
        project_id: projectId,
        ticket_id: invite.id,
        ticket_identifier: invite.identifier,
        cluster_key: invite.clusterKey,
        attempt: 2,
        trigger_source: 'schedule' as const,
        agent: 'claude-code',
        repo: '/src/web',
        branch: `suture/${runId}`,
        worker: 0,
        started_at: '2026-12-02T03:00:00.000Z',
        finished_at: '2026-12-02T03:30:00.000Z',
        outcome: 'proposed' as const,
        detail: 'draft pull request',
        proposal_url: 'https://github.com/acme/web/pull/7',
        cost_usd: 0.5,
        stages: '{}',
        tokens: '{}',
      })
      const review = (runId: string, decision: 'redirected' | 'closed-wrong-tree', at: string) => ({
        run_id: runId,
        project_id: projectId,
        ticket_id: invite.id,
        cluster_key: invite.clusterKey,
        decision,
        comment: 'why',
        reviewed_by: 'dashboard:k',
        reviewed_at: at,
      })
      await db.insertInto('fix_runs').values(run('fr-1')).execute()
      expect((await source.getTicket(invite.id))?.openProposal).toBe('in review')
      await db
        .insertInto('fix_reviews')
        .values(review('fr-1', 'redirected', '2026-12-02T09:00:00Z'))
        .execute()
      const redirected = await source.getTicket(invite.id)
      expect(redirected?.openProposal).toBeUndefined()
      expect(redirected?.labels).toContain(LABELS.autoFixable)
      await db.insertInto('fix_runs').values(run('fr-2')).execute()
      expect((await source.getTicket(invite.id))?.openProposal).toBe('in review')
      await db
        .insertInto('fix_reviews')
        .values(review('fr-2', 'closed-wrong-tree', '2026-12-02T10:00:00Z'))
        .execute()
      const closed = await source.getTicket(invite.id)
      expect(closed?.labels).not.toContain(LABELS.autoFixable)
      expect(closed?.labels).toContain(LABELS.held)
      expect(closed?.openProposal).toBeUndefined()

      // The wrong-tree verdict hides the label from the fixer; the tracker still carries it until escalation.
      expect((await tracker.get(invite.id))?.labels).toContain(LABELS.autoFixable)
      await source.escalate(invite.id, 'cost budget spent')
      expect((await source.lineageStatus(invite)).escalated).toBe(true)
      expect((await source.getTicket(invite.id))?.labels).toContain(LABELS.escalated)
      expect((await tracker.get(invite.id))?.labels).not.toContain(LABELS.autoFixable)
    })
  })
}
