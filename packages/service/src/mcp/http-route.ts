import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
import type { RegisterRoutes } from '../server/context.js'
import { createSutureMcpServer } from './mcp-server.js'

function unauthorized(message: string): Response {
  return new Response(JSON.stringify({ error: 'unauthorized', message }), {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="suture"' },
  })
}

/**
 * `/mcp`: the MCP server over streamable HTTP, stateless (a server and transport per request, so any
 * number of `suture serve` processes can answer). `Authorization: Bearer <secret key>` picks the project.
 */
export const mcpRoutes: RegisterRoutes = (app, deps) => {
  app.all('/mcp', async (c) => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match?.[1]) return unauthorized('Send Authorization: Bearer <secret key> (sut_sec_…).')
    const key = await deps.keys.resolve(match[1])
    if (!key)
      return unauthorized(
        'Unknown or revoked key; create one with `suture project keys add <project> --secret`.',
      )
    if (key.kind !== 'secret')
      return unauthorized('The MCP server needs a secret key (sut_sec_…), not a public ingest key.')
    // Links point where the caller reached this server unless a public URL (behind a proxy) is configured.
    const publicUrl = deps.publicUrl ?? new URL(c.req.url).origin
    const server = createSutureMcpServer({ db: deps.database.db, projectId: key.projectId, publicUrl })
    // No session id generator: stateless mode (the SDK's "sessionIdGenerator: undefined"), so any
    // server process can answer any request of a client.
    const transport = new WebStandardStreamableHTTPServerTransport({ enableJsonResponse: true })
    await server.connect(transport)
    try {
      return await transport.handleRequest(c.req.raw)
    } finally {
      await server.close()
    }
  })
}
