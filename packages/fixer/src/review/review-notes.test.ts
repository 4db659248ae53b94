import { rm } from 'node:fs/promises'
import path from 'node:path'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveFixConfig } from '../config/fix-config.js'
import type { FixRunRecord } from '../outcome/outcome-row.js'
import { LocalProposer } from '../proposal/local-proposer.js'
import { runFix } from '../run/run-fix.js'
import { runFixes } from '../run/run-fixes.js'
import { createDemoRepo, type DemoRepo, demoTickets } from '../testing/demo-repo.js'
import { MemoryTicketSource } from '../testing/memory-ticket-source.js'
import { seedProposal } from '../testing/review-fixtures.js'
import { scriptedRunner } from '../testing/scripted-runner.js'
import { DbReviewNotes } from './review-notes.js'
import { reviewProposal } from './review-queue.js'

const REDIRECT = 'Guard in the API serializer, not the view:\nthe mobile app reads the same field.'

let repo: DemoRepo
beforeAll(async () => {
  repo = await createDemoRepo()
})
afterAll(async () => {
  await rm(repo.root, { recursive: true, force: true })
})

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(
    `a redirect reaches the next attempt's prompt on ${backend.name}`,
    () => {
      let database: SutureDatabase
      let projectId: string
      beforeAll(async () => {
        database = await backend.open()
        projectId = (await createProject(database.db, { name: 'redirect' })).projectId
      })
      afterAll(async () => {
        await database?.close()
      })

      it('attempt 2 is told what the reviewer said about attempt 1; a run without notes is not', async () => {
        const ticket = demoTickets().members
        await seedProposal(database.db, projectId, {
          run_id: `attempt-1-${backend.name}`,
          ticket_id: ticket.id,
          ticket_identifier: ticket.identifier,
          cluster_key: ticket.clusterKey,
          attempt: 1,
        })
        await reviewProposal(database.db, projectId, {
          runId: `attempt-1-${backend.name}`,
          decision: 'redirected',
          comment: REDIRECT,
          reviewedBy: 'dashboard:key_1',
        })
        const notes = new DbReviewNotes(database.db, projectId)
        const config = resolveFixConfig({
          repo: repo.dir,
          testCommand: 'node --test',
          workDir: path.join(repo.root, 'work', backend.name),
          outputDir: path.join(repo.root, 'out', backend.name),
        })
        // The agent gives up at once: the prompt it was handed is what this test is about.
        const runner = scriptedRunner(async () => ({ finalMessage: 'SUTURE-CANNOT-REPRODUCE: stopping' }))
        const rows: FixRunRecord[] = []
        const common = {
          config,
          source: new MemoryTicketSource([ticket]),
          runner,
          proposer: new LocalProposer(config.outputDir),
          outcomes: { record: async (row: FixRunRecord) => void rows.push(row) },
          worker: 0,
          trigger: 'manual' as const,
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        }
        const lineage = { attempts: 1, costUsd: 1.5, escalated: false }
        await runFix({ ...common, selected: { ticket, lineage, attempt: 2 }, reviewNotes: notes })
        await runFix({ ...common, selected: { ticket, lineage, attempt: 2 } })

        const [withNotes, without] = runner.requests.map((r) => r.prompt)
        expect(withNotes).toContain(`You are fixing ticket ${ticket.identifier}`)
        expect(withNotes).toContain(', attempt 2.')
        expect(withNotes).toContain('## A reviewer redirected earlier attempts')
        expect(withNotes).toContain('Attempt 1 (')
        expect(withNotes).toContain(
          '> Guard in the API serializer, not the view:\n> the mobile app reads the same field.',
        )
        // The redirect sits between the ticket and the scope.
        expect(withNotes?.indexOf('A reviewer redirected')).toBeGreaterThan(
          withNotes?.indexOf('## Ticket:') ?? 0,
        )
        expect(withNotes?.indexOf('A reviewer redirected')).toBeLessThan(withNotes?.indexOf('## Scope') ?? 0)
        expect(without).not.toContain('redirected')
        expect(rows.map((r) => r.attempt)).toEqual([2, 2])

        // The dry run shows the same prompt a real run would get.
        const dry = await runFixes({
          config,
          source: new MemoryTicketSource([ticket]),
          runner,
          reviewNotes: notes,
          dryRun: true,
        })
        expect(dry.planned[0]?.prompt).toContain('> Guard in the API serializer, not the view:')
      }, 120_000)
    },
  )
}
