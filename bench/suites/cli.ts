import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type BenchSuite, medianMs } from '../suite.js'

const MAIN = path.resolve(import.meta.dirname, '../../packages/cli/dist/main.js')

/** One `node …` process to its exit; a failure stops the bench (a fast wrong answer is no figure). */
function node(args: readonly string[]): void {
  const result = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...process.env, SUTURE_DATA_DIR: '' },
  })
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 500)}`)
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`

/**
 * The built `suture` as a person runs it: `--help` (answered from dist/commands.json, no command loaded)
 * and `project list` on an empty embedded database (PGlite start, migrations on the first run), each as
 * wall time of a whole process and as a ratio to starting Node itself (`node -e 0`) in the same run.
 * Issue 19's targets: help under 0.5 s, a command on an empty embedded database under 3 s.
 */
export const cliSuite: BenchSuite = {
  name: 'cli',
  async run(log) {
    if (!existsSync(MAIN)) throw new Error('packages/cli/dist/main.js is missing: run pnpm build first')
    const dir = mkdtempSync(path.join(os.tmpdir(), 'suture-bench-cli-'))
    try {
      log(
        `load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} on ${os.cpus().length} cores`,
      )
      const baseline = await medianMs(() => node(['-e', '0']), 7)
      const help = await medianMs(() => node([MAIN, '--help']), 7)
      let fresh = 0
      const first = await medianMs(
        () => node([MAIN, 'project', 'list', '--data-dir', path.join(dir, `fresh-${fresh++}`)]),
        3,
      )
      const existing = path.join(dir, 'existing')
      node([MAIN, 'project', 'list', '--data-dir', existing])
      const again = await medianMs(() => node([MAIN, 'project', 'list', '--data-dir', existing]), 3)
      log(`node -e 0 (baseline)                        ${s(baseline)}`)
      log(
        `suture --help                               ${s(help)}  ${(help / baseline).toFixed(1)}× baseline  (target < 0.5 s)`,
      )
      log(
        `suture project list, new data dir (migrates) ${s(first)}  ${(first / baseline).toFixed(1)}× baseline  (target < 3 s)`,
      )
      log(
        `suture project list, empty migrated data dir ${s(again)}  ${(again / baseline).toFixed(1)}× baseline  (target < 3 s)`,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
