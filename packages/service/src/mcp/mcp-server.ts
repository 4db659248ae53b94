import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { dashboardLinks } from '@suture/pm-agent'
import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import type { McpContext } from './context.js'
import { registerQueueTools } from './queue-tools.js'
import { registerReportTools } from './report-tools.js'
import { registerSignalTools } from './signal-tools.js'

export interface SutureMcpOptions {
  readonly db: Kysely<Database>
  /** The one project the caller's secret key opened; no tool sees another. */
  readonly projectId: string
  /**
   * Where people open the dashboard (`SUTURE_PUBLIC_URL`, else where `suture serve` listens): cluster links
   * in the ticket bodies the tools return point at its issue pages.
   */
  readonly publicUrl: string
}

/**
 * Suture as an MCP server for any coding agent: the fix queue, tickets, clusters, session timelines,
 * similar signals (read-only, scrubbed) and `report_fix`. Connect it to a transport (stdio, HTTP).
 *
 * @example
 * const server = createSutureMcpServer({ db: database.db, projectId, publicUrl: 'https://suture.example.com' })
 * await server.connect(new StdioServerTransport())
 */
export function createSutureMcpServer(options: SutureMcpOptions): McpServer {
  const ctx: McpContext = {
    db: options.db,
    projectId: options.projectId,
    clusterUrl: (key) => dashboardLinks(options.publicUrl).issue(key, options.projectId),
  }
  const server = new McpServer({ name: 'suture', version: '0.1.0' })
  registerQueueTools(server, ctx)
  registerSignalTools(server, ctx)
  registerReportTools(server, ctx)
  return server
}
