import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedProposal } from '../testing/review-fixtures.js'
import {
  listOpenProposals,
  loopNumbers,
  ProposalNotFoundError,
  ReviewReasonRequiredError,
  redirectContext,
  reviewProposal,
} from './review-queue.js'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`review queue on ${backend.name}`, () => {
    let database: SutureDatabase
    let projectId: string
    beforeAll(async () => {
      database = await backend.open()
      projectId = (await createProject(database.db, { name: 'review' })).projectId
    })
    afterAll(async () => {
      await database?.close()
    })

    it('lists open proposals with evidence and diff, records decisions once, and counts the loop', async () => {
      const db = database.db
      await seedProposal(db, projectId, { run_id: 'r-merge', ticket_id: 't-1', cluster_key: 'k-1' })
      await seedProposal(db, projectId, {
        run_id: 'r-redirect',
        ticket_id: 't-2',
        cluster_key: 'k-2',
        finished: '2026-12-02T04:00:00.000Z',
      })
      await seedProposal(db, projectId, {
        run_id: 'r-wrong',
        ticket_id: 't-3',
        cluster_key: 'k-3',
        finished: '2026-12-02T05:00:00.000Z',
      })
      await seedProposal(db, projectId, { run_id: 'r-killed', ticket_id: 't-4', outcome: 'killed' })

      const now = new Date('2026-12-02T05:47:02.000Z')
      const open = await listOpenProposals(db, projectId, now)
      expect(open.map((p) => p.runId)).toEqual(['r-merge', 'r-redirect', 'r-wrong'])
      expect(open[0]?.ageMs).toBe(2 * 3600_000)
      expect(open[0]?.evidence[0]?.before.code).toBe(1)
      expect(open[0]?.diff).toContain('+  return (member.inviter?.name')

      await expect(
        reviewProposal(db, projectId, {
          runId: 'r-redirect',
          decision: 'redirected',
          comment: '  ',
          reviewedBy: 'a',
        }),
      ).rejects.toBeInstanceOf(ReviewReasonRequiredError)
      await expect(
        reviewProposal(db, projectId, { runId: 'r-killed', decision: 'merged', reviewedBy: 'a' }),
      ).rejects.toBeInstanceOf(ProposalNotFoundError)
      await expect(
        reviewProposal(db, 'other-project', { runId: 'r-merge', decision: 'merged', reviewedBy: 'a' }),
      ).rejects.toBeInstanceOf(ProposalNotFoundError)

      const at = new Date('2026-12-02T09:00:00.000Z')
      const first = await reviewProposal(
        db,
        projectId,
        { runId: 'r-merge', decision: 'merged', reviewedBy: 'alice' },
        at,
      )
      expect(first.created).toBe(true)
      const again = await reviewProposal(
        db,
        projectId,
        { runId: 'r-merge', decision: 'closed-wrong-tree', comment: 'late', reviewedBy: 'bob' },
        new Date(),
      )
      expect(again).toEqual({ created: false, review: first.review })
      expect(first.review).toMatchObject({ decision: 'merged', reviewedBy: 'alice', reviewedAt: at })

      await reviewProposal(db, projectId, {
        runId: 'r-redirect',
        decision: 'redirected',
        comment: 'Fix the serializer, not the view',
        reviewedBy: 'alice',
      })
      await reviewProposal(db, projectId, {
        runId: 'r-wrong',
        decision: 'closed-wrong-tree',
        comment: 'Needs a product decision',
        reviewedBy: 'alice',
      })
      expect(await listOpenProposals(db, projectId)).toEqual([])
      expect((await redirectContext(db, projectId, 't-2')).map((r) => [r.attempt, r.comment])).toEqual([
        [1, 'Fix the serializer, not the view'],
      ])
      const run = await db
        .selectFrom('fix_runs')
        .select('review_outcome')
        .where('run_id', '=', 'r-wrong')
        .executeTakeFirstOrThrow()
      expect(run.review_outcome).toBe('closed-wrong-tree')

      const all = await loopNumbers(db, projectId)
      expect(all).toMatchObject({
        dispatched: 4,
        proposals: 3,
        merged: 1,
        redirected: 1,
        wrongTree: 1,
        wrongTreeRate: 1 / 3,
        costPerMergedUsd: 6,
      })
      const none = await loopNumbers(db, projectId, {
        from: new Date('2030-01-01'),
        to: new Date('2030-01-08'),
      })
      expect(none).toMatchObject({ proposals: 0, merged: 0, wrongTreeRate: null, costPerMergedUsd: null })
    })
  })
}
