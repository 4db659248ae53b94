// biome-ignore lint/correctness/noNodejsModules: the test resolves the entry files on disk
import path from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [path.resolve(import.meta.dirname, entry)],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  })
  return Object.keys(result.metafile.inputs)
}

describe('subpath isolation', () => {
  it('keeps libphonenumber out of the browser scrubber and in the server one', async () => {
    const light = await bundledInputs('../entry.ts')
    expect(light.filter((file) => file.includes('libphonenumber'))).toEqual([])
    expect(light.filter((file) => file.includes('/server/'))).toEqual([])
    const server = await bundledInputs('./entry.ts')
    expect(server.some((file) => file.includes('libphonenumber-js'))).toBe(true)
  })
})
