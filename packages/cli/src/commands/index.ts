import type { Command } from '../command.js'
import { dedupCommand } from './dedup.js'
import { evalCommand } from './eval.js'
import { fingerprintCommand } from './fingerprint.js'
import { migrateCommand } from './migrate.js'
import { projectCommand } from './project.js'
import { scrubCommand } from './scrub.js'
import { serveCommand } from './serve.js'

/** Every subcommand, in the order `--help` lists them. Add new commands here. */
export const COMMANDS: readonly Command[] = [
  dedupCommand,
  evalCommand,
  fingerprintCommand,
  migrateCommand,
  projectCommand,
  scrubCommand,
  serveCommand,
]
