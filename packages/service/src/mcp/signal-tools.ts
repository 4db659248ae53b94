import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { tokenize } from '@suture/pm-agent'
import { sessionDetail } from '@suture/scorer'
import { z } from 'zod'
import { errorResult, jsonResult, latestClusters, type McpContext } from './context.js'

/** `get_cluster`, `get_session_timeline`, `search_similar`: the evidence behind a ticket. */
export function registerSignalTools(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'get_cluster',
    {
      title: 'Get a cluster',
      description:
        'A problem cluster of the newest triage week: scrubbed sample envelopes, breadcrumbs, feature flags, code pointers, releases, counts and what users wrote.',
      inputSchema: { clusterKey: z.string().min(1).max(300) },
      annotations: { readOnlyHint: true },
    },
    async ({ clusterKey }) => {
      const { week, clusters } = await latestClusters(ctx)
      const cluster = clusters.find((c) => c.key === clusterKey)
      if (!cluster)
        return errorResult(`No cluster '${clusterKey}' in the newest triage week (${week ?? 'none'}).`)
      return jsonResult({
        week,
        key: cluster.key,
        title: cluster.title,
        kind: cluster.kind,
        decision: cluster.decision,
        priority: cluster.priority,
        route: cluster.route,
        errorType: cluster.errorType,
        message: cluster.message,
        fingerprints: cluster.fingerprints,
        counts: cluster.counts,
        firstSeen: cluster.firstSeen,
        lastSeen: cluster.lastSeen,
        frames: cluster.frames ?? [],
        breadcrumbs: cluster.breadcrumbs ?? [],
        flags: cluster.flags ?? {},
        releases: cluster.releases ?? [],
        codePointers: cluster.codePointers ?? [],
        samples: cluster.samples,
        sampleSessionIds: cluster.sampleSessionIds ?? [],
        quotes: cluster.quotes ?? [],
      })
    },
  )

  server.registerTool(
    'get_session_timeline',
    {
      title: "Get a session's timeline",
      description:
        'What one user did before the error: the session score and its events and envelopes, oldest first.',
      inputSchema: { sessionId: z.string().min(1).max(300) },
      annotations: { readOnlyHint: true },
    },
    async ({ sessionId }) => {
      const detail = await sessionDetail(ctx.db, ctx.projectId, sessionId)
      if (!detail) return errorResult(`No session '${sessionId}' in this project.`)
      return jsonResult(detail)
    },
  )

  server.registerTool(
    'search_similar',
    {
      title: 'Search similar past signals',
      description:
        'Clusters of the newest triage week whose title, message, error type or route share words with the query, best first.',
      inputSchema: {
        query: z.string().min(1).max(2_000),
        limit: z.number().int().min(1).max(50).default(10),
      },
      annotations: { readOnlyHint: true },
    },
    async ({ query, limit }) => {
      const wanted = new Set(tokenize(query))
      const { clusters } = await latestClusters(ctx)
      const scored = clusters
        .map((c) => {
          const words = new Set(
            tokenize([c.title, c.message, c.errorType, c.route].filter(Boolean).join(' ')),
          )
          let shared = 0
          for (const w of wanted) if (words.has(w)) shared++
          return { cluster: c, score: wanted.size === 0 ? 0 : shared / wanted.size }
        })
        .filter((s) => s.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit)
      return jsonResult(
        scored.map(({ cluster, score }) => ({
          clusterKey: cluster.key,
          title: cluster.title,
          route: cluster.route,
          decision: cluster.decision,
          signals: cluster.counts.signals,
          score: Math.round(score * 1000) / 1000,
        })),
      )
    },
  )
}
