// biome-ignore-all lint/correctness/noNodejsModules: bundles with esbuild and runs the result in node:vm.
// @vitest-environment node
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const ENTRY = fileURLToPath(new URL('./environment.ts', import.meta.url))

/**
 * Bundles `bundlerMode` the way a host app's bundler would (esbuild, with the given replacements) and
 * runs it in a bare context: no `process`, no `import.meta.env`, as in a browser.
 */
async function modeAfterBundling(define: Record<string, string>): Promise<unknown> {
  const esbuild = (await import(require.resolve('esbuild'))) as typeof import('esbuild')
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'env',
    // Not 'browser': esbuild would then define process.env.NODE_ENV by itself.
    platform: 'neutral',
    define,
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.text ?? ''
  return runInNewContext(`${code}; env.bundlerMode()`, {})
}

describe('bundlerMode', () => {
  it("reads Vite's import.meta.env.MODE first", async () => {
    const mode = await modeAfterBundling({
      'import.meta.env.MODE': '"staging"',
      'process.env.NODE_ENV': '"production"',
    })
    expect(mode).toBe('staging')
  })

  it('falls back to process.env.NODE_ENV (webpack, esbuild, Next.js)', async () => {
    expect(await modeAfterBundling({ 'process.env.NODE_ENV': '"production"' })).toBe('production')
  })

  it('is undefined, without throwing, where neither was replaced', async () => {
    expect(await modeAfterBundling({})).toBeUndefined()
  })

  it('reads both at run time when they exist (vitest sets MODE to test)', async () => {
    const { bundlerMode } = await import('./environment.js')
    expect(bundlerMode()).toBe('test')
  })
})
