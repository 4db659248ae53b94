import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { BenchSuite } from '../suite.js'

const SDK_DIR = fileURLToPath(new URL('../../packages/error-boundary/', import.meta.url))
// esbuild and @sentry/react are the SDK package's dev dependencies; resolve them from there.
const requireFromSdk = createRequire(`${SDK_DIR}package.json`)

/** React is the host app's, never counted against either SDK. */
const EXTERNAL = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client']

interface Size {
  /** The entry chunk: what the host app's initial bundle grows by. */
  readonly min: number
  readonly gzip: number
  /** Every chunk, the lazily imported ones included. */
  readonly totalMin: number
  readonly totalGzip: number
  /** Minified bytes per input whose path contains each key (to show where the bytes go). */
  readonly shares: Record<string, number>
  /** Whether any of zod made it into the bundle (the SDK never validates at runtime: it must not). */
  readonly zod: boolean
}

const gz = (code: Uint8Array) => gzipSync(code, { level: 9 }).length

/**
 * Bundles like a host app's bundler would (esbuild, minified, code splitting on, so a dynamic import
 * becomes its own chunk), gzip level 9 per chunk.
 */
async function bundle(
  entry: { path: string } | { source: string },
  conditions: string[],
  shareKeys: string[] = [],
  stubs: Record<string, string> = {},
): Promise<Size> {
  const esbuild = (await import(requireFromSdk.resolve('esbuild'))) as typeof import('esbuild')
  const result = await esbuild.build({
    ...('path' in entry
      ? { entryPoints: { main: entry.path } }
      : { stdin: { contents: entry.source, resolveDir: SDK_DIR, loader: 'ts', sourcefile: 'main.ts' } }),
    bundle: true,
    splitting: true,
    outdir: '/virtual-out',
    entryNames: 'main',
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions,
    external: EXTERNAL,
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    metafile: true,
    logLevel: 'silent',
    // A part's cost is measured by building without it: its module replaced by an empty stand-in.
    plugins: Object.entries(stubs).map(([file, contents]) => ({
      name: `without-${file}`,
      setup(build: import('esbuild').PluginBuild) {
        build.onLoad({ filter: new RegExp(`${file.replace(/[./]/g, '\\$&')}$`) }, () => ({
          contents,
          loader: 'tsx',
        }))
      },
    })),
  })
  const files = result.outputFiles
  const main = files.find((f) => f.path.endsWith('/main.js')) ?? files[0]
  const code = main?.contents ?? new Uint8Array()
  const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs))
  const shares: Record<string, number> = {}
  for (const key of shareKeys) {
    shares[key] = inputs
      .filter(([path]) => path.includes(key))
      .reduce((sum, [, i]) => sum + i.bytesInOutput, 0)
  }
  return {
    min: code.length,
    gzip: gz(code),
    totalMin: files.reduce((sum, f) => sum + f.contents.length, 0),
    totalGzip: files.reduce((sum, f) => sum + gz(f.contents), 0),
    shares,
    zod: inputs.some(([path]) => path.includes('node_modules/zod/')),
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const describe = (s: Size) =>
  `${kb(s.min)} min, ${kb(s.gzip)} gzip initial; all chunks ${kb(s.totalMin)} min, ${kb(s.totalGzip)} gzip`

/** Parts of the SDK and a do-nothing stand-in for each module, to measure what each adds to the bundle. */
const PARTS: { name: string; stubs: Record<string, string> }[] = [
  {
    name: 'session events ($pageview, clicks, track)',
    stubs: {
      'src/session-events/session-events.ts':
        'export class SessionEvents { transport: any; constructor(..._: any[]) {} envelope() {} leave() {} track() {} stop() {} }',
    },
  },
  {
    name: 'light scrubber',
    stubs: { 'envelope/src/scrub-light/scrub-light.ts': 'export const scrubLight = (v: any) => v' },
  },
  {
    name: 'readable labels (aria, text, selectors)',
    stubs: {
      'src/breadcrumbs/labels.ts':
        'const f = (e: any) => e; export { f as interactiveTarget, f as isInteractive, f as roleOf, f as readableLabel, f as shortSelector, f as formLabel, f as fieldName }',
    },
  },
  {
    name: 'default fallback with feedback box',
    stubs: { 'src/boundary/default-fallback.tsx': 'export const DefaultFallback = () => null' },
  },
  {
    name: 'frustration (rage, dead, error clicks)',
    stubs: {
      'src/frustration/detector.ts':
        'export class FrustrationDetector { counts: any = {}; constructor(..._: any[]) {} click() {} error() {} noteChange() {} snapshot(): any { return {} } stop() {} }',
    },
  },
  {
    name: 'fetch/XHR breadcrumbs',
    stubs: { 'src/breadcrumbs/network.ts': 'export const recordNetwork = (..._: any[]) => () => {}' },
  },
  {
    // The delivery core, to show what it costs by itself next to the optional parts above.
    name: 'durable transport (batching, backoff, Retry-After, IndexedDB queue, delivered log, beacon)',
    stubs: {
      'src/transport/transport.ts':
        'export const KEEPALIVE_LIMIT = 0; export class Transport { queue: any = { size: 0 }; ready = Promise.resolve(); constructor(..._: any[]) {} enqueue() {} flush() { return Promise.resolve() } flushOnExit() {} close() {} }',
      'src/transport/queue.ts': 'export const DEFAULT_QUEUE_LIMITS = {}; export class MemoryQueueStorage {}',
      'src/transport/indexeddb-storage.ts':
        'export class IndexedDbQueueStorage {}; export const defaultQueueStorage = (..._: any[]) => undefined',
      'src/transport/delivered-log.ts': 'export const defaultDeliveredLog = () => undefined',
    },
  },
  {
    name: 'click, form, field, navigation and console breadcrumbs, their readable labels included',
    stubs: {
      'src/breadcrumbs/dom.ts': 'export const recordDom = (..._: any[]) => () => {}',
      'src/breadcrumbs/history.ts': 'export const recordHistory = (..._: any[]) => () => {}',
      'src/breadcrumbs/console.ts': 'export const recordConsole = (..._: any[]) => () => {}',
    },
  },
  {
    name: 'React boundary, hooks, provider and root handlers (the default fallback apart)',
    stubs: {
      'src/boundary/error-boundary.tsx': 'export class ErrorBoundary {}',
      'src/boundary/use-error-boundary.ts': 'export const useErrorBoundary = () => {}',
      'src/boundary/with-error-boundary.tsx': 'export const withErrorBoundary = () => {}',
      'src/boundary/provider.tsx': 'export const SutureProvider = () => {}',
      'src/react/root-options.ts': 'export const reactRootOptions = () => {}',
    },
  },
  {
    name: 'route templates (patterns, parameterising)',
    stubs: {
      'src/route/match-route.ts':
        'const f = (p: any) => p; export { f as resolveTemplate, f as matchRoute, f as templateFromMatches }',
    },
  },
]

/** Size of the SDK's core entry against @sentry/react's init + ErrorBoundary, both built here and now. */
export const sdkSizeSuite: BenchSuite = {
  name: 'sdk-size',
  async run(log) {
    const conditions = ['@suture/source', 'browser', 'import']
    const ours = await bundle({ path: `${SDK_DIR}src/index.ts` }, conditions, [
      'src/client/',
      'src/transport/',
      'src/breadcrumbs/',
      'src/boundary/',
      'src/session-events/',
      'src/frustration/',
      'envelope/src/scrub-light',
      // Also matches envelope/src/route/: the SDK's patterns and the URL parameteriser together.
      'src/route/',
    ])
    // The same imports as the Sentry side: what a typical app wrapped in our boundary pulls in.
    const typical = await bundle(
      { source: "export { init, ErrorBoundary, reactRootOptions } from '@suture/error-boundary'" },
      conditions,
    )
    const sentry = await bundle({ source: "export { init, ErrorBoundary } from '@sentry/react'" }, [
      'browser',
      'import',
    ])
    log(`@suture/error-boundary, everything exported: ${describe(ours)}`)
    const parts = Object.entries(ours.shares).map(
      ([key, bytes]) => `${key.replace(/^src\//, '').replace(/\/$/, '')} ${kb(bytes)}`,
    )
    log(`  of which (minified, before gzip): ${parts.join(', ')}`)
    for (const part of PARTS) {
      const without = await bundle({ path: `${SDK_DIR}src/index.ts` }, conditions, [], part.stubs)
      log(
        `  ${part.name} adds ${ours.totalGzip - without.totalGzip} B gzip (${ours.totalMin - without.totalMin} B min)`,
      )
    }
    log(`  zod in the bundle: ${ours.zod ? 'YES (it must not be)' : 'no'}`)
    log(`@suture/error-boundary, init + ErrorBoundary + reactRootOptions: ${describe(typical)}`)
    // What npm users get: the built files, resolved without the source condition. A single-entry
    // envelope build once dragged all of zod in here (508 KB) while the source build above looked fine.
    const dist = `${SDK_DIR}dist/index.js`
    if (existsSync(dist)) {
      const built = await bundle({ path: dist }, ['browser', 'import'])
      log(
        `  as published (dist/, after pnpm build): ${describe(built)}, zod ${built.zod ? 'INCLUDED' : 'not included'}`,
      )
    } else {
      log('  as published: dist/ not built (run pnpm build to measure it)')
    }
    log(`@sentry/react (init + ErrorBoundary): ${kb(sentry.totalMin)} min, ${kb(sentry.totalGzip)} gzip`)
    const ratio = (n: number) => `${(n / sentry.totalGzip).toFixed(2)}×`
    log(
      `ratio, gzip, ours / Sentry (same imports): initial ${ratio(typical.gzip)}, all chunks ${ratio(typical.totalGzip)}`,
    )
    log(
      `ratio, gzip, everything exported / Sentry: initial ${ratio(ours.gzip)}, total ${ratio(ours.totalGzip)}`,
    )
    const met = (n: number) => (n <= 8 * 1024 ? 'met' : `NOT met (${kb(n - 8 * 1024)} over)`)
    log(`target ≤ 8 KB gzip (initial, everything exported): ${met(ours.gzip)}; total: ${met(ours.totalGzip)}`)
  },
}
