import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileTickets, LocalTracker } from '@suture/pm-agent'
import { sampleCluster } from '@suture/pm-agent/testing'
import { createProject, openDatabase } from '@suture/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const dir = mkdtempSync(path.join(tmpdir(), 'suture-controls-cli-'))
const dataDir = path.join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const suture = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli([...args, '--data-dir', dataDir], { cwd: dir, env })

let projectId = ''
let identifier = ''

beforeAll(async () => {
  const database = await openDatabase({ kind: 'pglite', dataDir })
  try {
    const db = database.db
    ;({ projectId } = await createProject(db, { name: 'controls' }))
    await db
      .insertInto('route_quarantine')
      .values({
        project_id: projectId,
        route_template: '/billing',
        cluster_key: 'billing',
        release: 'r7',
        reason: 'the failure rate rose significantly after the fix',
      })
      .execute()
    const tracker = new LocalTracker({ db, projectId })
    const filed = await fileTickets({
      db,
      projectId,
      tracker,
      clusters: [sampleCluster({ key: 'billing', route: '/billing' })],
      runKey: 'w',
      shadow: false,
      clusterUrl: (k) => `https://suture.test/clusters/${k}`,
    })
    identifier = filed.entries[0]?.ticket?.identifier ?? ''
    await db
      .updateTable('ticket_links')
      .set({ iterations: 3, escalated: true, validation: 'andon', fix_release: 'r7' })
      .where('project_id', '=', projectId)
      .execute()
  } finally {
    await database.close()
  }
}, 120_000)

describe('suture quarantine', () => {
  it('lists, refuses a clear without who or what, clears once with who and when', async () => {
    const listed = await suture(['quarantine', 'list', '--project', projectId, '--json'])
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ projectId, route: '/billing', release: 'r7', clearedAt: null }),
    ])
    const noRoute = await suture(['quarantine', 'clear', '--project', projectId], { USER: 'maria' })
    expect(noRoute).toMatchObject({ code: 2, stderr: expect.stringContaining('missing --route') })
    const nobody = await suture(['quarantine', 'clear', '--project', projectId, '--route', '/billing'], {})
    expect(nobody).toMatchObject({ code: 2, stderr: expect.stringContaining('--by NAME') })

    const cleared = await suture([
      'quarantine',
      'clear',
      '--project',
      projectId,
      '--route',
      '/billing',
      '--by',
      'maria',
    ])
    expect(cleared.code).toBe(0)
    expect(cleared.stdout).toContain('may be auto-fixed again (cleared by maria)')
    const again = await suture(['quarantine', 'clear', '--project', projectId, '--route', '/billing'], {
      SUTURE_USER: 'maria',
    })
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('is not quarantined')
    expect((await suture(['quarantine', 'list', '--project', projectId])).stdout).toContain(
      'No route is quarantined',
    )
    const all = JSON.parse((await suture(['quarantine', 'list', '--all', '--json'])).stdout)
    expect(all).toEqual([expect.objectContaining({ route: '/billing', clearedBy: 'maria' })])
    expect(Date.parse(all[0].clearedAt)).not.toBeNaN()
  }, 120_000)
})

describe('suture lineage reset', () => {
  it("resets the ticket's counters by its identifier and records who", async () => {
    const unknown = await suture([
      'lineage',
      'reset',
      '--project',
      projectId,
      '--ticket',
      'LOCAL-999',
      '--by',
      'maria',
    ])
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining("No ticket 'LOCAL-999'") })
    const reset = await suture([
      'lineage',
      'reset',
      '--project',
      projectId,
      '--ticket',
      identifier,
      '--by',
      'maria',
      '--json',
    ])
    expect(reset.code, reset.stderr).toBe(0)
    expect(JSON.parse(reset.stdout)).toMatchObject({
      clusterKey: 'billing',
      identifier,
      by: 'maria',
      previous: { iterations: 3, escalated: true },
    })
    const database = await openDatabase({ kind: 'pglite', dataDir })
    try {
      const link = await database.db
        .selectFrom('ticket_links')
        .select(['iterations', 'escalated', 'validation'])
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow()
      expect(link).toEqual({ iterations: 0, escalated: false, validation: null })
      const rows = await database.db.selectFrom('lineage_resets').select('reset_by').execute()
      expect(rows).toEqual([{ reset_by: 'maria' }])
    } finally {
      await database.close()
    }
  }, 120_000)
})
