import { randomUUID } from 'node:crypto'
import { LinearClient } from '@linear/sdk'
import { createProject, type Database, type SutureDatabase, storeEnvelopes } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { LinearTracker } from '../trackers/linear-tracker.js'
import { LocalTracker } from '../trackers/local-tracker.js'
import { LinearFakeServer } from '../trackers/testing/linear-fake-server.js'
import { fileTickets } from './file-tickets.js'
import { sampleCluster, sampleEnvelope } from './testing/sample-cluster.js'

const clusterUrl = (key: string) => `https://suture.test/clusters/${encodeURIComponent(key)}`

// What a support engineer typed into Linear before Suture saw the problem: the same error, the page.
const PERSON_FILED = {
  title: "Invite teammate fails: Cannot read properties of undefined (reading 'email')",
  description:
    'Customer (ws 12) says the invite form on https://app.example.com/settings/members shows the error page.',
}

// The app's other errors this month: the word statistics the text signal weighs with.
const APP_ERRORS = [
  ['TypeError', "Cannot read properties of undefined (reading 'toFixed')"],
  ['Error', 'GitHub sync failed: 500 after 3 attempts'],
  ['TypeError', "Cannot read properties of null (reading 'map')"],
  ['RangeError', 'Invalid time value'],
  ['ChunkLoadError', 'Loading chunk 42 failed'],
  ['TypeError', 'Failed to fetch'],
  ['Error', 'Request failed with status code 403'],
  ['SyntaxError', 'Unexpected token < in JSON at position 0'],
] as const

async function newProject(db: Kysely<Database>, name: string): Promise<string> {
  const { projectId } = await createProject(db, { name })
  await storeEnvelopes(
    db,
    projectId,
    APP_ERRORS.map(([type, message], i) =>
      sampleEnvelope(`app_error_${i}`, '2026-01-11T10:00:00.000Z', {
        route: { template: `/area${i}` },
        error: { type, message, frames: [], handled: false, mechanism: 'boundary' },
      }),
    ),
  )
  return projectId
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`issues people filed, before filing, on ${backend.name}`, () => {
    let database: SutureDatabase
    let db: Kysely<Database>
    let fake: LinearFakeServer
    let apiUrl: string

    beforeAll(async () => {
      database = await backend.open()
      db = database.db
    }, 60_000)
    afterAll(async () => {
      await database?.close()
    })
    beforeEach(async () => {
      await fake?.stop()
      fake = new LinearFakeServer({ extraLabels: 0 })
      apiUrl = await fake.start()
    })

    const linear = () =>
      new LinearTracker({
        client: new LinearClient({ apiKey: fake.apiKey, apiUrl }),
        teamId: fake.teamId,
        retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      })

    it('Linear: links and comments on the open issue a person filed instead of creating a twin; a rerun adds nothing', async () => {
      const projectId = await newProject(db, 'linear-filed')
      const filed = fake.fileIssue(PERSON_FILED)
      const cluster = sampleCluster({ key: 'c_invite' })
      const run = (runKey: string, shadow = false) =>
        fileTickets({ db, projectId, tracker: linear(), clusters: [cluster], runKey, shadow, clusterUrl })

      // Shadow mode says what it would do and writes nothing.
      const plan = await run('2026-W03', true)
      expect(plan.entries[0]).toMatchObject({ action: 'linked', ticket: { identifier: filed.identifier } })
      expect(fake.comments.size).toBe(0)
      expect(await db.selectFrom('ticket_links').selectAll().execute()).toHaveLength(0)

      const first = await run('2026-W03')
      expect(first.entries[0]).toMatchObject({
        action: 'linked',
        ticket: { id: filed.id, identifier: filed.identifier },
        reason: expect.stringContaining('structure'),
      })
      expect(fake.applied('createIssue')).toBe(0)
      expect(fake.issues.size).toBe(1)
      // The person's title and description stay theirs; the cluster URL and one comment are added.
      expect(fake.issues.get(String(filed.id))?.title).toBe(PERSON_FILED.title)
      expect(fake.issuesWithAttachmentUrl(clusterUrl('c_invite')).map((i) => i.id)).toEqual([filed.id])
      const comments = [...fake.comments.values()].map((c) => String(c.body))
      expect(comments).toHaveLength(1)
      expect(comments[0]).toContain('cluster `c_invite`')
      expect(comments[0]).toContain('9 users')

      const again = await run('2026-W03')
      expect(again.entries[0]).toMatchObject({ action: 'unchanged', ticket: { id: filed.id } })
      expect(fake.comments.size).toBe(1)
      expect(fake.applied('createIssue')).toBe(0)
    })

    it('Linear: only the text agrees → files its own ticket and lists the issue under needs-confirmation', async () => {
      const projectId = await newProject(db, 'linear-maybe')
      const maybe = fake.fileIssue({
        title: "Cannot read properties of undefined (reading 'email') in the invite flow",
        description: 'Seen once by a support engineer; no page or steps noted.',
      })
      // A done issue and an unrelated open one are not candidates.
      fake.fileIssue({ ...PERSON_FILED, stateType: 'completed' })
      fake.fileIssue({ title: 'Dark mode colours on /billing', description: 'Contrast too low.' })
      const result = await fileTickets({
        db,
        projectId,
        tracker: linear(),
        clusters: [sampleCluster({ key: 'c_invite' })],
        runKey: '2026-W03',
        shadow: false,
        clusterUrl,
      })
      const [entry] = result.entries
      expect(entry?.action).toBe('created')
      expect(entry?.possibleDuplicates).toEqual([
        { identifier: maybe.identifier, url: maybe.url, signal: 'semantics', score: expect.any(Number) },
      ])
      expect(fake.applied('createIssue')).toBe(1)
      const comment = [...fake.comments.values()].find(
        (c) => (c.issue as { id: string }).id === entry?.ticket?.id,
      )
      expect(String(comment?.body)).toContain(
        `${String(maybe.identifier)} (${String(maybe.url)}) — semantics agreed`,
      )
    })

    it('Linear: the search rides out a rate limit', async () => {
      const projectId = await newProject(db, 'linear-429')
      const filed = fake.fileIssue(PERSON_FILED)
      fake.inject({ status: 429, operation: 'searchIssues' })
      const result = await fileTickets({
        db,
        projectId,
        tracker: linear(),
        clusters: [sampleCluster({ key: 'c_invite' })],
        runKey: '2026-W03',
        shadow: false,
        clusterUrl,
      })
      expect(result.entries[0]).toMatchObject({ action: 'linked', ticket: { id: filed.id } })
    })

    it('local tracker: finds the open ticket a person filed in its table and links it', async () => {
      const projectId = await newProject(db, 'local-filed')
      const tracker = new LocalTracker({ db, projectId })
      const person = await tracker.create({
        clientId: randomUUID(),
        title: PERSON_FILED.title,
        body: PERSON_FILED.description,
        priority: 3,
        labels: ['bug'],
      })
      const result = await fileTickets({
        db,
        projectId,
        tracker,
        clusters: [sampleCluster({ key: 'c_invite' })],
        runKey: '2026-W03',
        shadow: false,
        clusterUrl,
      })
      expect(result.entries[0]).toMatchObject({ action: 'linked', ticket: { id: person.id } })
      const tickets = await db
        .selectFrom('local_tickets')
        .select('id')
        .where('project_id', '=', projectId)
        .execute()
      expect(tickets).toHaveLength(1)
      expect(await tracker.comments(person.id)).toEqual([expect.stringContaining('cluster `c_invite`')])
      expect((await tracker.findByLink(clusterUrl('c_invite')))?.id).toBe(person.id)
    })
  })
}
