import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile, rename, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { suture } from '../vite/suture-vite-plugin.js'

/** Thrown when the example app is not next to the CLI (an installed CLI without the repository). */
export class DemoAppMissingError extends Error {
  override readonly name = 'DemoAppMissingError'
  constructor(readonly searchedFrom: string) {
    super(
      `examples/demo-app was not found above ${searchedFrom}: run 'pnpm suture demo' from a clone of the Suture repository.`,
    )
  }
}

/** The repository's examples/demo-app, found by walking up from this file. */
export function demoAppDir(from = import.meta.dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'examples', 'demo-app')
    if (existsSync(path.join(candidate, 'package.json'))) return candidate
    if (path.dirname(dir) === dir) throw new DemoAppMissingError(from)
  }
}

async function hashTree(hash: ReturnType<typeof createHash>, dir: string): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) await hashTree(hash, full)
    else if (!entry.name.includes('.test.')) hash.update(full).update(await readFile(full))
  }
}

/**
 * The release the demo app reports (its `init()` in examples/demo-app/src/main.tsx names it), which the
 * demo uploads the build's source maps under; the Vite plugin writes the same one into the bundle.
 */
export const DEMO_RELEASE = '2026.11.3'

/**
 * Builds the demo app with Vite's JS API (Vite is the app's own dependency) as a production app ships:
 * minified, with hidden source maps and debug ids from Suture's Vite plugin (`@suture/cli/vite`), which
 * also writes {@link DEMO_RELEASE} into the bundle. The maps stay in the build directory (the demo uploads
 * them to its own server each run, see {@link uploadDemoSourceMaps}) and are never served. The build is
 * cached in the temp dir under a hash of the app's and the SDK's sources, so a second run starts at once.
 */
export async function buildDemoApp(appDir = demoAppDir()): Promise<{ dir: string; cached: boolean }> {
  const repo = path.resolve(appDir, '..', '..')
  // This file holds the build options: a change here is a new build too.
  const hash = createHash('sha256').update(await readFile(import.meta.filename))
  for (const dir of [
    appDir,
    path.join(repo, 'packages/error-boundary/src'),
    path.join(repo, 'packages/envelope/src'),
  ]) {
    if (existsSync(dir)) await hashTree(hash, dir)
  }
  const dir = path.join(tmpdir(), `suture-demo-app-${hash.digest('hex').slice(0, 16)}`)
  if (existsSync(path.join(dir, 'index.html'))) return { dir, cached: true }
  const requireFromApp = createRequire(path.join(appDir, 'package.json'))
  // Only `build` is used; the CLI does not depend on Vite's types.
  const vite = (await import(requireFromApp.resolve('vite'))) as { build(config: object): Promise<unknown> }
  const building = `${dir}.${randomUUID()}.tmp`
  await vite.build({
    root: appDir,
    configFile: path.join(appDir, 'vite.config.ts'),
    logLevel: 'error',
    // No upload at build time: a cached build serves many runs, each with its own fresh server, so each
    // run uploads the maps itself, as a pipeline with a separate upload step does.
    plugins: [suture({ release: DEMO_RELEASE, upload: false })],
    build: {
      outDir: building,
      emptyOutDir: true,
      minify: true,
      // Hidden (no `sourceMappingURL` comment): maps are for upload, never served. The app's own config
      // asks for public ones for `vite build` by hand; the demo ships as production does.
      sourcemap: 'hidden',
      // Dependencies in their own chunk under assets/vendor/, as most production builds do, so stack
      // frames inside React read as library code and the app's own frames tell the bugs apart.
      rolldownOptions: {
        output: {
          codeSplitting: { groups: [{ name: 'framework', test: /node_modules/ }] },
          chunkFileNames: (chunk: { name: string }) =>
            chunk.name === 'framework' ? 'assets/vendor/[name]-[hash].js' : 'assets/[name]-[hash].js',
          // Sources relative to the app's root (`src/pages/billing.tsx`), as from a build in its own
          // dist/, not to the temp dir the demo builds in (which would name this machine's paths).
          sourcemapPathTransform: (source: string, mapPath: string) =>
            path
              .relative(appDir, path.resolve(path.dirname(mapPath), source))
              .split(path.sep)
              .join('/'),
        },
      },
    },
  })
  // Renamed into place whole, so a build cut short never looks like a finished one. Only a leftover without
  // index.html is removed: a finished directory may be serving another run at this moment.
  if (existsSync(dir) && !existsSync(path.join(dir, 'index.html')))
    await rm(dir, { recursive: true, force: true })
  try {
    await rename(building, dir)
  } catch (error: unknown) {
    // A concurrent build of the same sources finished first; its output is identical, so use it.
    if (!existsSync(path.join(dir, 'index.html'))) throw error
    await rm(building, { recursive: true, force: true })
    return { dir, cached: true }
  }
  return { dir, cached: false }
}

/**
 * Starts a journey in the same tab: a new SDK session (the id lives in sessionStorage) for the user in
 * the URL fragment, then the app's home page. Reusing the tab spares a renderer process per journey.
 */
export const START_PATH = '/__demo/start'
const START_PAGE = `<!doctype html><script>
sessionStorage.removeItem('suture.sid')
sessionStorage.setItem('demo.user', decodeURIComponent(location.hash.slice(1)))
location.replace('/')
</script>`
/** Run in every page before the app: the signed-in user of this journey. */
export const USER_INIT_SCRIPT = `try { const u = sessionStorage.getItem('demo.user'); if (u) window.DEMO_USER = JSON.parse(u) } catch {}`

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

export interface ServedApp {
  readonly url: string
  close(): Promise<void>
}

/**
 * Serves the built app like a static host with SPA fallback. `/suture-config.js` points the SDK at the
 * ingest server; `/api/*` answers 500, standing in for the app's flaky backend (the sync bug).
 */
export async function serveDemoApp(
  dir: string,
  config: { endpoint: string; publicKey: string },
): Promise<ServedApp> {
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname
    if (pathname === '/suture-config.js') {
      res.writeHead(200, { 'content-type': TYPES['.js'] ?? '', 'cache-control': 'no-store' })
      res.end(`window.SUTURE_CONFIG = ${JSON.stringify(config)}`)
      return
    }
    if (pathname === START_PATH) {
      res.writeHead(200, { 'content-type': TYPES['.html'] ?? '', 'cache-control': 'no-store' })
      res.end(START_PAGE)
      return
    }
    if (pathname.startsWith('/api/')) {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"sync backend unavailable"}')
      return
    }
    const file = path.normalize(path.join(dir, pathname))
    // Source maps sit in the build for upload only; a production host never serves them.
    if (pathname.endsWith('.map')) {
      res.writeHead(404).end('not found')
      return
    }
    const inside = file.startsWith(dir) && path.extname(file) !== ''
    readFile(inside ? file : path.join(dir, 'index.html')).then(
      (body) => {
        const type = TYPES[inside ? path.extname(file) : '.html'] ?? 'application/octet-stream'
        res.writeHead(200, { 'content-type': type }).end(body)
      },
      () => res.writeHead(404).end('not found'),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
