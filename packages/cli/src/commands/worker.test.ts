import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { startWorker } from '@suture/service'
import { createProject, openDatabase, storeSessionEvents } from '@suture/store'
import { createTestPostgresDatabase, POSTGRES_AVAILABLE } from '@suture/store/testing'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../../../..')
let child: ChildProcess | undefined
let drop: (() => Promise<void>) | undefined

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL')
  await drop?.()
})

// On Postgres: the embedded database works too (see the scorer's job tests) but is slow to open twice here.
describe.skipIf(!POSTGRES_AVAILABLE)('suture worker', () => {
  it('runs the nightly job on demand through pg-boss and stops gracefully on SIGTERM', async () => {
    const created = await createTestPostgresDatabase()
    drop = created.drop
    const database = await openDatabase({ kind: 'postgres', url: created.url })
    const { projectId } = await createProject(database.db, { name: 'Shop' })
    await storeSessionEvents(database.db, projectId, [
      { sessionId: 'w-1', ts: '2026-03-02T10:00:00Z', event: '$pageview', properties: { $pathname: '/a' } },
      { sessionId: 'w-1', ts: '2026-03-02T10:03:00Z', event: '$pageview', properties: { $pathname: '/b' } },
    ])
    await database.close()

    const env = { ...process.env, ANTHROPIC_API_KEY: '', POSTHOG_PROJECT_API_KEY: '' }
    child = spawn(
      process.execPath,
      [
        '--conditions=@suture/source',
        '--import',
        'tsx',
        'packages/cli/src/main.ts',
        'worker',
        '--database-url',
        created.url,
        '--run-now',
        'score-sessions',
      ],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8')
    })
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)))
    const deadline = Date.now() + 60_000
    while (!stderr.includes('score-sessions: done') && child.exitCode === null && Date.now() < deadline)
      await delay(100)
    expect(stderr).toContain('score-sessions: 1 scored, 0 failed, 0 left')
    expect(stderr).toContain("scheduled score-sessions at '0 3 * * *' (UTC)")
    // The PM agent's Monday run and per-minute spike check run in the same worker.
    expect(stderr).toMatch(/worker started with score-sessions, pm-agent\.weekly, pm-agent\.spikes/)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stderr).toMatch(/SIGTERM: finishing the job in progress, then stopping\n.*stopped\n$/)
  }, 90_000)

  it('exits non-zero, and promptly, when pg-boss cannot start', async () => {
    const created = await createTestPostgresDatabase()
    const database = await openDatabase({ kind: 'postgres', url: created.url })
    // pg-boss installed, then broken so that creating the first queue fails after pg-boss has started
    // its timers: the half-started worker must not linger.
    const installer = await startWorker({ database, jobs: [], schedule: false })
    await installer.stop()
    await database.executeSql('drop function pgboss.create_queue(text, json)')
    await database.close()
    try {
      const broken = spawn(
        process.execPath,
        [
          '--conditions=@suture/source',
          '--import',
          'tsx',
          'packages/cli/src/main.ts',
          'worker',
          '--database-url',
          created.url,
        ],
        { cwd: ROOT, env: { ...process.env, ANTHROPIC_API_KEY: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let stderr = ''
      broken.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8')
      })
      const code = await new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => {
          broken.kill('SIGKILL')
          resolve(null)
        }, 60_000)
        broken.once('exit', (c) => {
          clearTimeout(timer)
          resolve(c)
        })
      })
      expect(code, stderr).toBe(1)
      expect(stderr).toContain('The worker could not start')
    } finally {
      await created.drop()
    }
  }, 90_000)
})
