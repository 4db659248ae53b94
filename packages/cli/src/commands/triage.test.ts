import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { type Envelope, parseEnvelope } from '@suture/envelope'
import { isoWeek } from '@suture/pm-agent'
import { createProject, openDatabase, storeEnvelopes } from '@suture/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'

function capture() {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  return { stream, text: () => text }
}

function error(
  id: string,
  user: string,
  day: number,
  route: string,
  message: string,
  file: string,
): Envelope {
  const parsed = parseEnvelope({
    id,
    schemaVersion: 1,
    kind: 'error',
    occurredAt: new Date(Date.UTC(2026, 10, 23 + day, 10)).toISOString(),
    app: { name: 'acme-web', release: '1.4.0' },
    route: { template: route },
    actor: { idHash: user },
    sessionId: `sess-${user}-${day}`,
    error: {
      type: 'TypeError',
      message,
      frames: [{ function: 'render', file, line: 12, column: 1, inApp: true }],
      handled: false,
      mechanism: 'boundary',
    },
  })
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  return parsed.value
}

describe('suture triage', () => {
  let dir: string
  let dataDir: string
  let repo: string
  let projectId: string
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'suture-triage-cli-'))
    dataDir = path.join(dir, 'data')
    repo = path.join(dir, 'checkout')
    for (const file of [
      'src/pages/members/InviteForm.tsx',
      'src/pages/reports/Chart.tsx',
      'node_modules/x/InviteForm.tsx',
    ]) {
      mkdirSync(path.dirname(path.join(repo, file)), { recursive: true })
      writeFileSync(path.join(repo, file), 'export {}\n')
    }
    writeFileSync(path.join(repo, 'CODEOWNERS'), '* @acme/web\n/src/pages/members/ @acme/growth\n')
    const database = await openDatabase({ kind: 'pglite', dataDir })
    try {
      projectId = (await createProject(database.db, { name: 'acme' })).projectId
      const envelopes = [
        ...['u1', 'u2', 'u3', 'u4'].map((u, i) =>
          error(
            `env-inv-${i}`,
            u,
            i,
            '/settings/members',
            "Cannot read properties of undefined (reading 'email')",
            'webpack:///src/pages/members/InviteForm.tsx',
          ),
        ),
        ...['r1', 'r2', 'r3'].map((u, i) =>
          error(
            `env-rep-${i}`,
            u,
            i,
            '/reports/:id',
            'Chart series must not be empty',
            'https://acme.example/assets/chart-9c1d2e.js',
          ),
        ),
        error(
          'env-odd-0',
          'solo',
          2,
          '/profile',
          'Avatar upload failed',
          'webpack:///src/pages/profile/Avatar.tsx',
        ),
      ]
      await storeEnvelopes(database.db, projectId, envelopes)
    } finally {
      await database.close()
    }
  }, 60_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const env = { SUTURE_TICKET_MIN_USERS: '3', SUTURE_SAFETY_KEYWORDS: '/reports' }

  it('prints each cluster with members, evidence, priority, labels, decision and code pointers', async () => {
    const out = capture()
    const err = capture()
    const code = await run(['triage', '--week', '2026-W48', '--data-dir', dataDir, '--repo', repo], {
      env,
      stdout: out.stream,
      stderr: err.stream,
      cwd: dir,
    })
    expect(err.text()).toBe('')
    expect(code).toBe(0)
    const text = out.text()
    expect(text).toContain(`Triage of 2026-W48 for project ${projectId}: 8 signals → 3 clusters`)
    expect(text).toContain('ticketed at ≥ 3 users')
    expect(text).toMatch(/\[TICKET\] P\d TypeError: Cannot read properties of undefined \(reading 'email'\)/)
    expect(text).toContain('members: 4 signals · 4 users · 4 sessions')
    expect(text).toContain('evidence: structure + semantics + stack (3 merges)')
    expect(text).toMatch(/priority: \d\.\d\d → Linear \d; breadth/)
    expect(text).toContain('code: src/pages/members/InviteForm.tsx:12 (owners @acme/growth)')
    expect(text).toMatch(/\[HELD FOR HUMANS\] P\d TypeError: Chart series must not be empty/)
    expect(text).toContain('held:custom')
    expect(text).toContain('code: src/pages/reports/Chart.tsx (owners @acme/web)')
    expect(text).toMatch(/\[OBSERVATION\] P\d TypeError: Avatar upload failed/)
  }, 60_000)

  it('triages the configured environments, production by default; --env looks at another', async () => {
    const triage = async (args: string[]) => {
      const out = capture()
      const err = capture()
      const code = await run(['triage', '--week', '2026-W48', '--data-dir', dataDir, ...args], {
        env,
        stdout: out.stream,
        stderr: err.stream,
        cwd: dir,
      })
      return { code, out: out.text(), err: err.text() }
    }
    const production = await triage([])
    expect(production.out).toContain('Environments: production')
    expect(production.out).toContain('8 signals')
    const staging = await triage(['--env', 'staging'])
    expect(staging.code).toBe(0)
    expect(staging.out).toContain('Environments: staging')
    expect(staging.out).toContain('0 signals → 0 clusters')
    expect(staging.out).toContain('a look only, not stored')
    const bad = await triage(['--env', 'prod uction'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain("--env 'prod uction'")
    // The look at staging left the stored week as production's.
    const database = await openDatabase({ kind: 'pglite', dataDir })
    try {
      const run = await database.db
        .selectFrom('triage_runs')
        .select(['signals', 'settings'])
        .where('week', '=', '2026-W48')
        .executeTakeFirstOrThrow()
      expect(run.signals).toBe(8)
      expect((run.settings as { environments?: unknown }).environments).toEqual(['production'])
    } finally {
      await database.close()
    }
  }, 60_000)

  it('defaults to the current week so far, marked partial', async () => {
    const out = capture()
    const code = await run(['triage', '--data-dir', dataDir], {
      env,
      stdout: out.stream,
      stderr: capture().stream,
      cwd: dir,
    })
    expect(code).toBe(0)
    expect(out.text()).toContain(`Triage of ${isoWeek(new Date())} (partial week: `)
    expect(out.text()).toContain('still running)')
  }, 60_000)

  it('prints JSON with --json, and a rerun stores the same result', async () => {
    const out = capture()
    const code = await run(
      ['triage', '--week', '2026-W48', '--data-dir', dataDir, '--project', projectId, '--json'],
      {
        env,
        stdout: out.stream,
        stderr: capture().stream,
        cwd: dir,
      },
    )
    expect(code).toBe(0)
    const result = JSON.parse(out.text()) as {
      summary: Record<string, number>
      clusters: { decision: string }[]
    }
    expect(result.summary).toEqual({
      signals: 8,
      clusters: 3,
      tickets: 1,
      observations: 1,
      held: 1,
      needsConfirmation: 0,
    })
    const database = await openDatabase({ kind: 'pglite', dataDir })
    try {
      const rows = await database.db.selectFrom('clusters').select(['key', 'week']).execute()
      expect(rows).toHaveLength(3)
    } finally {
      await database.close()
    }
  }, 60_000)

  it('rejects a malformed week and an unknown project with usage errors', async () => {
    const err = capture()
    expect(
      await run(['triage', '--week', '2026-48', '--data-dir', dataDir], {
        env,
        stdout: capture().stream,
        stderr: err.stream,
        cwd: dir,
      }),
    ).toBe(2)
    expect(err.text()).toContain('is not an ISO week')
    const err2 = capture()
    expect(
      await run(['triage', '--project', 'prj_nope', '--data-dir', dataDir], {
        env,
        stdout: capture().stream,
        stderr: err2.stream,
        cwd: dir,
      }),
    ).toBe(2)
    expect(err2.text()).toContain("no project 'prj_nope'")
  }, 60_000)
})
