import { type Envelope, parseEnvelope, parseSessionEvent, type SessionEvent } from '@suture/envelope'
import { isoWeek, runTriage } from '@suture/pm-agent'
import {
  createProject,
  ensureWeeklyPartitions,
  openDatabase,
  PARTITIONED_TABLES,
  type PartitionedTable,
  type SutureDatabase,
  storeEnvelopes,
  storeSessionEvents,
} from '@suture/store'
import {
  createTestPostgresDatabase,
  errorEnvelopeFromStack,
  feedbackEnvelope,
  POSTGRES_AVAILABLE,
  realSessions,
  realStacks,
} from '@suture/store/testing'
import type { BenchSuite } from '../suite.js'

const WEEK = 7 * 86_400_000
const PER_WEEK = 3_000
const SESSIONS_PER_WEEK = 300
const BATCH = 50
const IMPROVEMENTS = [
  'Search results take too long to load',
  'I could not find the shipping costs before checkout',
  'The product photos do not zoom on my phone',
  'Checkout asked for my address twice',
]
const CONCURRENCY = 8
// The weekly triage reads its week and the four before it (`historyWeeks`, trend history).
const HISTORY_WEEKS = 4
const HELD_WEEKS = 12
const ROUNDS = 5
/** The three databases of one run: the same generator fills each with its newest `weeks` weeks. */
const DATABASES = [
  { key: 'week', weeks: 1, label: 'only the week triaged' },
  { key: 'window', weeks: 1 + HISTORY_WEEKS, label: `the ${1 + HISTORY_WEEKS} weeks triage reads` },
  { key: 'held', weeks: HELD_WEEKS, label: `${HELD_WEEKS} weeks` },
] as const

type Key = (typeof DATABASES)[number]['key']

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

/**
 * Week `w` (0 = the week triaged, 1 the one before…) of the bench's data, the same in every database:
 * 90 % production errors from real browser stacks, 10 % feedback, and real e-commerce sessions' events
 * moved into the week (scored by `fill`). Only ids (random) differ between databases.
 */
function weekOfData(w: number, weekStart: number, stacks: ReturnType<typeof realStacks>) {
  const envelopes: Envelope[] = Array.from({ length: PER_WEEK }, (_, i) => {
    const at = new Date(weekStart + ((i * 997) % WEEK)).toISOString()
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
            // Triage reads production only (SUTURE_ENVIRONMENTS): the fixture's default 'test' would be
            // scanned and then filtered out, leaving triage almost nothing to cluster.
            app: { name: 'demo', release: '1.0.0', environment: 'production' },
          })
    const parsed = parseEnvelope(input)
    if (!parsed.ok) throw new Error('bad fixture')
    return parsed.value
  })
  const events: SessionEvent[] = []
  for (const [s, session] of realSessions(SESSIONS_PER_WEEK).entries()) {
    const first = Date.parse(session.events[0]?.ts ?? '')
    const shift = weekStart + ((s * 7_919_000) % (WEEK - 86_400_000)) - first
    for (const e of session.events) {
      const parsed = parseSessionEvent({
        sessionId: `${session.session_id}-w${w}`,
        ts: new Date(Date.parse(e.ts) + shift).toISOString(),
        event: e.event,
        properties: e.properties,
      })
      if (!parsed.ok) throw new Error('bad session fixture')
      events.push(parsed.value)
    }
  }
  return { envelopes, events }
}

