import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const DEMO_DIR = fileURLToPath(new URL('../../examples/demo-app/', import.meta.url))
// Vite is the demo app's dependency; resolve it from there.
const requireFromDemo = createRequire(join(DEMO_DIR, 'package.json'))

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
}

/** Builds examples/demo-app with Vite's JS API into a temp dir; returns the dir. */
export async function buildDemoApp(): Promise<{ dir: string; remove: () => Promise<void> }> {
  // Typed by hand: the test package does not depend on vite, the demo app does.
  const vite = (await import(requireFromDemo.resolve('vite'))) as {
    build(config: Record<string, unknown>): Promise<unknown>
  }
  const dir = await mkdtemp(join(tmpdir(), 'suture-demo-'))
  await vite.build({
    root: DEMO_DIR,
    configFile: join(DEMO_DIR, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: dir, emptyOutDir: true },
  })
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

/**
 * Serves a built demo app on 127.0.0.1:0 like a static host with SPA fallback. `/suture-config.js`
 * points the SDK at `endpoint`; `/api/*` answers 500, standing in for the app's flaky backend.
 */
export async function serveDemoApp(
  dir: string,
  config: { endpoint: string; publicKey: string; debug?: boolean; exposeClient?: boolean },
) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/suture-config.js') {
      res.writeHead(200, { 'content-type': TYPES['.js'] ?? '', 'cache-control': 'public, max-age=600' })
      res.end(`window.SUTURE_CONFIG = ${JSON.stringify(config)}`)
      return
    }
    if (path.startsWith('/api/')) {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"sync backend unavailable"}')
      return
    }
    const file = normalize(join(dir, path))
    const inside = file.startsWith(dir) && extname(file) !== ''
    try {
      const body = await readFile(inside ? file : join(dir, 'index.html'))
      res.writeHead(200, {
        'content-type': TYPES[inside ? extname(file) : '.html'] ?? 'application/octet-stream',
        // Cacheable like a typical static deploy, so the browser can open the app again while offline.
        'cache-control': 'public, max-age=600',
      })
      res.end(body)
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
