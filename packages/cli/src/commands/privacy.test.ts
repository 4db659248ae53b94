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
    } finally {
      await database.close()
    }
  }, 60_000)

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

    const deleted = await suture(['privacy', 'delete', '--actor', 'user-9', '--salt', 'acme-salt', '--json'])
    expect(deleted.code).toBe(0)
    expect(JSON.parse(deleted.stdout).counts).toMatchObject({ envelopes: 1, sessions: 1 })
    const again = await suture(['privacy', 'export', '--actor', actorHash('user-9', 'acme-salt')])
    expect(JSON.parse(again.stdout).envelopes).toEqual([])
  }, 120_000)

  it('needs an action and --actor', async () => {
    expect((await suture(['privacy', 'delete'])).code).toBe(2)
    expect((await suture(['privacy', 'forget', '--actor', 'x'])).code).toBe(2)
  })
})
