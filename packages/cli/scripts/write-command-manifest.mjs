// After `tsdown`: writes dist/commands.json from the built commands, so the built CLI answers `--help` and
// argument errors without loading them (see src/command-manifest.ts).
import { writeFileSync } from 'node:fs'
import { COMMANDS, MANIFEST_FILE, manifestOf } from '../dist/index.js'

writeFileSync(
  new URL(`../dist/${MANIFEST_FILE}`, import.meta.url),
  `${JSON.stringify(manifestOf(COMMANDS))}\n`,
)