async function fill(database: SutureDatabase, projectId: string, weeks: number, triagedWeek: number) {
  const stacks = realStacks(60)
  let stored = 0
  let storing = 0
  for (let w = 0; w < weeks; w++) {
    const { envelopes, events } = weekOfData(w, triagedWeek - w * WEEK, stacks)
    const batches = Array.from({ length: Math.ceil(envelopes.length / BATCH) }, (_, b) =>
      envelopes.slice(b * BATCH, (b + 1) * BATCH),
    )
    let next = 0
    const started = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < batches.length) {
          const batch = batches[next++] as Envelope[]
          await storeEnvelopes(database.db, projectId, batch)
          stored += batch.length
        }
      }),
    )
    storing += performance.now() - started
    for (let i = 0; i < events.length; i += 500)
      await storeSessionEvents(database.db, projectId, events.slice(i, i + 500))
    // Each session scored the night after, as the nightly job does; a third low with a note (a signal).
    // Scores and sessions are kept 730 days and not partitioned, so triage's read of them is timed too.
    const sessionIds = [...new Set(events.map((e) => e.sessionId))]
    await database.db
      .insertInto('scores')
      .values(
        sessionIds.map((session_id, k) => ({
          project_id: projectId,
          session_id,
          scorer: 'heuristic',
          version: '1',
          status: 'scored' as const,
          score: k % 3 === 0 ? 3 : 8,
          improvement: k % 3 === 0 ? IMPROVEMENTS[k % IMPROVEMENTS.length] : null,
          scored_at: new Date(triagedWeek - w * WEEK + 86_400_000 + k * 1_000),
        })),
      )
      .execute()
  }
  return { stored, seconds: storing / 1000 }
}

interface Captured {
  readonly sql: string
  readonly parameters: readonly unknown[]
}

/**
 * The database handle triage gets, recording each query it compiles (the exact SQL and parameters) so the
 * bench can EXPLAIN what triage really runs rather than a copy of it.
 */
function recording(database: SutureDatabase, into: Captured[]): SutureDatabase['db'] {
  const executor = database.db.getExecutor()
  return database.db.withPlugin({
    transformQuery(args) {
      const compiled = executor.compileQuery(args.node, args.queryId)
      into.push({ sql: compiled.sql, parameters: compiled.parameters })
      return args.node
    },
    async transformResult(args) {
      return args.result
    },
  })
}

function relationsIn(plan: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(plan)) for (const p of plan) relationsIn(p, out)
  else if (plan !== null && typeof plan === 'object') {
    for (const [key, value] of Object.entries(plan)) {
      if (key === 'Relation Name' && typeof value === 'string') out.add(value)
      else relationsIn(value, out)
    }
  }
  return out
}

/** Triage's reads of a time-partitioned table (the queries partitioning can make cheaper). */
function partitionedReads(queries: readonly Captured[], table?: PartitionedTable): Captured[] {
  const tables = table ? [table] : (Object.keys(PARTITIONED_TABLES) as PartitionedTable[])
  return queries.filter(
    (q) => q.sql.startsWith('select') && tables.some((t) => q.sql.includes(`from "${t}"`)),
  )
}

/** Triage's read of scores (joined with sessions): neither table is partitioned, both kept 730 days. */
function scoreReads(queries: readonly Captured[]): Captured[] {
  return queries.filter((q) => q.sql.startsWith('select') && q.sql.includes('from "scores"'))
}

interface PlanNode {
  readonly 'Node Type'?: string
  readonly 'Relation Name'?: string
  readonly 'Actual Rows'?: number
  readonly 'Actual Loops'?: number
  readonly 'Rows Removed by Filter'?: number
  readonly Plans?: readonly PlanNode[]
}

/** EXPLAIN ANALYZE of triage's score read: how many rows of scores and sessions it reads for one week. */
async function scoreScans(database: SutureDatabase, queries: readonly Captured[]): Promise<string[]> {
  const lines: string[] = []
  for (const q of scoreReads(queries)) {
    const explained = await database.executeSql(`explain (analyze, format json) ${q.sql}`, q.parameters)
    const root = (explained.rows[0]?.['QUERY PLAN'] as { Plan: PlanNode }[] | undefined)?.[0]?.Plan
    const scans: string[] = []
    const walk = (node: PlanNode | undefined) => {
      if (!node) return
      if (node['Relation Name'] === 'scores' || node['Relation Name'] === 'sessions') {
        const loops = node['Actual Loops'] ?? 1
        const read = ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * loops
        scans.push(`${node['Node Type']} on ${node['Relation Name']}: ${Math.round(read)} rows read`)
      }
      for (const child of node.Plans ?? []) walk(child)
    }
    walk(root)
    lines.push(`scores ⨝ sessions for the week: ${scans.join('; ') || 'no scan found'}`)
  }
  return lines
}

