import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { scrubTextThorough } from '@suture/envelope/scrub-server'
import { loadTicketableTriage, type TicketableCluster } from '@suture/pm-agent'
import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'

/** What every tool gets: the database and the one project its key opened. */
export interface McpContext {
  readonly db: Kysely<Database>
  readonly projectId: string
  /** The dashboard's issue page of a cluster, for links in ticket bodies. */
  readonly clusterUrl: (clusterKey: string) => string
}

/**
 * Every string in the value through the server's thorough scrubber: tools hand data to a third-party
 * agent, so stored text (scrubbed at ingest by an older scrubber, perhaps) is scrubbed again on the way out.
 */
export function scrubDeep(value: unknown): unknown {
  if (typeof value === 'string') return scrubTextThorough(value)
  if (Array.isArray(value)) return value.map(scrubDeep)
  if (value instanceof Date) return value.toISOString()
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = scrubDeep(v)
    return out
  }
  return value
}

/** A tool answer: the scrubbed value as JSON text (what every MCP client shows) and as structured content. */
export function jsonResult(value: unknown): CallToolResult {
  const scrubbed = scrubDeep(value)
  return {
    content: [{ type: 'text', text: JSON.stringify(scrubbed, null, 2) }],
    structuredContent: { result: scrubbed },
  }
}

/** A tool-level failure the agent can act on (not a protocol error). */
export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: scrubTextThorough(message) }], isError: true }
}

/** The newest succeeded triage week of the project, or undefined before the first `suture triage`. */
export async function latestTriageWeek(ctx: McpContext): Promise<string | undefined> {
  const row = await ctx.db
    .selectFrom('triage_runs')
    .select('week')
    .where('project_id', '=', ctx.projectId)
    .where('status', '=', 'succeeded')
    .orderBy('week', 'desc')
    .executeTakeFirst()
  return row?.week
}

/** The clusters of the newest triage week, as pm-agent hands them to its ticket code. */
export async function latestClusters(
  ctx: McpContext,
): Promise<{ week: string | undefined; clusters: TicketableCluster[] }> {
  const week = await latestTriageWeek(ctx)
  if (!week) return { week, clusters: [] }
  const { clusters } = await loadTicketableTriage(ctx.db, ctx.projectId, week)
  return { week, clusters }
}
