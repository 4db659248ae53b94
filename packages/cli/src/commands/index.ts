import type { Command } from '../command.js'
import { dedupCommand } from './dedup.js'
import { demoCommand } from './demo.js'
import { digestCommand } from './digest.js'
import { evalCommand } from './eval.js'
import { fingerprintCommand } from './fingerprint.js'
import { fixCommand } from './fix.js'
import { importCommand } from './import.js'
import { lineageCommand } from './lineage.js'
import { mcpCommand } from './mcp.js'
import { migrateCommand } from './migrate.js'
import { privacyCommand } from './privacy.js'
import { projectCommand } from './project.js'
import { quarantineCommand } from './quarantine.js'
import { scoreCommand } from './score.js'
import { scrubCommand } from './scrub.js'
import { serveCommand } from './serve.js'
import { sourcemapsCommand } from './sourcemaps.js'
import { triageCommand } from './triage.js'
import { workerCommand } from './worker.js'

/** Every subcommand, in the order `--help` lists them. Add new commands here. */
export const COMMANDS: readonly Command[] = [
  dedupCommand,
  demoCommand,
  digestCommand,
  evalCommand,
  fingerprintCommand,
  fixCommand,
  importCommand,
  lineageCommand,
  mcpCommand,
  migrateCommand,
  privacyCommand,
  projectCommand,
  quarantineCommand,
  scoreCommand,
  scrubCommand,
  serveCommand,
  sourcemapsCommand,
  triageCommand,
  workerCommand,
]
