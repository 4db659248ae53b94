import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createProject, openDatabase } from '@suture/store'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const dir = mkdtempSync(path.join(tmpdir(), 'suture-digest-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const suture = (args: string[]) => runCli(args, { cwd: dir, env: {} })

describe('suture digest', () => {
  it('writes .md and .html for the week into .suture/digests/<project> and prints the Markdown', async () => {
    const dataDir = path.join(dir, 'data')
    const database = await openDatabase({ kind: 'pglite', dataDir })
    const { projectId } = await createProject(database.db, { name: 'Demo shop' })
    await database.db
      .insertInto('envelopes')
      .values({
        project_id: (await database.db.selectFrom('projects').select('id').executeTakeFirstOrThrow()).id,
        id: 'env_cli_1',
        kind: 'error',
        occurred_at: '2026-11-24T10:00:00Z',
        route_template: '/cart',
        fingerprint: 'fp_cart',
        body: '{}',
      })
      .execute()
    await database.close()

    const result = await suture(['digest', '--week', '2026-W48', '--data-dir', dataDir])
    expect(result.stderr).toMatch(/digest 2026-W48 .* written to .*2026-W48\.md/)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^# Suture digest — Demo shop — 2026-W48/)
    expect(result.stdout).toMatch(/\| Error signals +\| 1 +\| new/)
    const md = readFileSync(path.join(dir, '.suture', 'digests', projectId, '2026-W48.md'), 'utf8')
    expect(md).toBe(result.stdout)
    expect(readFileSync(path.join(dir, '.suture', 'digests', projectId, '2026-W48.html'), 'utf8')).toMatch(
      /<h1>Suture digest/,
    )

    // A second project's digest of the same week lands beside it, as the worker writes them.
    const again = await openDatabase({ kind: 'pglite', dataDir })
    const other = await createProject(again.db, { name: 'Admin' })
    await again.close()
    const second = await suture([
      'digest',
      '--week',
      '2026-W48',
      '--project',
      other.projectId,
      '--data-dir',
      dataDir,
    ])
    expect(second.code).toBe(0)
    expect(
      readFileSync(path.join(dir, '.suture', 'digests', other.projectId, '2026-W48.md'), 'utf8'),
    ).toMatch(/— Admin —/)
    expect(readFileSync(path.join(dir, '.suture', 'digests', projectId, '2026-W48.md'), 'utf8')).toBe(md)

    const bad = await suture(['digest', '--week', '2026-48', '--data-dir', dataDir])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--week: .*like 2026-W48/)
  })
})
