import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
// The engine of the pinned @arethetypeswrong/cli (the same exact version), used in process: the CLI would
// load TypeScript again for every package, and fetch @types packages from the registry.
import { checkPackage, createPackageFromTarballData } from '@arethetypeswrong/core'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PackedPackage, packAll, publishablePackages } from './support/pack.js'

/** The CLI's `esm-only` profile: these packages are ESM only, so CommonJS resolution is out of scope. */
const IGNORED_RESOLUTIONS = ['node10', 'node16-cjs']

type Conditions = Record<string, unknown>

/** Every export target (`./package.json` and JSON files aside) with its conditions. */
function codeExports(manifest: Record<string, unknown>): [string, Conditions][] {
  const exports = (manifest.exports ?? {}) as Record<string, unknown>
  return Object.entries(exports).filter(
    (entry): entry is [string, Conditions] => typeof entry[1] === 'object' && entry[1] !== null,
  )
}

const packages = publishablePackages()

// What `npm publish` would upload, checked the way a careful user's tools would: publint (the package
// as published) and Are the Types Wrong (types as TypeScript resolves them; ESM-only, so the CommonJS
// resolution modes are out of scope). Needs `pnpm build` first, as the root test command does.
describe('publishable packages', () => {
  let dest: string
  let packed: PackedPackage[]

  beforeAll(async () => {
    dest = await mkdtemp(path.join(tmpdir(), 'suture-pack-'))
    packed = await packAll(dest, packages)
  })
  afterAll(async () => {
    if (dest) await rm(dest, { recursive: true, force: true })
  })

  it('covers every package under packages/', () => {
    expect(packages.map((p) => p.name)).toEqual(expect.arrayContaining(['@suture/envelope', '@suture/cli']))
  })

  for (const pkg of packages) {
    describe(pkg.name, () => {
      const tarball = () => packed.find((p) => p.name === pkg.name) as PackedPackage

      it('declares types, import and default for every entry, and top-level types', () => {
        expect(pkg.manifest.type).toBe('module')
        expect(typeof pkg.manifest.types).toBe('string')
        for (const [subpath, conditions] of codeExports(pkg.manifest)) {
          const keys = Object.keys(conditions).filter((k) => k !== '@suture/source')
          expect(keys, subpath).toEqual(['types', 'import', 'default'])
        }
      })

      it('ships no tests, fixtures or test helpers', () => {
        const unwanted = tarball().files.filter((f) =>
          /(\.test\.|\.e2e\.|(^|\/)(__fixtures__|fixtures|testdata)\/)/.test(f),
        )
        expect(unwanted).toEqual([])
      })

      it('is clean under publint', async () => {
        // The tarball already packed: a file left out of it does not exist for publint either.
        const file = await readFile(tarball().tarball)
        const data = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer
        const { messages, pkg: manifest } = await publint({
          pack: { tarball: data },
          level: 'suggestion',
          strict: true,
        })
        expect(messages.map((m) => `${m.type}: ${formatMessage(m, manifest) ?? m.code}`)).toEqual([])
      })

      it('is clean under Are the Types Wrong (ESM-only profile)', async () => {
        const data = new Uint8Array(await readFile(tarball().tarball))
        const result = await checkPackage(createPackageFromTarballData(data))
        const problems = (result.types === false ? [] : result.problems).filter(
          (p) => !('resolutionKind' in p) || !IGNORED_RESOLUTIONS.includes(p.resolutionKind),
        )
        expect(result.types, 'the package ships no types').not.toBe(false)
        expect(problems).toEqual([])
      })
    })
  }
})