/**
 * EXPLAIN (the plan Postgres would run with these parameters) of each of triage's reads of a partitioned
 * table: which partitions it scans, out of how many the table has.
 */
async function partitionsScanned(database: SutureDatabase, queries: readonly Captured[]): Promise<string[]> {
  const lines: string[] = []
  for (const table of Object.keys(PARTITIONED_TABLES) as PartitionedTable[]) {
    const all = await database.executeSql(
      `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
       join pg_class p on p.oid = i.inhparent where p.relname = $1`,
      [table],
    )
    const total = all.rows.length
    for (const q of partitionedReads(queries, table)) {
      const explained = await database.executeSql(`explain (format json) ${q.sql}`, q.parameters)
      const scanned = [...relationsIn(explained.rows[0]?.['QUERY PLAN'], new Set())]
        .filter((r) => r.startsWith(`${table}_`))
        .sort()
      const times = q.parameters.filter((p): p is Date => p instanceof Date).map((d) => d.getTime())
      const range =
        times.length >= 2
          ? `[${new Date(Math.min(...times)).toISOString().slice(0, 10)}, ${new Date(Math.max(...times)).toISOString().slice(0, 10)})`
          : '(no time range)'
      lines.push(
        `${table} ${range}: scans ${scanned.length} of ${total} partitions (${scanned.join(', ') || 'none'})`,
      )
    }
  }
  return lines
}

/**
 * The weekly triage on three Postgres databases filled by the same generator in one run: one holding only
 * the week triaged, one holding exactly the weeks triage reads (the week and its 4-week trend history), and
 * one holding 12 weeks. Every database has the same weekly partitions (those a deployment running for 12
 * weeks has), so they differ only in the rows held. 12 weeks vs the read window is the fair ratio (aim ≈ 1):
 * both give triage the same rows to read, so it measures only what the 7 older weeks cost. 12 weeks vs one
 * week also counts triage reading its 4 weeks of history, which it must do. The three are timed in
 * rounds, back to back, and each ratio is the median of the rounds' ratios. EXPLAIN then shows which
 * partitions each of triage's reads scans on the 12-week database.
 */
