import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loopNumbers, reviewProposal } from '@suture/fixer'
import { seedProposal } from '@suture/fixer/testing'
import { seedTicketAndDigest } from '@suture/service/testing'
import { createProject, openDatabase } from '@suture/store'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const dir = mkdtempSync(path.join(tmpdir(), 'suture-digest-review-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const KEY = 'cluster-members-inviter'

describe("the digest's morning queue and loop numbers", () => {
  it('lists what waits for review with ticket, PR and age, and the numbers the Review page computes', async () => {
    const dataDir = path.join(dir, 'data')
    const database = await openDatabase({ kind: 'pglite', dataDir })
    const { projectId } = await createProject(database.db, { name: 'Demo shop' })
    await seedTicketAndDigest(database, projectId, {
      clusterKey: KEY,
      title: 'TypeError: inviter is null on /members',
      week: '2026-W47',
      html: '',
      markdown: '',
    })
    await database.db
      .updateTable('ticket_links')
      .set({ url: 'http://127.0.0.1:8787/app/tickets/lt-cluster-members-inviter' })
      .execute()
    for (const [i, at] of [
      '2026-11-24T10:00:00Z',
      '2026-11-24T11:00:00Z',
      '2026-11-25T09:00:00Z',
    ].entries()) {
      await database.db
        .insertInto('envelopes')
        .values({
          project_id: projectId,
          id: `env_${i}`,
          kind: 'error',
          occurred_at: at,
          route_template: '/members',
          fingerprint: i < 2 ? 'fp_members' : 'fp_cart',
          body: '{}',
        })
        .execute()
    }
    const week = (run: string, cluster: string, day: string, extra = {}) =>
      seedProposal(database.db, projectId, {
        run_id: run,
        ticket_id: `t-${run}`,
        ticket_identifier: `LOCAL-${run}`,
        cluster_key: cluster,
        started: `${day}T03:30:00.000Z`,
        finished: `${day}T03:50:00.000Z`,
        cost_usd: 2,
        ...extra,
      })
    // Waiting: the members ticket's proposal (its ticket link gives LOCAL-1 and its URL).
    await week('open', KEY, '2026-11-26', {
      ticket_id: `lt-${KEY}`,
      ticket_identifier: 'LOCAL-1',
      proposal_url: 'https://github.com/acme/web/pull/7',
    })
    await week('m1', 'k-m1', '2026-11-24')
    await week('w1', 'k-w1', '2026-11-24')
    await week('old', 'k-old', '2026-11-10')
    const review = (runId: string, decision: 'merged' | 'closed-wrong-tree', at: string) =>
      reviewProposal(
        database.db,
        projectId,
        {
          runId,
          decision,
          comment: decision === 'merged' ? undefined : 'needs a person',
          reviewedBy: 'alice',
        },
        new Date(at),
      )
    await review('m1', 'merged', '2026-11-25T08:00:00Z')
    await review('w1', 'closed-wrong-tree', '2026-11-25T08:05:00Z')
    await review('old', 'merged', '2026-11-11T08:00:00Z')
    const expectedWeek = await loopNumbers(database.db, projectId, {
      from: new Date('2026-11-23T00:00:00Z'),
      to: new Date('2026-11-30T00:00:00Z'),
    })
    const expectedAll = await loopNumbers(database.db, projectId, { to: new Date('2026-11-30T00:00:00Z') })
    await database.close()

    const json = await runCli(['digest', '--week', '2026-W48', '--data-dir', dataDir, '--json'], {
      cwd: dir,
      env: {},
    })
    expect(json.code, json.stderr).toBe(0)
    const data = JSON.parse(json.stdout) as {
      review: {
        queue: { ticket: { identifier: string; url: string } | null; pr: string; title: string }[]
        week: unknown
        allTime: unknown
        wrongTreeTrend: { week: string; rate: number | null; reviewed: number }[]
      }
    }
    // One function computes the numbers for the Review page and the digest: they are equal.
    expect(data.review.week).toEqual(expectedWeek)
    expect(data.review.allTime).toEqual(expectedAll)
    expect(data.review.week).toMatchObject({
      signals: 3,
      uniqueIssues: 2,
      proposals: 3,
      merged: 1,
      wrongTree: 1,
    })
    expect(data.review.queue).toHaveLength(1)
    expect(data.review.queue[0]).toMatchObject({
      ticket: { identifier: 'LOCAL-1' },
      pr: 'https://github.com/acme/web/pull/7',
      title: 'TypeError: inviter is null on /members',
    })
    expect(data.review.wrongTreeTrend).toEqual([
      { week: '2026-W45', rate: null, reviewed: 0 },
      { week: '2026-W46', rate: 0, reviewed: 1 },
      { week: '2026-W47', rate: null, reviewed: 0 },
      { week: '2026-W48', rate: 0.5, reviewed: 2 },
    ])

    const md = await runCli(['digest', '--week', '2026-W48', '--data-dir', dataDir], { cwd: dir, env: {} })
    expect(md.stdout).toContain('## Morning queue')
    expect(md.stdout).toMatch(
      /\[LOCAL-1\]\([^)]+\) \*\*TypeError: inviter is null on \/members\*\* — \[pull request\]\(https:\/\/github\.com\/acme\/web\/pull\/7\), attempt 1 by claude-code, \$2\.00, waiting \d+ (h|days)/,
    )
    expect(md.stdout).toContain("## The loop's numbers")
    expect(md.stdout).toMatch(/\| Closed as wrong-tree +\| 1 +\| 1 +\|/)
    expect(md.stdout).toMatch(/\| Wrong-tree rate +\| 50 % +\| 33 % +\|/)
    expect(md.stdout).toContain('2026-W46 0 % of 1 · 2026-W47 — · 2026-W48 50 % of 2 — ↑ worse')
  }, 300_000)
})
