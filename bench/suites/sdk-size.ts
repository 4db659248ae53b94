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
  /** The names the entry chunk exports. */
  readonly exports: string[]
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
    exports:
      Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined || o.exports.length > 0)
        ?.exports ?? [],
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const describe = (s: Size) =>
  `${kb(s.min)} min, ${kb(s.gzip)} gzip initial; all chunks ${kb(s.totalMin)} min, ${kb(s.totalGzip)} gzip`

/**
 * The opt-in integrations: exported from the core entry, but an app ships each only when it imports it
 * (`init({ integrations: [sessionEvents()] })`). Measured by adding each to the core build.
 */
const OPT_INS: { name: string; exports: string[] }[] = [
  {
    name: 'sessionEvents() (page views, clicks, exceptions, track() for the nightly scorer)',
    exports: ['sessionEvents'],
  },
  { name: 'networkBreadcrumbs() (fetch/XHR breadcrumbs)', exports: ['networkBreadcrumbs'] },
  {
    name: 'matchRoute / templateFromMatches (route patterns for getRouteTemplate)',
    exports: ['matchRoute', 'templateFromMatches'],
  },
  { name: 'FeedbackFallback (the fallback with a feedback box)', exports: ['FeedbackFallback'] },
]
/** Exported for apps that build their own (the class behind `sessionEvents()`); not an integration to import. */
const NOT_CORE = ['SessionEvents']

/** Parts of the SDK and a do-nothing stand-in for each module, to measure what each adds to the core build. */
const PARTS: { name: string; stubs: Record<string, string> }[] = [
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
    name: 'default fallback ("Try again")',
    stubs: { 'src/boundary/default-fallback.ts': 'export const DefaultFallback = () => null' },
  },
  {
    name: 'frustration (rage, dead, error clicks)',
    stubs: {
      'src/frustration/detector.ts':
        'export class FrustrationDetector { counts: any = {}; constructor(..._: any[]) {} click() {} error() {} noteChange() {} snapshot(): any { return {} } stop() {} }',
    },
  },
  {
    // The delivery core, to show what it costs by itself next to the optional parts above.
    name: 'durable transport (batching, backoff, Retry-After, IndexedDB queue, beacon)',
    stubs: {
      'src/transport/transport.ts':
        'export const KEEPALIVE_LIMIT = 0; export class Transport { queue: any = { size: 0 }; ready = Promise.resolve(); constructor(..._: any[]) {} enqueue() {} flush() { return Promise.resolve() } flushOnExit() {} close() {} }',
      'src/transport/queue.ts': 'export const DEFAULT_QUEUE_LIMITS = {}; export class MemoryQueueStorage {}',
      'src/transport/indexeddb-storage.ts':
        'export class IndexedDbQueueStorage {}; export const defaultQueueStorage = (..._: any[]) => undefined',
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
      'src/boundary/with-error-boundary.ts': 'export const withErrorBoundary = () => {}',
      'src/boundary/provider.ts': 'export const SutureProvider = () => {}',
      'src/react/root-options.ts': 'export const reactRootOptions = () => {}',
    },
  },
  // URL parameterising (/users/123 → /users/:id) is no part of the core: ingest templates raw paths
  // (normalizeRoutes); only the opt-in sessionEvents() and networkBreadcrumbs() carry the parameteriser.
]

const CONDITIONS = ['@suture/source', 'browser', 'import']

/** The issue's budget: ≤ 8 KB gzip, every chunk counted. */
export const SDK_SIZE_TARGET = 8 * 1024

/**
 * What an app wrapped in our boundary imports (the README's setup, and the same imports as the Sentry side):
 * boundary, breadcrumbs with readable labels, frustration signals, durable transport and the light scrubber.
 */
export const TYPICAL_IMPORTS = ['init', 'ErrorBoundary', 'reactRootOptions']

const importing = (names: readonly string[]) => ({
  source: `export { ${names.join(', ')} } from '@suture/error-boundary'`,
})

/**
 * Gzip bytes, all chunks, of the SDK built from source as a host app's bundler would: `TYPICAL_IMPORTS`, and the
 * core (every export of the main entry but the opt-in integrations). The size-budget test and this suite
 * read the same figures.
 */
export async function measureSdkBudget(): Promise<{ typical: number; core: number }> {
  const ours = await bundle({ path: `${SDK_DIR}src/index.ts` }, CONDITIONS)
  const [typical, core] = await Promise.all([
    bundle(importing(TYPICAL_IMPORTS), CONDITIONS),
    bundle(importing(coreExports(ours)), CONDITIONS),
  ])
  return { typical: typical.totalGzip, core: core.totalGzip }
}