export const lifecycleSuite: BenchSuite = {
  name: 'lifecycle',
  async run(log) {
    if (!POSTGRES_AVAILABLE) {
      log('skipped: no Postgres at 127.0.0.1:5432')
      return
    }
    const monday = (t: number) => {
      const d = new Date(t)
      const day = (d.getUTCDay() + 6) % 7
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - day * 86_400_000
    }
    const target = monday(Date.now() - WEEK)
    const week = isoWeek(new Date(target))
    const opened: { key: Key; weeks: number; label: string; database: SutureDatabase; projectId: string }[] =
      []
    const drops: (() => Promise<void>)[] = []
    try {
      for (const { key, weeks, label } of DATABASES) {
        const created = await createTestPostgresDatabase()
        drops.push(() => created.drop())
        const database = await openDatabase({ kind: 'postgres', url: created.url })
        drops.push(() => database.close())
        // A database that has run for 12 weeks has one partition per week (the daily retention job makes
        // them ahead); a fresh one has only the last week's and the next five.
        for (const table of Object.keys(PARTITIONED_TABLES) as PartitionedTable[])
          await ensureWeeklyPartitions(
            database.db,
            table,
            new Date(target - (HELD_WEEKS - 1) * WEEK),
            new Date(target + WEEK),
          )
        const { projectId } = await createProject(database.db, { name: 'bench' })
        const filled = await fill(database, projectId, weeks, target)
        if (key === 'held')
          log(
            `storeEnvelopes into weekly partitions (batches of ${BATCH}, ${CONCURRENCY} at once, one process): ${Math.round(filled.stored / filled.seconds)} envelopes/s`,
          )
        // As a database that has run for weeks: older partitions vacuumed (hint bits, visibility map) and
        // analysed, so autovacuum catching up on one of the three mid-run does not skew the comparison.
        await database.executeSql('vacuum analyze')
        opened.push({ key, weeks, label, database, projectId })
      }
      // Warm-up, recording the queries triage runs for the EXPLAIN below.
      const captured: Record<Key, Captured[]> = { week: [], window: [], held: [] }
      for (const { key, database, projectId } of opened)
        await runTriage({ db: recording(database, captured[key]), projectId, week })
      // Rounds, each timing all three back to back: on a shared machine the load drifts over minutes, so
      // databases timed one after another would mostly compare the neighbours' load.
      const times: Record<Key, number[]> = { week: [], window: [], held: [] }
      const readTimes: Record<Key, number[]> = { week: [], window: [], held: [] }
      const scoreTimes: Record<Key, number[]> = { week: [], window: [], held: [] }
      const ratios: Record<'window' | 'week', number[]> = { window: [], week: [] }
      const readRatios: Record<'window' | 'week', number[]> = { window: [], week: [] }
      let clusters = 0
      for (let round = 0; round < ROUNDS; round++) {
        const order = [...opened.slice(round % opened.length), ...opened.slice(0, round % opened.length)]
        const t: Partial<Record<Key, number>> = {}
        const r: Partial<Record<Key, number>> = {}
        for (const { key, database, projectId } of order) {
          let started = performance.now()
          clusters = (await runTriage({ db: database.db, projectId, week })).clusters.length
          t[key] = performance.now() - started
          times[key].push(t[key])
          // The same reads alone (exact SQL and parameters): what partitioning can change, without the
          // clustering in Node, which is the same work on every database.
          started = performance.now()
          for (const q of partitionedReads(captured[key])) await database.executeSql(q.sql, q.parameters)
          r[key] = performance.now() - started
          readTimes[key].push(r[key])
          started = performance.now()
          for (const q of scoreReads(captured[key])) await database.executeSql(q.sql, q.parameters)
          scoreTimes[key].push(performance.now() - started)
        }
        const ratio = (x: Partial<Record<Key, number>>, b: Key) =>
          (x.held ?? Number.NaN) / (x[b] ?? Number.NaN)
        ratios.window.push(ratio(t, 'window'))
        ratios.week.push(ratio(t, 'week'))
        readRatios.window.push(ratio(r, 'window'))
        readRatios.week.push(ratio(r, 'week'))
      }
      for (const { key, weeks, label } of opened)
        log(
          `triage of ${week} (${clusters} clusters), database holding ${label} (${weeks * PER_WEEK} envelopes, ${weeks * SESSIONS_PER_WEEK} sessions): median ${median(times[key]).toFixed(0)} ms over ${ROUNDS} rounds; its reads of envelopes and session_events alone ${median(readTimes[key]).toFixed(0)} ms, of scores ${median(scoreTimes[key]).toFixed(0)} ms`,
        )
      log(
        `ratio 12 weeks / read window: ${median(ratios.window).toFixed(2)}× (median of per-round ratios; same rows read, only the 7 older weeks differ; aim ≈ 1)`,
      )
      log(
        `ratio 12 weeks / 1 week:      ${median(ratios.week).toFixed(2)}× (also counts reading the 4 weeks of history the trend needs)`,
      )
      log(
        `reads of the partitioned tables alone: 12 weeks / read window ${median(readRatios.window).toFixed(2)}×, 12 weeks / 1 week ${median(readRatios.week).toFixed(2)}×; the score read alone ${(median(scoreTimes.held) / median(scoreTimes.window)).toFixed(2)}× and ${(median(scoreTimes.held) / median(scoreTimes.week)).toFixed(2)}×`,
      )
      const held = opened.find((o) => o.key === 'held')
      if (held) {
        log(`EXPLAIN of triage's reads on the ${HELD_WEEKS}-week database:`)
        for (const line of await partitionsScanned(held.database, captured.held)) log(`  ${line}`)
        for (const line of await scoreScans(held.database, captured.held)) log(`  ${line}`)
      }
    } finally {
      for (const drop of drops.reverse()) await drop()
    }
  },
}
