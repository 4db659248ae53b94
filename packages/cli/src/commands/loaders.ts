import type { Command } from '../command.js'

/**
 * One loader per command, by name: running a command imports its own module alone. Importing every command
 * (what `COMMANDS` does) pulls in the service, the fixer and the PM agent, seconds of start-up for a
 * `suture project list`. `loaders.test.ts` keeps this table in step with `COMMANDS`.
 */
export const COMMAND_LOADERS: Readonly<Record<string, () => Promise<Command>>> = {
  dedup: async () => (await import('./dedup.js')).dedupCommand,
  demo: async () => (await import('./demo.js')).demoCommand,
  digest: async () => (await import('./digest.js')).digestCommand,
  eval: async () => (await import('./eval.js')).evalCommand,
  fingerprint: async () => (await import('./fingerprint.js')).fingerprintCommand,
  fix: async () => (await import('./fix.js')).fixCommand,
  import: async () => (await import('./import.js')).importCommand,
  lineage: async () => (await import('./lineage.js')).lineageCommand,
  mcp: async () => (await import('./mcp.js')).mcpCommand,
  migrate: async () => (await import('./migrate.js')).migrateCommand,
  privacy: async () => (await import('./privacy.js')).privacyCommand,
  project: async () => (await import('./project.js')).projectCommand,
  quarantine: async () => (await import('./quarantine.js')).quarantineCommand,
  score: async () => (await import('./score.js')).scoreCommand,
  scrub: async () => (await import('./scrub.js')).scrubCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  sourcemaps: async () => (await import('./sourcemaps.js')).sourcemapsCommand,
  triage: async () => (await import('./triage.js')).triageCommand,
  worker: async () => (await import('./worker.js')).workerCommand,
}
