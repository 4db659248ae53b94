import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { FixTicketNotFoundError, fixReportSchema, reportFix } from '../fixes/report-fix.js'
import { errorResult, jsonResult, type McpContext } from './context.js'

/** `report_fix`: the only write; the same code path as `POST /v1/fixes`. */
export function registerReportTools(server: McpServer, ctx: McpContext): void {
  server.registerTool(
    'report_fix',
    {
      title: 'Report a fix',
      description:
        "Register your pull request for a ticket (its state and what it cost): it joins the review queue and counts against the ticket's attempts and budget. Idempotent per (ticket, pr).",
      inputSchema: fixReportSchema.shape,
      annotations: { readOnlyHint: false, idempotentHint: true },
    },
    async (input) => {
      const parsed = fixReportSchema.safeParse(input)
      if (!parsed.success) return errorResult(parsed.error.message)
      try {
        return jsonResult(await reportFix(ctx.db, ctx.projectId, parsed.data))
      } catch (error: unknown) {
        if (error instanceof FixTicketNotFoundError) return errorResult(error.message)
        throw error
      }
    },
  )
}
