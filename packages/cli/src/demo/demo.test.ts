import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseEnvelope, parseSessionEvent, type StackFrame } from '@suture/envelope'
import { openDatabase } from '@suture/store'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from '../run.js'
import { formatSummary } from './format.js'
import { JOURNEY_ORDER, planJourneys } from './journeys.js'
import { readFixture, shiftTimes } from './replay.js'
import { DEMO_JOURNEYS_JOB } from './run-demo.js'

describe('planJourneys', () => {
  it('gives every planted bug 5 different users in 40 journeys, each from a workspace where the bug exists', () => {
    const plans = planJourneys(40)
    for (const kind of JOURNEY_ORDER) {
      const mine = plans.filter((p) => p.kind === kind)
      expect(mine).toHaveLength(5)
      expect(new Set(mine.map((p) => p.user.actor.id)).size).toBe(5)
    }
    for (const p of plans) {
      if (p.kind === 'invite-crash') expect(p.user.flags.newInviteFlow).toBe(true)
      if (p.kind === 'billing-crash') expect(p.user.flags.billingV2).toBe(false)
      if (p.kind === 'billing-upgrade') expect(p.user.flags.billingV2).toBe(true)
    }
  })

  it('spreads 200 journeys over the whole pool', () => {
    const users = new Set(planJourneys(200).map((p) => p.user.actor.id))
    expect(users.size).toBe(40)
    const workspaces = new Set(planJourneys(200).map((p) => p.user.workspace.id))
    expect(workspaces.size).toBe(8)
  })
})

describe('the committed replay fixture', () => {
  it('holds what the SDK posted: valid envelopes and session events', async () => {
    const fixture = await readFixture()
    expect(fixture.journeys).toBeGreaterThanOrEqual(40)
    let envelopes = 0
    let events = 0
    for (const post of fixture.posts) {
      const body = post.body as { envelopes?: unknown[]; events?: unknown[] }
      for (const e of body.envelopes ?? []) {
        expect(parseEnvelope(e).ok).toBe(true)
        envelopes++
      }
      for (const e of body.events ?? []) {
        expect(parseSessionEvent(e).ok).toBe(true)
        events++
      }
    }
    expect(envelopes).toBeGreaterThan(20)
    expect(events).toBeGreaterThan(300)
  })

  it('shifts only timestamps', () => {
    const body = { events: [{ id: 'a', ts: '2026-01-01T00:00:00.000Z', properties: { ts: 'x', n: 1 } }] }
    expect(shiftTimes(body, 60_000)).toEqual({
      events: [{ id: 'a', ts: '2026-01-01T00:01:00.000Z', properties: { ts: 'x', n: 1 } }],
    })
  })
})

/**
 * The demo's minified stacks were resolved through its uploaded source map: the billing ticket's stack names
 * `src/pages/billing.tsx:LINE` with the source lines around it and a code pointer to that file with its
 * CODEOWNERS owner, and each stored frame keeps the minified position beside the original.
 */
async function expectOriginalFrames(dataDir: string, projectId: string): Promise<void> {
  const database = await openDatabase({ kind: 'pglite', dataDir })
  try {
    const tickets = await database.db.selectFrom('local_tickets').select(['title', 'body']).execute()
    const billing = tickets.find((t) => t.title.includes("reading 'toFixed'"))?.body ?? ''
    const frame = /at Invoices \(src\/pages\/billing\.tsx:(\d+):\d+\)/.exec(billing)
    expect(frame, billing).not.toBeNull()
    const line = frame?.[1] ?? ''
    expect(billing).toContain(`Source at \`src/pages/billing.tsx:${line}\``)
    expect(billing).toMatch(new RegExp(`> ${line} \\|.*toFixed\\(2\\)`))
    expect(billing).toContain(
      `- \`examples/demo-app/src/pages/billing.tsx:${line}\` in \`Invoices\` — owners @acme/billing`,
    )
    expect(billing).not.toMatch(/^ {2}at .*assets\/index-/m)
    const rows = await database.db
      .selectFrom('envelopes')
      .select(['body'])
      .where('project_id', '=', projectId)
      .where('kind', '=', 'error')
      .execute()
    const frames = rows.flatMap((r) => (r.body as { error: { frames: StackFrame[] } }).error.frames)
    const resolved = frames.filter((f) => f.original?.file.startsWith('src/'))
    expect(resolved.length).toBeGreaterThan(rows.length / 2)
    for (const f of resolved) {
      expect(f.file).toMatch(/\/assets\/index-[\w-]+\.js$/)
      expect(f.line).toBe(1)
      expect(f.original?.file).toMatch(/^src\/[\w/-]+\.tsx?$/)
      expect(f.original?.context?.line).toBeTruthy()
    }
  } finally {
    await database.close()
  }
}

