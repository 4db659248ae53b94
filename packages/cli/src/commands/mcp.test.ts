import path from 'node:path'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { type SeededFixQueue, seedFixQueue } from '@suture/service/testing'
import type { SutureDatabase } from '@suture/store'
import { createProject } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const ROOT = path.resolve(import.meta.dirname, '../../../..')
const POSTGRES = TEST_DATABASES.find((b) => b.name === 'postgres')
const PR = 'https://github.com/acme/web/pull/91'

function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('')
}

// The stdio server is a child process on the same database, so this needs the real Postgres.
describe.skipIf(!POSTGRES?.available)('suture mcp over stdio and suture fix report (Postgres)', () => {
  let database: SutureDatabase
  let url: string
  let seeded: SeededFixQueue
  let other: { projectId: string; secretKey: string }

  beforeAll(async () => {
    database = await (POSTGRES as NonNullable<typeof POSTGRES>).open()
    url = POSTGRES?.lastUrl ?? ''
    seeded = await seedFixQueue(database)
    other = await createProject(database.db, { name: 'Other' })
  })
  afterAll(async () => {
    await database?.close()
  })

  const spawnClient = async (secretKey: string) => {
    const client = new Client({ name: 'suture-stdio-test', version: '1.0.0' })
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [
          '--conditions=@suture/source',
          '--import',
          'tsx',
          'packages/cli/src/main.ts',
          'mcp',
          '--database-url',
          url,
        ],
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          SUTURE_SECRET_KEY: secretKey,
          SUTURE_PUBLIC_URL: 'https://suture.example.com',
        },
        stderr: 'pipe',
      }),
    )
    return client
  }

  it('serves the tools on stdio for the project of SUTURE_SECRET_KEY, and only that project', async () => {
    const client = await spawnClient(seeded.secretKey)
    try {
      const { tools } = await client.listTools()
      expect(tools.map((t) => t.name)).toContain('list_fix_queue')
      const queue = JSON.parse(
        text((await client.callTool({ name: 'list_fix_queue', arguments: {} })) as CallToolResult),
      )
      expect(queue.tickets.map((t: { identifier: string }) => t.identifier)).toEqual(['LOCAL-1'])
      const cluster = (await client.callTool({
        name: 'get_cluster',
        arguments: { clusterKey: seeded.clusterKey },
      })) as CallToolResult
      expect(cluster.isError).not.toBe(true)
      // Ticket bodies link the cluster's issue page under the configured public URL.
      const ticket = JSON.parse(
        text(
          (await client.callTool({ name: 'get_ticket', arguments: { ticket: 'LOCAL-1' } })) as CallToolResult,
        ),
      )
      expect(ticket.body).toContain(
        `https://suture.example.com/app/issues/${encodeURIComponent(seeded.clusterKey)}?project=`,
      )
      const report = (await client.callTool({
        name: 'report_fix',
        arguments: { ticket: 'LOCAL-1', pr: PR, costUsd: 0.75, agent: 'cursor' },
      })) as CallToolResult
      expect(JSON.parse(text(report))).toMatchObject({ status: 'accepted', attempt: 1 })
    } finally {
      await client.close()
    }
    const stranger = await spawnClient(other.secretKey)
    try {
      const queue = JSON.parse(
        text((await stranger.callTool({ name: 'list_fix_queue', arguments: {} })) as CallToolResult),
      )
      expect(queue.tickets).toEqual([])
    } finally {
      await stranger.close()
    }
  })

  it('suture fix report stores the same proposal idempotently and names bad flags', async () => {
    const env = { SUTURE_SECRET_KEY: seeded.secretKey }
    const again = await runCli(
      [
        'fix',
        'report',
        '--ticket',
        'LOCAL-1',
        '--pr',
        PR,
        '--cost',
        '0.75',
        '--agent',
        'cursor',
        '--json',
        '--database-url',
        url,
      ],
      { cwd: ROOT, env },
    )
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'duplicate', attempt: 1 })
    const merged = await runCli(
      [
        'fix',
        'report',
        '--ticket',
        'LOCAL-1',
        '--pr',
        PR,
        '--state',
        'merged',
        '--cost',
        '0.75',
        '--agent',
        'cursor',
        '--summary',
        'Guard the missing total',
        '--reasoning',
        'total is undefined before the cart loads',
        '--database-url',
        url,
      ],
      { cwd: ROOT, env },
    )
    expect(merged.stdout).toMatch(/^Recorded: .*\(merged\) for LOCAL-1, attempt 1/)
    const row = await database.db
      .selectFrom('fix_runs')
      .select(['review_outcome', 'trigger_source', 'detail', 'reasoning', 'pr_state'])
      .where('proposal_url', '=', PR)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({
      review_outcome: 'merged',
      trigger_source: 'external',
      detail: 'Guard the missing total',
      reasoning: 'total is undefined before the cart loads',
      pr_state: 'merged',
    })
    // A reported merge is a merged decision (it counts in the loop's numbers) by the fixer that reported it.
    const decision = await database.db
      .selectFrom('fix_reviews as v')
      .innerJoin('fix_runs as r', 'r.run_id', 'v.run_id')
      .select(['v.decision', 'v.reviewed_by'])
      .where('r.proposal_url', '=', PR)
      .executeTakeFirstOrThrow()
    expect(decision).toEqual({ decision: 'merged', reviewed_by: 'fixer:cursor' })
    const emptySummary = await runCli(
      ['fix', 'report', '--ticket', 'LOCAL-1', '--pr', PR, '--summary', ' ', '--database-url', url],
      { cwd: ROOT, env },
    )
    expect(emptySummary.code).toBe(2)
    expect(emptySummary.stderr).toContain('--summary')

    const badState = await runCli(
      ['fix', 'report', '--ticket', 'LOCAL-1', '--pr', PR, '--state', 'done', '--database-url', url],
      {
        cwd: ROOT,
        env,
      },
    )
    expect(badState.code).toBe(2)
    expect(badState.stderr).toContain('--state')
    const badCost = await runCli(
      ['fix', 'report', '--ticket', 'LOCAL-1', '--pr', PR, '--cost', 'lots', '--database-url', url],
      {
        cwd: ROOT,
        env,
      },
    )
    expect(badCost.stderr).toContain('--cost')
    const unknown = await runCli(
      ['fix', 'report', '--ticket', 'LOCAL-9', '--pr', PR, '--database-url', url],
      { cwd: ROOT, env },
    )
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("No ticket 'LOCAL-9'")
  })
})
