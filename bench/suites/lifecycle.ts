import { parseEnvelope } from '@suture/envelope'
import { isoWeek, runTriage } from '@suture/pm-agent'
import { createProject, openDatabase, type SutureDatabase, storeEnvelopes } from '@suture/store'
import {
  createTestPostgresDatabase,
  errorEnvelopeFromStack,
  feedbackEnvelope,
  POSTGRES_AVAILABLE,
  realStacks,
} from '@suture/store/testing'
import { type BenchSuite, medianMs } from '../suite.js'

const WEEK = 7 * 86_400_000
const PER_WEEK = 3_000
const BATCH = 50
const CONCURRENCY = 8
// The weekly triage reads its week and the four before it (trend history): the small database holds
// exactly those; the large one seven older weeks besides, which it must not read.
const READ_WEEKS = 5
const HELD_WEEKS = 12

async function fill(database: SutureDatabase, projectId: string, weeks: number, lastWeekStart: number) {
  const stacks = realStacks(60)
  let stored = 0
  let storing = 0
  for (let w = 0; w < weeks; w++) {
    const start = lastWeekStart - w * WEEK
    const envelopes = Array.from({ length: PER_WEEK }, (_, i) => {
      const at = new Date(start + ((i * 997) % WEEK)).toISOString()
      const input =
        i % 10 === 9
          ? feedbackEnvelope({
              occurredAt: at,
              sessionId: `s${w}_${i % 400}`,
              route: { template: `/r${i % 7}` },
            })
          : errorEnvelopeFromStack(stacks[i % stacks.length] as (typeof stacks)[number], {
              occurredAt: at,
              sessionId: `s${w}_${i % 400}`,
              actor: { idHash: `u${i % 300}` },
            })
      const parsed = parseEnvelope(input)
      if (!parsed.ok) throw new Error('bad fixture')
      return parsed.value
    })
    const batches = Array.from({ length: Math.ceil(envelopes.length / BATCH) }, (_, b) =>
      envelopes.slice(b * BATCH, (b + 1) * BATCH),
    )
    let next = 0
    const started = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < batches.length) {
          const batch = batches[next++] as typeof envelopes
          await storeEnvelopes(database.db, projectId, batch)
          stored += batch.length
        }
      }),
    )
    storing += performance.now() - started
  }
  return { stored, seconds: storing / 1000 }
}

/**
 * The weekly triage on a database holding 12 weeks of envelopes against one holding only the weeks it
 * reads, in the same run on the same Postgres (partitioned by week): the ratio stays near 1 when the
 * queries touch only the weeks they need. Also prints the store's ingest rate into the partitioned table.
 */
export const lifecycleSuite: BenchSuite = {
  name: 'lifecycle',
  async run(log) {
    if (!POSTGRES_AVAILABLE) {
      log('skipped: no Postgres at 127.0.0.1:5432')
      return
    }
    const now = Date.now()
    const monday = (t: number) => {
      const d = new Date(t)
      const day = (d.getUTCDay() + 6) % 7
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - day * 86_400_000
    }
    const target = monday(now - WEEK)
    const week = isoWeek(new Date(target))
    const results: Record<number, number> = {}
    for (const weeks of [READ_WEEKS, HELD_WEEKS]) {
      const created = await createTestPostgresDatabase()
      const database = await openDatabase({ kind: 'postgres', url: created.url })
      try {
        const { projectId } = await createProject(database.db, { name: 'bench' })
        const filled = await fill(database, projectId, weeks, target)
        if (weeks === HELD_WEEKS)
          log(
            `storeEnvelopes into weekly partitions (batches of ${BATCH}, ${CONCURRENCY} at once, one process): ${Math.round(filled.stored / filled.seconds)} envelopes/s`,
          )
        await database.executeSql('analyze')
        results[weeks] = await medianMs(() => runTriage({ db: database.db, projectId, week }), 3)
        log(
          `triage of ${week}, database holding ${weeks} weeks (${weeks * PER_WEEK} envelopes): ${results[weeks]?.toFixed(0)} ms`,
        )
      } finally {
        await database.close()
        await created.drop()
      }
    }
    const ratio = (results[HELD_WEEKS] ?? Number.NaN) / (results[READ_WEEKS] ?? Number.NaN)
    log(`ratio: ${ratio.toFixed(2)}× (12 weeks held vs only the ${READ_WEEKS} weeks triage reads; aim ≈ 1)`)
  },
}
