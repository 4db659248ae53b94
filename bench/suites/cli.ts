import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type BenchSuite, medianMs } from '../suite.js'

const MAIN = path.resolve(import.meta.dirname, '../../packages/cli/dist/main.js')

/**
 * The child's own CPU time (user + system, every thread), written at exit: wall time on a shared
 * 2-core machine moves with the load, CPU time much less, so both are reported.
 */
const CPU_PROBE = `data:text/javascript,${encodeURIComponent(
  "import{writeFileSync}from'node:fs';process.on('exit',()=>{const u=process.resourceUsage();writeFileSync(process.env.SUTURE_BENCH_CPU_FILE,String((u.userCPUTime+u.systemCPUTime)/1000))})",
)}`

const cpuSamples: number[] = []

/** One `node …` process to its exit; a failure stops the bench (a fast wrong answer is no figure). */
function node(args: readonly string[], cpuFile?: string): void {
  const result = spawnSync(process.execPath, cpuFile ? ['--import', CPU_PROBE, ...args] : args, {
    encoding: 'utf8',
    env: { ...process.env, SUTURE_DATA_DIR: '', ...(cpuFile ? { SUTURE_BENCH_CPU_FILE: cpuFile } : {}) },
  })
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(0, 500)}`)
  if (cpuFile) cpuSamples.push(Number(readFileSync(cpuFile, 'utf8')))
}

/** The median CPU time of the samples taken since the last call. */
function medianCpuMs(): number {
  const sorted = cpuSamples.splice(0).sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
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
      const cpu = path.join(dir, 'cpu')
      const baseline = await medianMs(() => node(['-e', '0'], cpu), 7)
      const baselineCpu = medianCpuMs()
      const help = await medianMs(() => node([MAIN, '--help'], cpu), 7)
      const helpCpu = medianCpuMs()
      let fresh = 0
      const first = await medianMs(
        () => node([MAIN, 'project', 'list', '--data-dir', path.join(dir, `fresh-${fresh++}`)], cpu),
        3,
      )
      const firstCpu = medianCpuMs()
      const existing = path.join(dir, 'existing')
      node([MAIN, 'project', 'list', '--data-dir', existing])
      const again = await medianMs(() => node([MAIN, 'project', 'list', '--data-dir', existing], cpu), 3)
      const againCpu = medianCpuMs()
      const row = (label: string, wall: number, cpuMs: number, target: string) =>
        log(
          `${label.padEnd(45)}${s(wall)} wall (${(wall / baseline).toFixed(1)}× baseline), ${s(cpuMs)} CPU (${(cpuMs / baselineCpu).toFixed(1)}×)${target}`,
        )
      row('node -e 0 (baseline)', baseline, baselineCpu, '')
      row('suture --help', help, helpCpu, '  (target < 0.5 s)')
      row('suture project list, new data dir', first, firstCpu, '  (target < 3 s)')
      row('suture project list, empty existing data dir', again, againCpu, '  (target < 3 s)')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },
}
