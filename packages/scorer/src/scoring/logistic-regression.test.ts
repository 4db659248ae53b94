import { seededRandom } from '@suture/envelope'
import { describe, expect, it } from 'vitest'
import {
  crossValidateLogistic,
  fitLogistic,
  LogisticFitError,
  logisticLogit,
  stratifiedFolds,
} from './logistic-regression.js'
import { rocAuc } from './metrics.js'

/** Rows drawn from a known model: logit = −1 + 2·x₀ − 1·x₁, x₂ pure noise, x₃ constant. */
function synthetic(n: number, seed: number) {
  const r = seededRandom(seed)
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r())
  const rows: number[][] = []
  const labels: boolean[] = []
  for (let i = 0; i < n; i++) {
    const row = [normal(), normal(), normal(), 7]
    const logit = -1 + 2 * (row[0] as number) - (row[1] as number)
    rows.push(row)
    labels.push(r() < 1 / (1 + Math.exp(-logit)))
  }
  return { rows, labels }
}

const NAMES = ['signal', 'negative signal', 'noise', 'constant']

describe('logistic regression', () => {
  it('recovers the coefficients of the model that generated the data', () => {
    const { rows, labels } = synthetic(4000, 7)
    const model = fitLogistic(NAMES, rows, labels, { l2: 0.01 })
    // Features are standard normal already, so standardised coefficients ≈ the true ones.
    expect(model.weights[0]).toBeCloseTo(2, 0)
    expect(model.weights[1]).toBeCloseTo(-1, 0)
    expect(Math.abs(model.weights[2] as number)).toBeLessThan(0.15)
    expect(model.weights[3]).toBe(0)
    expect(model.scales[3]).toBe(0)
    expect(model.intercept).toBeCloseTo(-1, 0)
  })

  it('reproduces the log-odds of each group for one binary feature (the closed form)', () => {
    // Group x=1: 30 of 40 positive; group x=0: 10 of 60 positive.
    const rows = [...Array.from({ length: 40 }, () => [1]), ...Array.from({ length: 60 }, () => [0])]
    const labels = [...rows.slice(0, 40).map((_, i) => i < 30), ...rows.slice(40).map((_, i) => i < 10)]
    const model = fitLogistic(['x'], rows, labels, { l2: 1e-9 })
    expect(logisticLogit(model, [1])).toBeCloseTo(Math.log(30 / 10), 6)
    expect(logisticLogit(model, [0])).toBeCloseTo(Math.log(10 / 50), 6)
  })

  it('shrinks coefficients towards 0 as the L2 penalty grows', () => {
    const { rows, labels } = synthetic(500, 3)
    const loose = fitLogistic(NAMES, rows, labels, { l2: 0.01 })
    const tight = fitLogistic(NAMES, rows, labels, { l2: 1000 })
    expect(Math.abs(tight.weights[0] as number)).toBeLessThan(Math.abs(loose.weights[0] as number) / 2)
  })

  it('says what to pass when rows and labels do not match', () => {
    expect(() => fitLogistic(['x'], [[1], [2]], [true])).toThrow(LogisticFitError)
    expect(() => fitLogistic(['x'], [], [])).toThrow(/one label per row/)
  })

  it('deals stratified folds: each has the outcome rate of the whole', () => {
    const labels = Array.from({ length: 1000 }, (_, i) => i % 5 === 0)
    const folds = stratifiedFolds(labels, 10, 1)
    for (let f = 0; f < 10; f++) {
      const members = labels.filter((_, i) => folds[i] === f)
      expect(members).toHaveLength(100)
      expect(members.filter(Boolean)).toHaveLength(20)
    }
    expect(stratifiedFolds(labels, 10, 1)).toEqual(folds)
  })

  it('scores each row out of fold: the out-of-fold AUC is close to, and not above, the in-sample one', () => {
    const { rows, labels } = synthetic(1000, 11)
    const cv = crossValidateLogistic(NAMES, rows, labels, { folds: 5 })
    const inSample = rows.map((row) => logisticLogit(cv.model, row))
    const outOfFold = rocAuc([...cv.scores], labels)
    expect(outOfFold).toBeGreaterThan(0.8)
    expect(outOfFold).toBeLessThanOrEqual(rocAuc(inSample, labels) + 1e-9)
  })
})