function coreExports(everything: Size): string[] {
  const optIn = new Set([...OPT_INS.flatMap((o) => o.exports), ...NOT_CORE])
  return everything.exports.filter((name) => !optIn.has(name))
}

/** Size of the SDK's core entry against @sentry/react's init + ErrorBoundary, both built here and now. */
export const sdkSizeSuite: BenchSuite = {
  name: 'sdk-size',
  async run(log) {
    const conditions = CONDITIONS
    const index = `${SDK_DIR}src/index.ts`
    const ours = await bundle({ path: index }, conditions, [
      'src/client/',
      'src/transport/',
      'src/breadcrumbs/',
      'src/boundary/',
      'src/session-events/',
      'src/frustration/',
      'envelope/src/scrub-light',
      // Also matches envelope/src/route/: the SDK's patterns and the URL parameteriser (opt-ins only) together.
      'src/route/',
    ])
    const coreNames = coreExports(ours)
    const from = importing
    // Every export of the core entry but the opt-in integrations (hooks, provider, feedback API too).
    const core = await bundle(from(coreNames), conditions)
    // What the issue's 8 KB covers (boundary, breadcrumbs, frustration, durable transport, light scrubber),
    // with the same imports as the Sentry side.
    const typical = await bundle(from(TYPICAL_IMPORTS), conditions)
    const sentry = await bundle({ source: "export { init, ErrorBoundary } from '@sentry/react'" }, [
      'browser',
      'import',
    ])
    log(`@suture/error-boundary, core (every export but the opt-in integrations): ${describe(core)}`)
    log(`@suture/error-boundary, init + ErrorBoundary + reactRootOptions: ${describe(typical)}`)
    log(`@suture/error-boundary, everything exported (every integration imported): ${describe(ours)}`)
    const parts = Object.entries(ours.shares).map(
      ([key, bytes]) => `${key.replace(/^src\//, '').replace(/\/$/, '')} ${kb(bytes)}`,
    )
    log(`  of which (minified, before gzip): ${parts.join(', ')}`)
    for (const part of OPT_INS) {
      const withIt = await bundle(from([...coreNames, ...part.exports]), conditions)
      log(
        `  opt-in ${part.name} adds ${withIt.totalGzip - core.totalGzip} B gzip (${withIt.totalMin - core.totalMin} B min)`,
      )
    }
    for (const part of PARTS) {
      const without = await bundle(from(coreNames), conditions, [], part.stubs)
      log(
        `  core: ${part.name} adds ${core.totalGzip - without.totalGzip} B gzip (${core.totalMin - without.totalMin} B min)`,
      )
    }
    log(`  zod in the bundle: ${ours.zod ? 'YES (it must not be)' : 'no'}`)
    // What npm users get: the built files, resolved without the source condition. A single-entry
    // envelope build once dragged all of zod in here (508 KB) while the source build above looked fine.
    const dist = `${SDK_DIR}dist/index.js`
    if (existsSync(dist)) {
      const built = await bundle({ path: dist }, ['browser', 'import'])
      const builtCore = await bundle(
        { source: `export { ${coreNames.join(', ')} } from './dist/index.js'` },
        ['browser', 'import'],
      )
      log(
        `  as published (dist/, after pnpm build): core ${describe(builtCore)}; everything ${describe(built)}, zod ${built.zod ? 'INCLUDED' : 'not included'}`,
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
      `ratio, gzip, core / Sentry: ${ratio(core.totalGzip)}; everything exported / Sentry: ${ratio(ours.totalGzip)}`,
    )
    const met = (n: number) =>
      n <= SDK_SIZE_TARGET
        ? `met (${SDK_SIZE_TARGET - n} B to spare)`
        : `NOT met (${n - SDK_SIZE_TARGET} B over)`
    // The issue's 8 KB is for a feature set (boundary, breadcrumbs, frustration, durable transport, light
    // scrubber), which is what the typical imports ship; every further export is pay-per-import.
    log(
      `target ≤ 8 KB gzip in all for boundary + breadcrumbs + frustration + durable transport + light scrubber (init + ErrorBoundary + reactRootOptions): ${met(typical.totalGzip)}; every export of the core entry (hooks, provider, feedback API too): ${core.totalGzip} B, ${core.totalGzip <= SDK_SIZE_TARGET ? 'within' : `${core.totalGzip - SDK_SIZE_TARGET} B over`} 8 KB`,
    )
  },
}