describe('suture demo without Chromium', () => {
  const dirs: string[] = []
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true })
  })

  it('says how to install Chromium, replays the recording, and a second run changes nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'suture-demo-test-'))
    dirs.push(dir)
    const out = {
      text: '',
      write(s: string) {
        out.text += s
        return true
      },
    }
    const err = {
      text: '',
      write(s: string) {
        err.text += s
        return true
      },
    }
    const env = { CHROMIUM_PATH: path.join(dir, 'no-chromium-here') }
    const argv = ['demo', '--data-dir', path.join(dir, 'data'), '--json']
    const io = { env, cwd: dir, stdout: out as never, stderr: err as never }
    expect(await run(argv, io), err.text).toBe(0)
    expect(err.text).toContain('apt-get install -y chromium')
    expect(err.text).toContain('Falling back to replaying journeys recorded from a real Chromium run')
    const first = JSON.parse(out.text)
    expect(first.journeys.source).toBe('fixture')
    expect(first.journeys.envelopes.stored).toBe(first.journeys.envelopes.sent)
    expect(first.results.tickets.length).toBeGreaterThanOrEqual(4)
    expect(await readFile(first.digest.markdown, 'utf8')).toContain(first.results.week)
    // The recorded build's source map was uploaded before the replay: stacks name the app's files.
    expect(err.text).toMatch(/Uploaded the recorded build's source maps \(1\) for release 2026\.11\.3/)
    await expectOriginalFrames(path.join(dir, 'data'), first.projectId)

    out.text = ''
    err.text = ''
    expect(await run(argv, io), err.text).toBe(0)
    const second = JSON.parse(out.text)
    expect(second.drove).toBe(false)
    expect(err.text).toContain('skipping the browser')
    expect(second.results).toEqual(first.results)
    // Only the first run can show the dashboard's secret key; a rerun says how to make another.
    const target = { kind: 'pglite', dataDir: path.join(dir, 'data') } as const
    expect(first.secretKey).toMatch(/^sut_sec_/)
    expect(formatSummary(first, target, dir)).toContain('log in with the admin secret key above')
    expect(second.secretKey).toBeUndefined()
    expect(formatSummary(second, target, dir)).toContain(
      `lost it? \`pnpm suture project keys add ${first.projectId} --secret\` makes another`,
    )

    // A run that died while sending traffic is not driven again into the same project.
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'data') })
    await database.db
      .updateTable('job_runs')
      .set({ status: 'running' })
      .where('name', '=', DEMO_JOURNEYS_JOB)
      .where('key', '=', first.projectId)
      .execute()
    await database.close()
    out.text = ''
    err.text = ''
    expect(await run(argv, io), err.text).toBe(0)
    const third = JSON.parse(out.text)
    expect(err.text).toContain('interrupted')
    expect(third.projectId).not.toBe(first.projectId)
    expect(third.replacedProject).toMatch(/^demo-replaced-/)
    expect(third.results.tickets).toHaveLength(first.results.tickets.length)
    // Three whole demo runs: 70 s at a load average of 12 on 2 cores; generous, as CI is busy too.
  }, 300_000)
})
