import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../migrations/index.js'
import { migrateToLatest } from '../migrations/migrate.js'
import { openDatabase } from './open-database.js'
import { packagedSeed, writePgliteSeed } from './pglite-seed.js'

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist')

describe('the PGlite seed a new embedded database starts from', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'suture-seed-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('is a migrated cluster made by the installed PGlite, and a new data dir opened from it has nothing left to migrate', async () => {
    const { manifest } = await writePgliteSeed(dir)
    expect(manifest.migrations).toEqual(Object.keys(MIGRATIONS))
    const seed = await packagedSeed(dir)
    expect(seed).toBeInstanceOf(Blob)
    const database = await openDatabase(
      { kind: 'pglite', dataDir: path.join(dir, 'data') },
      { migrate: false, ...(seed ? { pgliteTemplate: seed } : {}) },
    )
    try {
      expect(await migrateToLatest(database.db)).toEqual([])
      expect(await database.db.selectFrom('projects').select('id').execute()).toEqual([])
    } finally {
      await database.close()
    }
  }, 120_000)

  it('is not used when it was made by another PGlite or by migrations this code does not have', async () => {
    const manifestFile = path.join(dir, 'pglite-seed.json')
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'))
    await writeFile(manifestFile, JSON.stringify({ ...manifest, pglite: '0.0.1' }))
    expect(await packagedSeed(dir)).toBeUndefined()
    await writeFile(manifestFile, JSON.stringify({ ...manifest, migrations: ['9999-from-the-future'] }))
    expect(await packagedSeed(dir)).toBeUndefined()
    await writeFile(manifestFile, '{ torn')
    expect(await packagedSeed(dir)).toBeUndefined()
    expect(await packagedSeed(path.join(dir, 'nowhere'))).toBeUndefined()
  })

  // The test command builds before it tests; the built package must carry a seed of today's migrations.
  it.skipIf(!existsSync(path.join(DIST, 'index.js')))(
    'is packed by the build beside the bundle',
    async () => {
      const manifest = JSON.parse(await readFile(path.join(DIST, 'pglite-seed.json'), 'utf8'))
      expect(manifest.migrations).toEqual(Object.keys(MIGRATIONS))
      expect(await packagedSeed(DIST)).toBeInstanceOf(Blob)
    },
  )
})
