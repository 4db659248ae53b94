import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { LABELS, renderTicketBody } from '@suture/pm-agent'
import { z } from 'zod'
import { errorResult, jsonResult, latestClusters, type McpContext } from './context.js'

const CLOSED = ['done', 'cancelled', 'duplicate']

async function queue(ctx: McpContext) {
  const { week, clusters } = await latestClusters(ctx)
  const fixable = clusters.filter(
    (c) => c.decision === 'ticket' && c.autoFixable && !c.labels.includes(LABELS.held),
  )
  if (fixable.length === 0) return { week, tickets: [] }
  const links = await ctx.db
    .selectFrom('ticket_links')
    .select(['cluster_key', 'ticket_id', 'identifier', 'url', 'state', 'iterations', 'escalated'])
    .where('project_id', '=', ctx.projectId)
    .where(
      'cluster_key',
      'in',
      fixable.map((c) => c.key),
    )
    .where('ticket_id', 'is not', null)
    .execute()
  const byKey = new Map(links.map((l) => [l.cluster_key, l]))
  const tickets = fixable.flatMap((cluster) => {
    const link = byKey.get(cluster.key)
    if (!link?.ticket_id || CLOSED.includes(link.state) || link.escalated) return []
    return [{ cluster, link }]
  })
  tickets.sort((a, b) => a.cluster.priority - b.cluster.priority)
  return { week, tickets }
}

/** `list_fix_queue` and `get_ticket`: the auto-fixable queue and the contract body pm-agent files. */
export function registerQueueTools(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'list_fix_queue',
    {
      title: 'List the auto-fixable queue',
      description:
        'Open tickets of the newest triage week that triage marked auto-fixable (not held for humans, not escalated), most urgent first.',
      inputSchema: {},
      annotations: { readOnlyHint: true },
    },
    async () => {
      const { week, tickets } = await queue(ctx)
      return jsonResult({
        week: week ?? null,
        tickets: tickets.map(({ cluster, link }) => ({
          id: link.ticket_id,
          identifier: link.identifier,
          url: link.url,
          title: cluster.title,
          priority: cluster.priority,
          state: link.state,
          clusterKey: cluster.key,
          route: cluster.route ?? null,
          attempts: link.iterations,
        })),
      })
    },
  )

  server.registerTool(
    'get_ticket',
    {
      title: 'Get a ticket',
      description:
        "A ticket of the fix queue with its body: the hand-off contract (what happens, evidence, code pointers, acceptance) as Suture's PM agent filed it.",
      inputSchema: { ticket: z.string().min(1).max(200).describe('ticket id or identifier (LOCAL-1)') },
      annotations: { readOnlyHint: true },
    },
    async ({ ticket }) => {
      const { tickets } = await queue(ctx)
      const found = tickets.find((t) => t.link.ticket_id === ticket || t.link.identifier === ticket)
      if (!found)
        return errorResult(`No ticket '${ticket}' in the fix queue; call list_fix_queue for the ids.`)
      const { cluster, link } = found
      return jsonResult({
        id: link.ticket_id,
        identifier: link.identifier,
        url: link.url,
        title: cluster.title,
        state: link.state,
        priority: cluster.priority,
        clusterKey: cluster.key,
        codePointers: cluster.codePointers ?? [],
        body: renderTicketBody(cluster, { clusterUrl: ctx.clusterUrl(cluster.key) }),
      })
    },
  )
}
