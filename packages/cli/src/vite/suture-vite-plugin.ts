import { rmSync } from 'node:fs'
import path from 'node:path'
import { collectSourceMaps } from '../sourcemaps/collect-source-maps.js'
import { type UploadOutcome, uploadSourceMaps } from '../sourcemaps/upload-source-maps.js'

export interface SutureViteOptions {
  /** The release your SDK reports; written into the bundle for `init()` calls that name none. */
  readonly release: string
  /** The Suture server; default `SUTURE_ENDPOINT`. Without an endpoint and key nothing is uploaded (and the build says so). */
  readonly endpoint?: string | undefined
  /** A project secret key; default `SUTURE_SECRET_KEY`. Never put it in client code: the plugin runs at build time only. */
  readonly secretKey?: string | undefined
  /** Where `dist/` is served, Sentry-style (`~/` = any origin, the default). */
  readonly urlPrefix?: string | undefined
  /**
   * Upload after the build; default true. `false` builds the maps and writes the release only, for a
   * pipeline that uploads in a later step (`suture sourcemaps upload --release R dist/`); the maps are kept.
   */
  readonly upload?: boolean | undefined
  /** Delete the `.map` files from `dist/` after a successful upload so they are never served; default true. */
  readonly deleteAfterUpload?: boolean | undefined
  /** Called with every upload outcome (tests, custom logging). */
  readonly onUploaded?: ((outcomes: readonly UploadOutcome[]) => void) | undefined
}

// The few Vite hooks used, typed structurally so this entry needs no `vite` dependency.
interface ResolvedConfig {
  readonly root: string
  readonly build: { readonly outDir: string }
  readonly logger: { info(msg: string): void; warn(msg: string): void; error(msg: string): void }
}
interface UserConfig {
  readonly build?: { readonly sourcemap?: boolean | 'inline' | 'hidden' | undefined } | undefined
}

export interface SuturePlugin {
  readonly name: string
  readonly apply: 'build'
  config(config: UserConfig): Record<string, unknown>
  configResolved(config: ResolvedConfig): void
  closeBundle(): Promise<void>
}

/**
 * Vite plugin: builds with hidden source maps (no `sourceMappingURL` comment) and debug ids, writes the
 * release at the top of every chunk for the Suture SDK, and after `vite build` uploads the maps to Suture
 * (`POST /v1/sourcemaps`), then deletes them from `dist/` so they are never served publicly (opt out with
 * `deleteAfterUpload: false`). A failed upload fails the build, so stacks never silently stay minified.
 * @example
 * // vite.config.ts
 * import { suture } from '@suture/cli/vite'
 * export default defineConfig({ plugins: [react(), suture({ release: process.env.GIT_SHA ?? 'dev' })] })
 */
export function suture(options: SutureViteOptions): SuturePlugin {
  if (options.release.trim() === '') throw new Error('suture({ release }): release must not be empty')
  let resolved: ResolvedConfig | undefined
  return {
    name: 'suture',
    apply: 'build',
    config(config) {
      const sourcemap = config.build?.sourcemap
      return {
        build: {
          // An explicit choice wins; otherwise maps are made for upload only.
          sourcemap: sourcemap === undefined || sourcemap === false ? 'hidden' : sourcemap,
          rollupOptions: {
            output: {
              sourcemapDebugIds: true,
              banner: `globalThis.__SUTURE_RELEASE__=${JSON.stringify(options.release)};`,
            },
          },
        },
      }
    },
    configResolved(config) {
      resolved = config
    },
    async closeBundle() {
      if (resolved === undefined || options.upload === false) return
      const endpoint = options.endpoint ?? process.env.SUTURE_ENDPOINT
      const secretKey = options.secretKey ?? process.env.SUTURE_SECRET_KEY
      const dist = path.resolve(resolved.root, resolved.build.outDir)
      const { maps } = collectSourceMaps(dist, options.urlPrefix ?? '~/')
      if (endpoint === undefined || secretKey === undefined) {
        resolved.logger.warn(
          `[suture] ${maps.length} source maps not uploaded: set SUTURE_ENDPOINT and SUTURE_SECRET_KEY (or the plugin's endpoint and secretKey).`,
        )
        return
      }
      const outcomes = await uploadSourceMaps(maps, { endpoint, secretKey, release: options.release })
      options.onUploaded?.(outcomes)
      const failed = outcomes.filter((o) => !o.ok)
      if (failed.length > 0) {
        throw new Error(
          `[suture] ${failed.length} of ${outcomes.length} source maps were not uploaded: ${failed.map((f) => `${f.url}: ${f.message ?? f.status}`).join('; ')}`,
        )
      }
      if (options.deleteAfterUpload !== false) for (const map of maps) rmSync(map.mapPath)
      resolved.logger.info(`[suture] ${outcomes.length} source maps uploaded for release ${options.release}`)
    },
  }
}
