import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { type CreateAppOptions, createApp, type IngestAppHandle } from './app.js'

export interface StartServerOptions extends CreateAppOptions {
  /** Default 0 (any free port). */
  readonly port?: number
  /** Default 127.0.0.1. */
  readonly host?: string
  /** How long close() waits for in-flight requests before cutting them (default 10 s). */
  readonly drainTimeoutMs?: number
  /** Close the database when the server closes (default true). */
  readonly closeDatabase?: boolean
}

export interface RunningServer {
  readonly url: string
  readonly port: number
  readonly handle: IngestAppHandle
  /**
   * Graceful stop: refuse new connections, let in-flight requests finish (their writes commit and
   * they get their answer), then close the database.
   */
  close(): Promise<void>
}

/**
 * Starts the ingest server.
 * @example
 * const server = await startServer({ database, port: 8787 })
 * process.once('SIGTERM', () => void server.close())
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const lifecycle = options.lifecycle ?? { shuttingDown: false }
  const handle = createApp({ ...options, lifecycle })
  const host = options.host ?? '127.0.0.1'
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: handle.app.fetch, port: options.port ?? 0, hostname: host }, () =>
      resolve(s as Server),
    )
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host
  let closing: Promise<void> | undefined
  return {
    url: `http://${urlHost}:${port}`,
    port,
    handle,
    close() {
      closing ??= (async () => {
        lifecycle.shuttingDown = true
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            server.closeAllConnections()
          }, options.drainTimeoutMs ?? 10_000)
          server.close(() => {
            clearTimeout(timer)
            resolve()
          })
          // Keep-alive sockets with no request in flight would hold close() open.
          server.closeIdleConnections()
        })
        // Work started after an answer (validation after a deploy marker) finishes before storage closes.
        await Promise.allSettled([...handle.deps.background])
        if (options.closeDatabase !== false) await options.database.close()
      })()
      return closing
    },
  }
}
