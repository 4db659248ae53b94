import { describe, expect, it } from 'vitest'
import {
  aucDifferenceInterval,
  calibrationTable,
  delongAuc,
  delongDifference,
  quantileEdges,
  rocAuc,
} from './metrics.js'

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 for all ties', () => {
    expect(rocAuc([1, 2, 3, 4], [false, false, true, true])).toBe(1)
    expect(rocAuc([4, 3, 2, 1], [false, false, true, true])).toBe(0)
    expect(rocAuc([1, 1, 1, 1], [false, true, false, true])).toBe(0.5)
  })

  it('matches the pairwise definition', () => {
    const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.2, 0.9]
    const labels = [false, false, true, true, true, false, false]
    let wins = 0
    let pairs = 0
    for (let i = 0; i < scores.length; i++)
      for (let j = 0; j < scores.length; j++)
        if (labels[i] && !labels[j]) {
          pairs++
          const a = scores[i] as number
          const b = scores[j] as number
          wins += a > b ? 1 : a === b ? 0.5 : 0
        }
    expect(rocAuc(scores, labels)).toBeCloseTo(wins / pairs, 12)
  })
})

describe('calibrationTable', () => {
  it('counts each score once, the top edge included in the last band', () => {
    const rows = calibrationTable([0, 1, 5, 10, 10], [false, true, true, true, false], [0, 5, 10])
    expect(rows.map((r) => [r.count, r.positives])).toEqual([
      [2, 1],
      [3, 2],
    ])
  })

  it('quantile edges cover the whole range', () => {
    const edges = quantileEdges([5, 1, 3, 9, 7], 2)
    expect(edges[0]).toBe(1)
    expect(edges.at(-1)).toBe(9)
  })
})

describe('aucDifferenceInterval', () => {
  it('brackets the observed difference', () => {
    const labels = Array.from({ length: 200 }, (_, i) => i % 3 === 0)
    const good = labels.map((l, i) => (l ? 1 : 0) + (i % 7) / 10)
    const noise = labels.map((_, i) => (i * 37) % 11)
    const { difference, low, high } = aucDifferenceInterval(good, noise, labels)
    expect(low).toBeLessThanOrEqual(difference)
    expect(high).toBeGreaterThanOrEqual(difference)
    expect(low).toBeGreaterThan(0)
  })
})

describe('DeLong', () => {
  it('gives the hand-computed AUC and standard error on a small example', () => {
    // Positives 0.9, 0.8; negatives 0.7, 0.85. V10 = [1, 0.5], V01 = [1, 0.5]: AUC 0.75,
    // variance 0.125 / 2 + 0.125 / 2 = 0.125.
    const r = delongAuc([0.9, 0.8, 0.7, 0.85], [true, true, false, false])
    expect(r.auc).toBe(0.75)
    expect(r.se).toBeCloseTo(Math.sqrt(0.125), 12)
    expect(r.low).toBe(Math.max(0, 0.75 - 1.96 * Math.sqrt(0.125)))
    expect(r.high).toBe(1)
  })

  it('agrees with rocAuc, ties included', () => {
    const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.2, 0.9, 0.4]
    const labels = [false, false, true, true, true, false, false, true]
    expect(delongAuc(scores, labels).auc).toBeCloseTo(rocAuc(scores, labels), 12)
  })

  it('finds no difference between a score and itself, and a clear one against noise', () => {
    const labels = Array.from({ length: 400 }, (_, i) => i % 3 === 0)
    const good = labels.map((l, i) => (l ? 1 : 0) + ((i * 7919) % 101) / 60)
    const noise = labels.map((_, i) => ((i * 104729) % 97) / 97)
    const same = delongDifference(good, good, labels)
    expect(same.difference).toBe(0)
    expect(same.p).toBe(1)
    const clear = delongDifference(good, noise, labels)
    expect(clear.low).toBeGreaterThan(0)
    expect(clear.p).toBeLessThan(0.001)
    expect(delongDifference(noise, good, labels).high).toBeLessThan(0)
  })

  it('is NaN when a class is empty', () => {
    expect(delongAuc([1, 2], [true, true]).auc).toBeNaN()
    expect(delongDifference([1, 2], [2, 1], [false, false]).p).toBeNaN()
  })
})
