/**
 * The harness end to end on a throwaway copy of the demo app's planted "inviter is null" bug, with a
 * scripted stand-in for the coding agent (no API key, no GitHub): a dry run first, then the real run —
 * worktree, contract checks (fails before / passes after, scope, green), a local patch, the ticket moved
 * to review, and the outcome row.
 *
 * Run it: pnpm --filter @suture/fixer example
 */
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { resolveFixConfig, runFixes } from '@suture/fixer'
import {
  createDemoRepo,
  demoTickets,
  MEMBERS_FIX,
  MemoryTicketSource,
  scriptedRunner,
} from '@suture/fixer/testing'

const repo = await createDemoRepo()
try {
  const { members, billing } = demoTickets()
  const source = new MemoryTicketSource([members, billing])
  const config = resolveFixConfig({
    repo: repo.dir,
    testCommand: 'node --test',
    workDir: path.join(repo.root, 'work'),
    outputDir: path.join(repo.root, 'out'),
  })
  // What a coding agent would do: write the reproduction test, then the one-line fix, and name the test.
  const runner = scriptedRunner(async (agent) => {
    await agent.write(MEMBERS_FIX.testFile, MEMBERS_FIX.test)
    await agent.write(MEMBERS_FIX.file, MEMBERS_FIX.fixed)
    return {
      finalMessage: `Invites from the new flow have no inviter; fall back to "a teammate".\nSUTURE-TEST: ${MEMBERS_FIX.testFile}`,
      costUsd: 0.12,
    }
  })

  const plan = await runFixes({ config, source, runner, dryRun: true })
  for (const entry of plan.planned) {
    console.log(`would run ${entry.ticket} on ${entry.branch} (port ${entry.port}): ${entry.command}`)
    console.log(`  scope: ${entry.scope.allowed.join(', ')} + tests, ≤ ${entry.scope.maxChangedLines} lines`)
  }
  for (const skip of plan.skipped) console.log(`never dispatched: ${skip.ticket.identifier} (${skip.detail})`)

  const result = await runFixes({
    config,
    source,
    runner,
    onProgress: (p) => console.log(`  [worker ${p.worker}] ${p.ticket} ${p.stage}: ${p.detail}`),
  })
  for (const run of result.runs) {
    console.log(`${run.ticket_identifier}: ${run.outcome} — ${run.detail} ($${run.cost_usd.toFixed(2)})`)
  }
  const patch = result.runs[0]?.proposal_url
  if (patch) console.log((await readFile(fileURLToPath(patch), 'utf8')).split('\n').slice(0, 12).join('\n'))
  console.log(`ticket comment: ${source.commentsOn(members.id)[0]?.split('\n')[0]}`)
} finally {
  await rm(repo.root, { recursive: true, force: true })
}
