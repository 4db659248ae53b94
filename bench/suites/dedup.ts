import os from 'node:os'
import {
  clusterSignals,
  compare,
  DEFAULT_THRESHOLDS,
  generateSignals,
  pairwiseScores,
  prepareSignals,
  type Signal,
  verdict,
} from '@suture/pm-agent'
import type { BenchSuite } from '../suite.js'

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`
}

/** Wall time and this process's CPU time (user + system, all its threads): the machine may be shared. */
function timed<T>(fn: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage()
  const start = performance.now()
  const value = fn()
  const ms = performance.now() - start
  const used = process.cpuUsage(cpu)
  return { value, ms, cpuMs: (used.user + used.system) / 1000 }
}

/** Peak resident set size of this process so far, in MB (includes the generated input). */
function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024
}

/** The naive approach: every pair compared with the same rule (including preparing the features). */
function allPairs(signals: readonly Signal[]): number {
  const prepared = prepareSignals(signals)
  const votes = { present: 0, agree: 0, textScore: 0, stackScore: 0, structureScore: 0 }
  for (let a = 0; a < signals.length; a++) {
    for (let b = a + 1; b < signals.length; b++) {
      compare(prepared, a, b, DEFAULT_THRESHOLDS, votes)
      verdict(votes, DEFAULT_THRESHOLDS)
    }
  }
  return (signals.length * (signals.length - 1)) / 2
}

export const dedupSuite: BenchSuite = {
  name: 'dedup',
  async run(log) {
    const sizes = (process.env.SUTURE_BENCH_DEDUP_SIZES ?? '10000,100000,1000000').split(',').map(Number)
    const times: number[] = []
    const cpuTimes: number[] = []
    const load = os.loadavg()[0] ?? 0
    log(
      `load average ${load.toFixed(1)} on ${os.cpus().length} cores (wall times stretch when the machine is shared)`,
    )
    for (const size of sizes) {
      const generated = generateSignals({
        signals: size,
        problems: Math.max(50, Math.round(size / 200)),
        seed: 1,
      })
      const signals = generated.map((g) => g.signal)
      const { value: result, ms, cpuMs } = timed(() => clusterSignals(signals))
      times.push(ms)
      cpuTimes.push(cpuMs)
      const precision = pairwiseScores(
        Array.from(result.clusterIndex, String),
        generated.map((g) => String(g.problem)),
      ).precision
      log(
        `blocked  n=${size.toLocaleString('en')}: ${seconds(ms)} wall, ${seconds(cpuMs)} CPU, ` +
          `${result.stats.comparisons.toLocaleString('en')} comparisons, ${result.clusters.length.toLocaleString('en')} clusters, ` +
          `pairwise precision ${precision.toFixed(4)}, peak RSS ${peakRssMb().toFixed(0)} MB`,
      )
    }
    for (let i = 1; i < sizes.length; i++) {
      const growth = (times[i] as number) / (times[i - 1] as number)
      const cpuGrowth = (cpuTimes[i] as number) / (cpuTimes[i - 1] as number)
      const sizeRatio = (sizes[i] as number) / (sizes[i - 1] as number)
      log(
        `growth ${sizes[i - 1]}→${sizes[i]}: wall ×${growth.toFixed(2)}, CPU ×${cpuGrowth.toFixed(2)} for ×${sizeRatio} signals`,
      )
    }
    // The baseline, measured in this run: all pairs at a size it can finish, extrapolated quadratically.
    const naiveSize = Number(process.env.SUTURE_BENCH_DEDUP_NAIVE ?? 10_000)
    const naiveSignals = generateSignals({
      signals: naiveSize,
      problems: Math.round(naiveSize / 200),
      seed: 1,
    }).map((g) => g.signal)
    const naive = timed(() => allPairs(naiveSignals))
    const blockedSame = timed(() => clusterSignals(naiveSignals))
    log(
      `all-pairs n=${naiveSize.toLocaleString('en')}: ${seconds(naive.ms)} wall, ${seconds(naive.cpuMs)} CPU ` +
        `(${naive.value.toLocaleString('en')} comparisons) vs blocked ${seconds(blockedSame.ms)} wall, ` +
        `${seconds(blockedSame.cpuMs)} CPU = ×${(naive.cpuMs / blockedSame.cpuMs).toFixed(1)} slower (CPU)`,
    )
    for (const size of sizes.filter((s) => s > naiveSize)) {
      const projected = naive.cpuMs * (size / naiveSize) ** 2
      const blocked = cpuTimes[sizes.indexOf(size)] as number
      log(
        `all-pairs n=${size.toLocaleString('en')} (extrapolated ×n²): ~${seconds(projected)} CPU vs blocked ${seconds(blocked)} CPU = ×${(projected / blocked).toFixed(0)}`,
      )
    }
  },
}
