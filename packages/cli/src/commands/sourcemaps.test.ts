import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type RunningServer, startServer } from '@suture/service'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { debugIdOf } from '../sourcemaps/collect-source-maps.js'
import { runCli } from '../testing/run-cli.js'

const backend = TEST_DATABASES[0]
const DEBUG_ID = '9a8b7c6d-1234-4e5f-8a9b-0c1d2e3f4a5b'

describe('suture sourcemaps upload', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'suture-sourcemaps-'))
  let database: SutureDatabase
  let server: RunningServer
  let keys: { projectId: string; secretKey: string; publicKey: string }

  beforeAll(async () => {
    database = await (backend as NonNullable<typeof backend>).open()
    server = await startServer({ database, port: 0, closeDatabase: false, keyCacheTtlMs: 0 })
    keys = await createProject(database.db, { name: 'cli maps' })
    mkdirSync(path.join(dir, 'src'), { recursive: true })
    writeFileSync(
      path.join(dir, 'src/main.ts'),
      'export function total(x: { n?: number }) { return x.n!.toFixed(2) }\n;(globalThis as any).t = total\n',
    )
    await build({
      absWorkingDir: dir,
      entryPoints: ['src/main.ts'],
      bundle: true,
      minify: true,
      sourcemap: true,
      outdir: 'dist/assets',
      entryNames: '[name]-[hash]',
      logLevel: 'silent',
    })
    // A bundler that writes debug ids (Sentry's plugins, rolldown's sourcemapDebugIds) ends the file so.
    const bundle = path.join(
      dir,
      'dist/assets',
      readdirSync(path.join(dir, 'dist/assets')).find((f) => f.endsWith('.js')) ?? '',
    )
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}\n//# debugId=${DEBUG_ID}\n`)
    // A map whose bundle is missing is named, not silently skipped.
    writeFileSync(path.join(dir, 'dist/assets/orphan.js.map'), '{}')
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    await database?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('uploads every map with its URL and debug id', async () => {
    const env = { SUTURE_SECRET_KEY: keys.secretKey, SUTURE_ENDPOINT: server.url }
    const first = await runCli(
      ['sourcemaps', 'upload', '--release', '1.0.0', '--url-prefix', '~/assets', '--json', 'dist/assets'],
      { cwd: dir, env },
    )
    expect(first.stderr).toContain('orphan.js.map')
    expect(first.code).toBe(0)
    const answer = JSON.parse(first.stdout) as { outcomes: { url: string; status: string }[] }
    expect(answer.outcomes).toEqual([
      expect.objectContaining({ status: 'created', url: expect.stringMatching(/^~\/assets\/main-\w+\.js$/) }),
    ])
    const rows = await database.db
      .selectFrom('source_maps')
      .select(['release', 'debug_id', 'file_path'])
      .where('project_id', '=', keys.projectId)
      .execute()
    expect(rows).toEqual([
      { release: '1.0.0', debug_id: DEBUG_ID, file_path: expect.stringMatching(/^\/assets\/main-\w+\.js$/) },
    ])
  })

  it('fails with a message naming what is wrong: a public key, no --release', async () => {
    const publicKey = await runCli(
      ['sourcemaps', 'upload', '--release', '1', '--key', keys.publicKey, '--endpoint', server.url, 'dist'],
      { cwd: dir },
    )
    expect(publicKey.code).toBe(1)
    expect(publicKey.stdout).toMatch(/needs a secret key/)
    const noRelease = await runCli(['sourcemaps', 'upload', '--key', 'k', 'dist'], { cwd: dir, env: {} })
    expect(noRelease.code).toBe(2)
    expect(noRelease.stderr).toContain('--release')
  })

  it('a rerun changes nothing, and --delete removes the uploaded maps from the build', async () => {
    const env = { SUTURE_SECRET_KEY: keys.secretKey, SUTURE_ENDPOINT: server.url }
    rmSync(path.join(dir, 'dist/assets/orphan.js.map'))
    const again = await runCli(
      ['sourcemaps', 'upload', '--release', '1.0.0', '--url-prefix', '~/assets', '--delete', 'dist/assets'],
      { cwd: dir, env },
    )
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/^unchanged /m)
    expect(readdirSync(path.join(dir, 'dist/assets')).filter((f) => f.endsWith('.map'))).toEqual([])
    expect(existsSync(path.join(dir, 'src/main.ts'))).toBe(true)
  })

  it('reads the debug-id comment only at the end of a bundle', () => {
    expect(debugIdOf(`x()\n//# debugId=${DEBUG_ID}\n//# sourceMappingURL=a.js.map`)).toBe(DEBUG_ID)
    expect(debugIdOf('x()')).toBeUndefined()
  })
})
