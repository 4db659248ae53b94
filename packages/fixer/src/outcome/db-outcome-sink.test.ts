import { readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { completeFixRun, DbOutcomeSink, fixRunsOf } from './db-outcome-sink.js'
import { type FixRunRecord, fanOut, JsonlOutcomeLog } from './outcome-row.js'

function row(overrides: Partial<FixRunRecord> = {}): FixRunRecord {
  return {
    run_id: 'fix-1',
    ticket_id: 't-1',
    ticket_identifier: 'LOCAL-1',
    cluster_key: 'cluster-members',
    attempt: 1,
    trigger_source: 'schedule',
    agent: 'claude-code',
    repo: '/src/web',
    branch: 'suture/LOCAL-1-0123abcd',
    base_commit: 'a'.repeat(40),
    head_commit: 'b'.repeat(40),
    worker: 0,
    started: '2026-12-02T03:31:18.000Z',
    finished: '2026-12-02T03:47:02.000Z',
    stages: { agent: { tokens: 1200, tool_calls: 7, edits: 2, ms: 900_000, ok: true } },
    outcome: 'proposed',
    detail: 'draft pull request https://github.com/acme/web/pull/1',
    cost_usd: 1.5,
    tokens: { input: 1000, output: 200, cache_read: 0, cache_creation: 0 },
    proposal_url: 'https://github.com/acme/web/pull/1',
    review_outcome: null,
    regressions_detected_24h: null,
    ...overrides,
  }
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`fix_runs on ${backend.name}`, () => {
    let database: SutureDatabase
    let projectId: string
    const file = path.join(os.tmpdir(), `suture-fix-runs-${process.pid}-${backend.name}.jsonl`)
    beforeAll(async () => {
      database = await backend.open()
      projectId = (await createProject(database.db, { name: 'fixer' })).projectId
    })
    afterAll(async () => {
      await database?.close()
      await rm(file, { force: true })
    })

    it('records one row per run in the table and the JSONL log, idempotently, and completes it later', async () => {
      const sink = fanOut(new JsonlOutcomeLog(file), new DbOutcomeSink(database.db, projectId))
      await sink.record(row())
      await new DbOutcomeSink(database.db, projectId).record(row())
      await sink.record(
        row({
          run_id: 'fix-2',
          attempt: 2,
          outcome: 'killed',
          proposal_url: null,
          started: '2026-12-03T03:00:00.000Z',
        }),
      )
      const runs = await fixRunsOf(database.db, projectId, 'cluster-members')
      expect(runs.map((r) => [r.runId, r.outcome, r.costUsd])).toEqual([
        ['fix-2', 'killed', 1.5],
        ['fix-1', 'proposed', 1.5],
      ])
      const stored = await database.db
        .selectFrom('fix_runs')
        .selectAll()
        .where('run_id', '=', 'fix-1')
        .executeTakeFirstOrThrow()
      expect(stored.stages).toEqual(row().stages)
      expect(stored.review_outcome).toBeNull()
      const lines = (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      expect(lines[0]).toEqual(row())

      expect(await completeFixRun(database.db, 'fix-1', { reviewOutcome: 'merged' })).toBe(true)
      expect(await completeFixRun(database.db, 'fix-1', { regressionsDetected24h: false })).toBe(true)
      expect(await completeFixRun(database.db, 'nope', { reviewOutcome: 'merged' })).toBe(false)
      const done = await database.db
        .selectFrom('fix_runs')
        .selectAll()
        .where('run_id', '=', 'fix-1')
        .executeTakeFirstOrThrow()
      expect(done).toMatchObject({ review_outcome: 'merged', regressions_detected_24h: false })
      await expect(
        new DbOutcomeSink(database.db, projectId).record(row({ run_id: 'fix-3', outcome: 'clean' as never })),
      ).rejects.toThrow()
    })
  })
}
