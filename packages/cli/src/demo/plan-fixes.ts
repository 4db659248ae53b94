import path from 'node:path'
import { runFixes } from '@suture/fixer'
import { type CodePointerLookup, codePointerLookup, createTracker, FixerTicketSource } from '@suture/pm-agent'
import type { SutureDatabase } from '@suture/store'
import { agentRunnerFor } from '../commands/fix-runner.js'
import { fixConfigFrom } from '../config/fix-config.js'
import { linksOf, publicUrlOf } from '../config/public-url.js'
import type { SutureConfig } from '../config/schema.js'
import { demoAppDir } from './demo-app.js'

/** One ticket the fixer would take: what the demo prints for its last step. */
export interface PlannedFix {
  readonly ticket: string
  readonly title: string
  readonly branch: string
  readonly scope: readonly string[]
  readonly command: string
}

export interface DemoFixPlan {
  readonly planned: readonly PlannedFix[]
  readonly notDispatched: readonly { readonly ticket: string; readonly detail: string }[]
  /** The one line that runs it for real. */
  readonly runLine: string
  /** Why no plan could be made (no git checkout beside the installed CLI, for one). */
  readonly unavailable?: string | undefined
}

/** The repository that holds the demo app: the fixer's checkout, and the root its scope is relative to. */
export function demoRepoRoot(): string {
  return path.resolve(demoAppDir(), '..', '..')
}

/**
 * Code pointers for the demo's triage: looked up in the demo app's own folder (so a route such as
 * `/settings/members` maps to the app's page, not to a look-alike elsewhere in this monorepo) and given
 * as paths from the repository root, which is what the fixer checks out and scopes against.
 */
export function demoCodePointers(): CodePointerLookup {
  const app = demoAppDir()
  const prefix = path.relative(demoRepoRoot(), app).split(path.sep).join('/')
  const lookup = codePointerLookup(app)
  return (input) => lookup(input).map((p) => ({ ...p, file: `${prefix}/${p.file}` }))
}

/**
 * The demo's last step: a dry run of the fixer over the tickets just filed. Nothing is checked out, no
 * agent runs; it shows which auto-fixable tickets would be dispatched (never a ticket held for humans),
 * under which scope, with which command.
 */
export async function planDemoFixes(
  database: SutureDatabase,
  projectId: string,
  config: SutureConfig,
  cwd: string,
): Promise<DemoFixPlan> {
  const repo = demoRepoRoot()
  const runLine = `pnpm suture fix --repo ${path.relative(cwd, repo) || '.'} --all --project ${projectId}   (needs ANTHROPIC_API_KEY, or --agent command --agent-command "…")`
  try {
    const links = linksOf(config)
    const tracker = createTracker(database.db, projectId, { localBaseUrl: publicUrlOf(config) })
    const source = new FixerTicketSource({
      db: database.db,
      projectId,
      tracker,
      clusterUrl: (key) => links.issue(key, projectId),
    })
    const result = await runFixes({
      config: fixConfigFrom(config, { repo }, cwd),
      source,
      runner: agentRunnerFor(config, { agent: 'claude-code' }),
      dryRun: true,
    })
    return {
      planned: result.planned.map((p) => ({
        ticket: p.ticket,
        title: p.title,
        branch: p.branch,
        scope: p.scope.allowed,
        command: p.command,
      })),
      notDispatched: result.skipped.map((s) => ({ ticket: s.ticket.identifier, detail: s.detail })),
      runLine,
    }
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error)
    return { planned: [], notDispatched: [], runLine, unavailable: reason }
  }
}
