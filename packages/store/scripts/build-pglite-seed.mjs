// Runs after the bundle is built, from the bundle, so the seed holds exactly the migrations it carries:
// a new embedded database is unpacked from it instead of running initdb (src/database/pglite-seed.ts).
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist')
const { writePgliteSeed } = await import(path.join(dist, 'index.js'))
const { bytes, manifest } = await writePgliteSeed(dist)
console.log(
  `dist/pglite-seed.tar.gz: ${(bytes / 1e6).toFixed(1)} MB, ${manifest.migrations.length} migrations, PGlite ${manifest.pglite}`,
)
