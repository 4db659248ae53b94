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
  readonly min: number
  readonly gzip: number
  /** Minified bytes per input whose path contains each key (to show where the bytes go). */
  readonly shares: Record<string, number>
  /** Whether any of zod made it into the bundle (the SDK never validates at runtime: it must not). */
  readonly zod: boolean
}

async function bundle(
  entry: { path: string } | { source: string },
  conditions: string[],
  shareKeys: string[] = [],
): Promise<Size> {
  const esbuild = (await import(requireFromSdk.resolve('esbuild'))) as typeof import('esbuild')
  const result = await esbuild.build({
    ...('path' in entry
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.source, resolveDir: SDK_DIR, loader: 'ts' } }),
    bundle: true,
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
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {}
  const shares: Record<string, number> = {}
  for (const key of shareKeys) {
    shares[key] = Object.entries(inputs)
      .filter(([path]) => path.includes(key))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0)
  }
  const zod = Object.keys(inputs).some((path) => path.includes('node_modules/zod/'))
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, shares, zod }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/** Size of the SDK's core entry against @sentry/react's init + ErrorBoundary, both built here and now. */
export const sdkSizeSuite: BenchSuite = {
  name: 'sdk-size',
  async run(log) {
    const ours = await bundle(
      { path: `${SDK_DIR}src/index.ts` },
      ['@suture/source', 'browser', 'import'],
      ['envelope/src/scrub', 'envelope/src/stack', 'envelope/src/fingerprint', 'session-events'],
    )
    const sentry = await bundle({ source: "export { init, ErrorBoundary } from '@sentry/react'" }, [
      'browser',
      'import',
    ])
    log(`@suture/error-boundary core entry (everything exported): ${kb(ours.min)} min, ${kb(ours.gzip)} gzip`)
    const parts = Object.entries(ours.shares).map(([key, bytes]) => `${key.split('/').at(-1)} ${kb(bytes)}`)
    log(`  of which (minified, before gzip): ${parts.join(', ')}`)
    log(`  zod in the bundle: ${ours.zod ? 'YES (it must not be)' : 'no'}`)
    // What npm users get: the built files, resolved without the source condition. A single-entry
    // envelope build once dragged all of zod in here (508 KB) while the source build above looked fine.
    const dist = `${SDK_DIR}dist/index.js`
    if (existsSync(dist)) {
      const built = await bundle({ path: dist }, ['browser', 'import'])
      log(
        `  as published (dist/, after pnpm build): ${kb(built.min)} min, ${kb(built.gzip)} gzip, zod ${built.zod ? 'INCLUDED' : 'not included'}`,
      )
    } else {
      log('  as published: dist/ not built (run pnpm build to measure it)')
    }
    log(`@sentry/react (init + ErrorBoundary): ${kb(sentry.min)} min, ${kb(sentry.gzip)} gzip`)
    log(`ratio, gzip, ours / Sentry: ${(ours.gzip / sentry.gzip).toFixed(2)}×`)
    log(`target ≤ 8 KB gzip: ${ours.gzip <= 8 * 1024 ? 'met' : `NOT met (${kb(ours.gzip - 8 * 1024)} over)`}`)
  },
}
