import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { Script } from 'node:vm'
import { type Envelope, fingerprint, parseEnvelope, parseStack } from '@suture/envelope'
import {
  createProject,
  openDatabase,
  prepareSymbolicated,
  Symbolicator,
  storeEnvelopes,
  storeSourceMap,
} from '@suture/store'
import { build } from 'esbuild'
import type { BenchSuite } from '../suite.js'

const BATCH = 50
const TOTAL = 4_000
// Measured in alternating rounds: on a shared, loaded machine one long run of each drifts apart.
const ROUNDS = 5

// A bundle of a few hundred functions (a map of realistic density) with a planted bug deep in it.
async function bundle(): Promise<{ code: string; map: string; stack: string; message: string }> {
  const root = mkdtempSync(path.join(tmpdir(), 'suture-bench-maps-'))
  try {
    mkdirSync(path.join(root, 'src'))
    const helpers = Array.from(
      { length: 400 },
      (_, i) =>
        `export function helper${i}(x: { n?: number }) { return (x.n ?? ${i}) * ${i} + helper${Math.max(0, i - 1)}.length }`,
    ).join('\n')
    writeFileSync(path.join(root, 'src/helpers.ts'), helpers)
    writeFileSync(
      path.join(root, 'src/main.ts'),
      `import * as h from './helpers'\nfunction total(x: { n?: number }) { return Object.values(h).length + x.n!.toFixed(2).length }\nfunction page(items: { n?: number }[]) { return items.map((i) => total(i)) }\n;(globalThis as any).run = () => page([{ n: 1 }, {}])\n`,
    )
    await build({
      absWorkingDir: root,
      entryPoints: ['src/main.ts'],
      bundle: true,
      minify: true,
      sourcemap: 'external',
      outfile: 'dist/assets/index-b3nch.js',
      logLevel: 'silent',
    })
    const code = readFileSync(path.join(root, 'dist/assets/index-b3nch.js'), 'utf8')
    const map = readFileSync(path.join(root, 'dist/assets/index-b3nch.js.map'), 'utf8')
    const sandbox: { run?: () => void } = {}
    new Script(code, { filename: 'https://app.bench/assets/index-b3nch.js' }).runInNewContext({
      globalThis: sandbox,
    })
    try {
      sandbox.run?.()
    } catch (error: unknown) {
      const stack = ((error as Error).stack ?? '')
        .split('\n')
        .filter((l, i) => i === 0 || l.includes('app.bench'))
        .join('\n')
      return { code, map, stack, message: (error as Error).message }
    }
    throw new Error('the planted bug did not throw')
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

// As @suture/error-boundary sends them: with the fingerprint it computed from the minified frames, which
// the server replaces with the original frames' one.
function envelopes(stack: string, message: string, count = TOTAL): Envelope[] {
  const clientFingerprint = fingerprint({ type: 'TypeError', message, frames: parseStack(stack) })
  return Array.from({ length: count }, () => {
    const parsed = parseEnvelope({
      id: randomUUID(),
      schemaVersion: 1,
      kind: 'error',
      occurredAt: new Date().toISOString(),
      app: { name: 'bench', release: '1.0.0' },
      route: { template: '/billing' },
      error: {
        type: 'TypeError',
        message,
        stack,
        fingerprint: clientFingerprint,
        handled: false,
        mechanism: 'boundary',
      },
    })
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
    return parsed.value
  })
}

/**
 * Ingest throughput with and without source maps for the same envelopes in the same run (embedded PGlite,
 * one process, batches of 50): the symbolicated project's maps are uploaded first and its parsed-map
 * cache is warm, as on a server that has seen the release before.
 */
export const symbolicationSuite: BenchSuite = {
  name: 'symbolication',
  async run(log) {
    const built = await bundle()
    const dir = mkdtempSync(path.join(tmpdir(), 'suture-bench-sym-'))
    const database = await openDatabase({ kind: 'pglite', dataDir: dir })
    try {
      const plain = await createProject(database.db, { name: 'plain' })
      const mapped = await createProject(database.db, { name: 'mapped' })
      const symbolicator = new Symbolicator(database.db, { indexTtlMs: 60_000 })
      await storeSourceMap(
        database.db,
        mapped.projectId,
        { release: '1.0.0', url: '~/assets/index-b3nch.js', map: built.map, minified: built.code },
        { symbolicator },
      )
      /** Milliseconds to store `items` in batches. */
      const measure = async (projectId: string, items: Envelope[]) => {
        const start = performance.now()
        for (let i = 0; i < items.length; i += BATCH)
          await storeEnvelopes(database.db, projectId, items.slice(i, i + BATCH), { symbolicator })
        return performance.now() - start
      }
      // Warm both paths (JIT, the map cache), then measure in alternating rounds.
      await measure(plain.projectId, envelopes(built.stack, built.message, 200))
      await measure(mapped.projectId, envelopes(built.stack, built.message, 200))
      const perRound = TOTAL / ROUNDS
      let mappedMs = 0
      let plainMs = 0
      const before = symbolicator.framesResolved
      for (let round = 0; round < ROUNDS; round++) {
        mappedMs += await measure(mapped.projectId, envelopes(built.stack, built.message, perRound))
        plainMs += await measure(plain.projectId, envelopes(built.stack, built.message, perRound))
      }
      const withMaps = TOTAL / (mappedMs / 1000)
      const without = TOTAL / (plainMs / 1000)
      const framesPerSecond = (symbolicator.framesResolved - before) / (mappedMs / 1000)
      log(`plain ingest (no maps):        ${without.toFixed(0)} envelopes/s`)
      log(
        `ingest with symbolication:     ${withMaps.toFixed(0)} envelopes/s (${framesPerSecond.toFixed(0)} frames/s resolved, warm cache, map ${(built.map.length / 1024).toFixed(0)} KB)`,
      )
      log(`ratio (symbolicated / plain):  ${(withMaps / without).toFixed(2)} (must stay above 0.50)`)
      // The same envelopes through the server's preparation alone (parse, symbolicate, fingerprint, scrub,
      // serialise the row body): what symbolication costs in CPU, without the database's share.
      const prepare = async (projectId: string, items: Envelope[]) => {
        const start = performance.now()
        for (let i = 0; i < items.length; i += BATCH)
          for (const e of await prepareSymbolicated(symbolicator, projectId, items.slice(i, i + BATCH)))
            JSON.stringify(e)
        return performance.now() - start
      }
      // Milliseconds per round are few here: more rounds of more envelopes, so JIT and GC pauses average out.
      let mappedCpu = 0
      let plainCpu = 0
      const cpuRounds = ROUNDS * 4
      for (let round = 0; round < cpuRounds; round++) {
        mappedCpu += await prepare(mapped.projectId, envelopes(built.stack, built.message, TOTAL / 2))
        plainCpu += await prepare(plain.projectId, envelopes(built.stack, built.message, TOTAL / 2))
      }
      const cpuTotal = (cpuRounds * TOTAL) / 2
      log(
        `prepare only (no database):    ${(cpuTotal / (mappedCpu / 1000)).toFixed(0)} vs ${(cpuTotal / (plainCpu / 1000)).toFixed(0)} envelopes/s, ratio ${(plainCpu / mappedCpu).toFixed(2)}`,
      )
      log(
        `load average at the end:       ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      )
    } finally {
      await database.close()
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
