import { setImmediate as tick } from 'node:timers/promises'
import type { SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeuristicScorer } from '../scoring/heuristic-scorer.js'
import type { Scorer } from '../scoring/scorer.js'
import { scoreStoredSessions } from './score-stored-sessions.js'
import { seedSessions } from './test-fixtures.js'

const NOW = new Date('2026-03-03T03:00:00Z')
const SESSIONS = 24

// Postgres only: the embedded PGlite database is one process (its data-dir lock refuses a second
// `suture score`), so two runs cannot race there and the claims are skipped.
const postgres = TEST_DATABASES.find((b) => b.name === 'postgres')

describe.skipIf(!postgres?.available)('two scoring runs at once on postgres', () => {
  let database: SutureDatabase
  beforeAll(async () => {
    database = await (postgres as NonNullable<typeof postgres>).open()
    await seedSessions(
      database.db,
      Array.from({ length: SESSIONS }, (_, i) => ({
        id: `race-${String(i).padStart(2, '0')}`,
        start: new Date(NOW.getTime() - (20 - i / 10) * 3_600_000),
      })),
    )
  })
  afterAll(async () => {
    await database?.close()
  })

  it('split the sessions between them: each session is scored (and paid for) once', async () => {
    const calls = new Map<string, number>()
    const heuristic = createHeuristicScorer()
    // Yields between sessions so the two runs interleave, as two processes calling Claude would.
    const counting: Scorer = {
      name: heuristic.name,
      version: heuristic.version,
      async score(session, options) {
        calls.set(session.sessionId, (calls.get(session.sessionId) ?? 0) + 1)
        await tick()
        return heuristic.score(session, options)
      },
    }
    const run = () =>
      scoreStoredSessions(database.db, { scorer: counting, now: NOW, pageSize: 4, claimSessions: true })
    const [a, b] = await Promise.all([run(), run()])
    expect([...calls.values()].filter((n) => n > 1)).toEqual([])
    expect(calls.size).toBe(SESSIONS)
    expect(a.scored + b.scored).toBe(SESSIONS)
    const rows = await database.db.selectFrom('scores').select('session_id').execute()
    expect(rows).toHaveLength(SESSIONS)
    // Claims are released: a later run finds nothing to do and nothing held.
    const again = await scoreStoredSessions(database.db, { scorer: counting, now: NOW, claimSessions: true })
    expect(again).toMatchObject({ pending: 0, scored: 0 })
  })
})
