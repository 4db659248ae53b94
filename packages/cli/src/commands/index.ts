import type { Command } from '../command.js'
import { dedupCommand } from './dedup.js'
import { evalCommand } from './eval.js'
import { fingerprintCommand } from './fingerprint.js'
import { scrubCommand } from './scrub.js'

/** Every subcommand, in the order `--help` lists them. Add new commands here. */
export const COMMANDS: readonly Command[] = [dedupCommand, evalCommand, fingerprintCommand, scrubCommand]
