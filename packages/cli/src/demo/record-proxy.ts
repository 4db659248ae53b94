import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the SDK made to the ingest server, exactly as posted, with the server's answer. */
export interface RecordedPost {
  readonly path: string
  readonly status: number
  readonly body: unknown
}

export interface RecordingProxy {
  readonly url: string
  readonly posts: readonly RecordedPost[]
  /** Requests forwarded but not yet answered. */
  inFlight(): number
  close(): Promise<void>
}

/**
 * A pass-through in front of the ingest server that keeps a copy of every body the SDK posts to
 * `/v1/envelopes` and `/v1/events`, fetch and sendBeacon alike: the demo's record of what was sent,
 * and the source of the replay fixture.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const posts: RecordedPost[] = []
  const upstream = new URL(target)
  let pending = 0
  const server = createServer((req, res) => {
    pending++
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
          answer.on('end', () => {
            const path = new URL(req.url ?? '/', 'http://x').pathname
            const status = answer.statusCode ?? 0
            if (req.method === 'POST' && /^\/v1\/(envelopes|events)$/.test(path) && status < 300) {
              try {
                posts.push({ path, status, body: JSON.parse(body.toString('utf8')) })
              } catch {}
            }
            pending--
          })
        },
      )
      forward.on('error', () => {
        pending--
        if (!res.headersSent) res.writeHead(502)
        res.end()
      })
      forward.end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    inFlight: () => pending,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
