import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveFixConfig } from '../config/fix-config.js'
import { createDemoRepo, type DemoRepo, demoTickets, MEMBERS_FIX } from '../testing/demo-repo.js'
import { MemoryTicketSource } from '../testing/memory-ticket-source.js'
import { scriptedRunner } from '../testing/scripted-runner.js'
import type { FixTicket } from '../tickets/ticket-source.js'
import { FIX_JOB, fixJob } from './fix-job.js'

// The job's storage is the outcome sink and the job ledger, both tested on every backend elsewhere;
// one backend keeps this file fast (Postgres when it is there: it opens quicker than PGlite).
const backend = TEST_DATABASES.find((b) => b.name === 'postgres' && b.available) ?? TEST_DATABASES[0]

describe(`fixJob on ${backend?.name}`, () => {
  let database: SutureDatabase
  let repo: DemoRepo
  let projectId: string

  beforeAll(async () => {
    if (!backend) throw new Error('no test database')
    database = await backend.open()
    repo = await createDemoRepo()
    projectId = (await createProject(database.db, { name: 'fixer-job' })).projectId
  })
  afterAll(async () => {
    await database?.close()
    await rm(repo.root, { recursive: true, force: true })
  })

  it('dispatches overnight once per night: rows in fix_runs and the JSONL, nothing started after the window', async () => {
    const { members } = demoTickets()
    const late: FixTicket = { ...members, id: 'ticket-late', identifier: 'LOCAL-9', priority: 4 }
    const source = new MemoryTicketSource([members, late])
    const config = resolveFixConfig({
      repo: repo.dir,
      testCommand: 'node --test',
      workDir: path.join(repo.root, 'work'),
      outputDir: path.join(repo.root, 'out'),
    })
    const runner = scriptedRunner(async (agent) => {
      await agent.write(MEMBERS_FIX.testFile, MEMBERS_FIX.test)
      await agent.write(MEMBERS_FIX.file, MEMBERS_FIX.fixed)
      return { finalMessage: `SUTURE-TEST: ${MEMBERS_FIX.testFile}`, costUsd: 0.2 }
    })
    // The clock passes the window's end after the first ticket has started.
    const start = new Date('2026-12-02T03:30:00.000Z')
    let calls = 0
    const now = () => new Date(start.getTime() + (calls++ < 3 ? 0 : 4 * 3_600_000))
    const job = fixJob({
      config,
      createSource: () => source,
      createRunner: () => runner,
      windowMinutes: 180,
      now,
    })
    expect(job.cron).toBe('30 3 * * *')
    const lines: string[] = []
    const context = { database, data: {}, jobId: 'j1', log: (line: string) => void lines.push(line) }
    const summary = await job.run(context)
    expect(summary).toEqual({ [projectId]: { proposed: 1 } })
    expect(runner.requests).toHaveLength(1)
    const rows = await database.db
      .selectFrom('fix_runs')
      .selectAll()
      .where('project_id', '=', projectId)
      .execute()
    expect(rows.map((r) => [r.ticket_identifier, r.outcome, r.trigger_source])).toEqual([
      ['LOCAL-1', 'proposed', 'schedule'],
    ])
    const jsonl = (await readFile(path.join(config.outputDir, 'outcomes.jsonl'), 'utf8')).trim().split('\n')
    expect(jsonl.map((l) => JSON.parse(l).run_id)).toEqual(rows.map((r) => r.run_id))
    expect(lines.some((l) => l.startsWith(`${FIX_JOB}: [worker 0] LOCAL-1 done proposed`))).toBe(true)

    // The same night again (a second worker, a retry): nothing runs twice.
    calls = 0
    expect(await job.run(context)).toEqual({})
    expect(runner.requests).toHaveLength(1)
  })
})
