import { parseEnvelope } from '@suture/envelope'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SutureDatabase } from '../database/open-database.js'
import { storeEnvelopes } from '../ingest/store-envelopes.js'
import { errorEnvelopeFromStack, realStacks, TEST_DATABASES } from '../testing/index.js'
import { deleteProject, projectFootprint } from './delete-project.js'
import { ProjectNameAmbiguousError, ProjectNameTakenError, ProjectNotFoundError } from './errors.js'
import { createProject, listProjects } from './projects.js'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`project names and deletion on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    })
    afterAll(async () => {
      await database?.close()
    })

    it('refuses a taken name (ignoring case and spaces) unless a duplicate is asked for', async () => {
      const first = await createProject(database.db, { name: 'Checkout' })
      const refused = createProject(database.db, { name: ' checkout ' })
      await expect(refused).rejects.toBeInstanceOf(ProjectNameTakenError)
      await expect(refused).rejects.toMatchObject({ existingId: first.projectId })
      await expect(refused).rejects.toThrow(/--allow-duplicate/)
      const second = await createProject(database.db, { name: 'Checkout', allowDuplicate: true })
      expect(second.projectId).not.toBe(first.projectId)
      // Two of that name now: deleting by name must not guess.
      await expect(deleteProject(database.db, 'checkout')).rejects.toBeInstanceOf(ProjectNameAmbiguousError)
    })

    it('shows, then deletes in one go, every row of one project and nothing of another', async () => {
      const db = database.db
      const doomed = await createProject(db, { name: 'Doomed' })
      const kept = await createProject(db, { name: 'Kept' })
      const stack = realStacks(1)[0] as ReturnType<typeof realStacks>[number]
      for (const project of [doomed, kept]) {
        const envelopes = [1, 2].map(() => {
          const result = parseEnvelope(errorEnvelopeFromStack(stack, { sessionId: 'sess-1' }))
          if (!result.ok) throw new Error('fixture envelope is invalid')
          return result.value
        })
        await storeEnvelopes(db, project.projectId, envelopes)
        await db
          .insertInto('local_tickets')
          .values({
            id: `tkt_${project.projectId}`,
            project_id: project.projectId,
            title: 't',
            body: 'b',
            priority: 2,
            labels: JSON.stringify([]),
            state: 'open',
          })
          .execute()
        await db
          .insertInto('local_ticket_comments')
          .values({ id: `cmt_${project.projectId}`, ticket_id: `tkt_${project.projectId}`, body: 'c' })
          .execute()
        // No foreign key to projects: reached through the catalog's project_id column.
        await db
          .insertInto('privacy_requests')
          .values({ kind: 'export', project_id: project.projectId, requested_by: 'ops' })
          .execute()
      }
      // One Claude batch names both projects' sessions (batches are shared across projects), one only Kept.
      const batch = (id: string, sessions: string[][]) =>
        db
          .insertInto('claude_batches')
          .values({
            id,
            scorer_version: 'v',
            model: 'claude-haiku-4-5',
            sessions: JSON.stringify(sessions),
            status: 'submitted',
          })
          .execute()
      await batch('msgbatch_shared', [
        [kept.projectId, 'sess-1'],
        [doomed.projectId, 'sess-1'],
        [kept.projectId, 'sess-2'],
      ])
      await batch('msgbatch_kept', [[kept.projectId, 'sess-3']])
      const footprint = await projectFootprint(db, 'doomed')
      expect(footprint).toMatchObject({ projectId: doomed.projectId, name: 'Doomed' })
      expect(footprint.counts).toMatchObject({
        envelopes: 2,
        sessions: 1,
        api_keys: 2,
        local_tickets: 1,
        local_ticket_comments: 1,
        privacy_requests: 1,
        claude_batches: 1,
      })

      expect((await deleteProject(db, doomed.projectId)).counts).toEqual(footprint.counts)
      expect((await projectFootprint(db, kept.projectId)).counts).toEqual({
        ...footprint.counts,
        claude_batches: 2,
      })
      const batches = await db.selectFrom('claude_batches').select(['id', 'sessions']).orderBy('id').execute()
      expect(batches).toEqual([
        { id: 'msgbatch_kept', sessions: [[kept.projectId, 'sess-3']] },
        {
          id: 'msgbatch_shared',
          sessions: [
            [kept.projectId, 'sess-1'],
            [kept.projectId, 'sess-2'],
          ],
        },
      ])
      await expect(projectFootprint(db, doomed.projectId)).rejects.toBeInstanceOf(ProjectNotFoundError)
      expect((await listProjects(db)).map((p) => p.id)).not.toContain(doomed.projectId)
      const leftovers = await db
        .selectFrom('privacy_requests')
        .select('project_id')
        .where('project_id', '=', doomed.projectId)
        .execute()
      expect(leftovers).toEqual([])
    })
  })
}
