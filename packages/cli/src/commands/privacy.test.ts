import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseEnvelope } from '@suture/envelope'
import { actorHash, createProject, openDatabase, storeEnvelopes } from '@suture/store'
import { feedbackEnvelope } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const dir = mkdtempSync(path.join(tmpdir(), 'suture-privacy-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const dataDir = path.join(dir, 'data')
const suture = (args: string[]) => runCli([...args, '--data-dir', dataDir], { cwd: dir, env: {} })
const TEXT = 'My invoice from March shows the wrong address'

describe('suture privacy', () => {
  // PGlite start and migrations: seconds on a quiet machine, over a minute on a loaded one.
  beforeAll(async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir })
    try {
      const { projectId } = await createProject(database.db, { name: 'web' })
      // The app sets actorSalt 'acme-salt'; the raw id is hashed with it.
      const parsed = parseEnvelope(
        feedbackEnvelope({
          app: { name: 'web' },
          sessionId: 'sess-9',
          actor: { idHash: actorHash('user-9', 'acme-salt') },
          feedback: { text: TEXT, channel: 'fallback' },
        }),
      )
      if (!parsed.ok) throw new Error('bad fixture')
      await storeEnvelopes(database.db, projectId, [parsed.value])
      // Copies Suture cannot rewrite: a Linear ticket of the cluster the feedback landed in, and a score
      // exported to PostHog under the session (it had no distinct id).
      await database.db
        .insertInto('cluster_members')
        .values({
          project_id: projectId,
          week: '2026-W48',
          signal_id: parsed.value.id,
          cluster_key: 'c-invoice',
          kind: 'feedback',
        })
        .execute()
      await database.db
        .insertInto('ticket_links')
        .values({
          project_id: projectId,
          cluster_key: 'c-invoice',
          tracker: 'linear',
          client_id: 'cl-invoice',
          identifier: 'ENG-7',
          url: 'https://linear.app/acme/issue/ENG-7',
          title: 'Invoice shows the wrong address',
          state: 'open',
          priority: 2,
          counts: '{}',
        })
        .execute()
      await database.db
        .insertInto('scores')
        .values({
          project_id: projectId,
          session_id: 'sess-9',
          scorer: 'heuristic',
          version: '1',
          status: 'scored',
          score: 3,
          exported_at: new Date(),
        })
        .execute()
    } finally {
      await database.close()
    }
  }, 180_000)

  it('exports to a file, deletes with a summary, and then finds nothing', async () => {
    // Without the SDK's salt the raw id hashes differently: nothing found, and the message says why.
    const unsalted = await suture(['privacy', 'delete', '--actor', 'user-9'])
    expect(unsalted.code).toBe(0)
    expect(unsalted.stdout).toContain('pass --salt')

    const exported = await suture([
      'privacy',
      'export',
      '--actor',
      'user-9',
      '--salt',
      'acme-salt',
      '--out',
      'me.json',
    ])
    expect(exported.code).toBe(0)
    const data = JSON.parse(readFileSync(path.join(dir, 'me.json'), 'utf8'))
    expect(data.envelopes).toHaveLength(1)
    expect(data.envelopes[0].message).toBe(TEXT)

    const deleted = await suture(['privacy', 'delete', '--actor', 'user-9', '--salt', 'acme-salt'])
    expect(deleted.code).toBe(0)
    expect(deleted.stdout).toMatch(/Deleted or anonymised: .*envelopes 1/)
    expect(deleted.stdout).toContain('sessions 1')
    // What the operator must do by hand names each copy precisely enough to find it.
    expect(deleted.stdout).toContain('Outside Suture, do by hand:')
    expect(deleted.stdout).toContain('Linear ENG-7 https://linear.app/acme/issue/ENG-7: ')
    expect(deleted.stdout).toContain('PostHog distinct id sess-9 (1 exported scores): ')
    const again = await suture(['privacy', 'export', '--actor', actorHash('user-9', 'acme-salt')])
    expect(JSON.parse(again.stdout).envelopes).toEqual([])
  }, 120_000)

  it('needs an action and --actor', async () => {
    expect((await suture(['privacy', 'delete'])).code).toBe(2)
    expect((await suture(['privacy', 'forget', '--actor', 'x'])).code).toBe(2)
  })
})
