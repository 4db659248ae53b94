import {
  fileTickets,
  goLive,
  LocalTracker,
  runValidationTick,
  VALIDATION_JOB,
  validationConfigFrom,
} from '@suture/pm-agent'
import { sampleCluster } from '@suture/pm-agent/testing'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../start-server.js'

async function postDeploy(url: string, secretKey: string, body: unknown) {
  const res = await fetch(`${url}/v1/deploys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-suture-key': secretKey },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as { results?: unknown[] } }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const backend = TEST_DATABASES[0]

describe.skipIf(!backend?.available)('POST /v1/deploys starts validation for the project', () => {
  let database: SutureDatabase

  beforeAll(async () => {
    if (!backend) throw new Error('no test database')
    database = await backend.open()
  })
  afterAll(() => database.close())

  it('answers before the hook runs; a duplicate marker starts nothing', async () => {
    const { projectId, secretKey } = await createProject(database.db, { name: 'deploy-hook' })
    const calls: { projectId: string; releases: readonly string[] }[] = []
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const server: RunningServer = await startServer({
      database,
      keyCacheTtlMs: 0,
      closeDatabase: false,
      onDeploys: async (id, releases) => {
        calls.push({ projectId: id, releases })
        // Held until the test has its answer: the response cannot have waited for this.
        await gate
      },
    })
    try {
      const first = await postDeploy(server.url, secretKey, { release: '3.1.0', commit: 'f00d' })
      expect(first.status).toBe(200)
      await until('the hook', async () => (calls.length > 0 ? true : undefined))
      expect(calls).toEqual([{ projectId, releases: ['3.1.0'] }])
      release()
      const again = await postDeploy(server.url, secretKey, { release: '3.1.0', commit: 'f00d' })
      expect(again.body.results).toEqual([{ id: '3.1.0@production', status: 'duplicate' }])
      expect(calls).toHaveLength(1)
    } finally {
      await server.close()
    }
  }, 60_000)

  it("wired to pm-agent's validation: the deploy ties a closed ticket to the release at once", async () => {
    const db = database.db
    const { projectId, secretKey } = await createProject(db, { name: 'deploy-validation' })
    await goLive(db, { projectId, by: 'ana@example.com' })
    const tracker = new LocalTracker({ db, projectId })
    const filed = await fileTickets({
      db,
      projectId,
      tracker,
      clusters: [sampleCluster({ key: 'members' })],
      runKey: 'w',
      shadow: false,
      clusterUrl: (k) => `https://suture.test/clusters/${k}`,
    })
    const ticketId = filed.entries[0]?.ticket?.id ?? ''
    await tracker.setState(ticketId, 'done', new Date(Date.now() - 60_000))
    const config = validationConfigFrom({ publicUrl: 'https://suture.test' })
    const server = await startServer({
      database,
      keyCacheTtlMs: 0,
      closeDatabase: false,
      onDeploys: (id) => runValidationTick(db, config, new Date(), [id]),
    })
    try {
      const answer = await postDeploy(server.url, secretKey, { release: '3.2.0', commit: 'beef' })
      expect(answer.status).toBe(200)
      const run = await until('the validation run', () =>
        db
          .selectFrom('job_runs')
          .select(['status', 'details'])
          .where('name', '=', VALIDATION_JOB)
          .where('project_id', '=', projectId)
          .where('status', '=', 'succeeded')
          .executeTakeFirst(),
      )
      expect(run.details).toMatchObject({ slot: 'deploy', release: '3.2.0', shadow: false })
      const link = await db
        .selectFrom('ticket_links')
        .select(['fix_release', 'validation'])
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow()
      expect(link).toEqual({ fix_release: '3.2.0', validation: 'pending' })
    } finally {
      await server.close()
    }
  }, 60_000)
})
