import type { Readable, Writable } from 'node:stream'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import { createSutureMcpServer } from './mcp-server.js'

/**
 * Serves MCP on stdin/stdout until the client closes stdin (what `suture mcp` runs). Nothing else may
 * write to stdout meanwhile: it is the protocol channel.
 */
export async function serveMcpStdio(options: {
  readonly db: Kysely<Database>
  readonly projectId: string
  /** Where the dashboard is reached, for links in ticket bodies (see `SutureMcpOptions.publicUrl`). */
  readonly publicUrl: string
  readonly stdin?: NodeJS.ReadableStream
  readonly stdout?: NodeJS.WritableStream
}): Promise<void> {
  const server = createSutureMcpServer({
    db: options.db,
    projectId: options.projectId,
    publicUrl: options.publicUrl,
  })
  const transport = new StdioServerTransport(
    options.stdin as Readable | undefined,
    options.stdout as Writable | undefined,
  )
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve()
  })
  const input = options.stdin ?? process.stdin
  input.once('end', () => void server.close())
  await server.connect(transport)
  await closed
}
