import {
  clusterSignals,
  compare,
  DEFAULT_THRESHOLDS,
  generateSignals,
  pairwiseScores,
  prepareSignals,
  type Signal,
  verdict,
} from '../../packages/pm-agent/src/index.js'
import type { BenchSuite } from '../suite.js'

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now()
  const value = fn()
  return { value, ms: performance.now() - start }
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
    for (const size of sizes) {
      const generated = generateSignals({
        signals: size,
        problems: Math.max(50, Math.round(size / 200)),
        seed: 1,
      })
      const signals = generated.map((g) => g.signal)
      const heapBefore = process.memoryUsage().heapUsed
      const { value: result, ms } = timed(() => clusterSignals(signals))
      const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6
      times.push(ms)
      const precision = pairwiseScores(
        Array.from(result.clusterIndex, String),
        generated.map((g) => String(g.problem)),
      ).precision
      log(
        `blocked  n=${size.toLocaleString('en')}: ${seconds(ms)}, ${result.stats.comparisons.toLocaleString('en')} comparisons, ` +
          `${result.clusters.length.toLocaleString('en')} clusters, pairwise precision ${precision.toFixed(4)}, heap +${heapMb.toFixed(0)} MB`,
      )
    }
    for (let i = 1; i < sizes.length; i++) {
      const growth = (times[i] as number) / (times[i - 1] as number)
      const sizeRatio = (sizes[i] as number) / (sizes[i - 1] as number)
      log(`growth ${sizes[i - 1]}→${sizes[i]}: time ×${growth.toFixed(2)} for ×${sizeRatio} signals`)
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
      `all-pairs n=${naiveSize.toLocaleString('en')}: ${seconds(naive.ms)} (${naive.value.toLocaleString('en')} comparisons) ` +
        `vs blocked ${seconds(blockedSame.ms)} = ×${(naive.ms / blockedSame.ms).toFixed(1)} slower`,
    )
    for (const size of sizes.filter((s) => s > naiveSize)) {
      const projected = naive.ms * (size / naiveSize) ** 2
      const blocked = times[sizes.indexOf(size)] as number
      log(
        `all-pairs n=${size.toLocaleString('en')} (extrapolated ×n²): ~${seconds(projected)} vs blocked ${seconds(blocked)} = ×${(projected / blocked).toFixed(0)}`,
      )
    }
  },
}
