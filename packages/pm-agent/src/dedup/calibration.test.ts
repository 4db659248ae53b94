import { seededRandom } from '@suture/envelope'
import { describe, expect, it } from 'vitest'
import {
  CalibrationError,
  DEFAULT_LINK_CALIBRATION,
  daysApart,
  fitPairCalibration,
  linkProbability,
} from './calibration.js'

/** Labelled pairs drawn from a known calibration. */
function draw(n: number, truth: { intercept: number; slope: number; gapSlope: number }, seed: number) {
  const random = seededRandom(seed)
  return Array.from({ length: n }, () => {
    const score = 0.3 + 0.7 * random()
    const days = Math.floor(random() * 400)
    const z = truth.intercept + truth.slope * score + truth.gapSlope * Math.log1p(days)
    return { score, days, duplicate: random() < 1 / (1 + Math.exp(-z)) }
  })
}

describe('pair calibration', () => {
  it('recovers the calibration that generated the links', () => {
    const truth = { intercept: -1, slope: 3, gapSlope: -0.5 }
    const fitted = fitPairCalibration(draw(6000, truth, 1), 0.001)
    expect(fitted.intercept).toBeCloseTo(truth.intercept, 0)
    expect(fitted.slope).toBeCloseTo(truth.slope, 0)
    expect(Math.abs(fitted.gapSlope - truth.gapSlope)).toBeLessThan(0.15)
  })

  it('stays monotone: a score that runs backwards is dropped, leaving a flat probability', () => {
    const backwards = draw(3000, { intercept: 1, slope: -3, gapSlope: 0 }, 2)
    const fitted = fitPairCalibration(backwards)
    expect(fitted.slope).toBe(0)
    expect(fitted.gapSlope).toBeLessThanOrEqual(0)
    const rate = backwards.filter((p) => p.duplicate).length / backwards.length
    const flat = linkProbability({ ...DEFAULT_LINK_CALIBRATION, semantics: fitted }, 'semantics', 0.9)
    expect(flat).toBeCloseTo(rate, 1)
  })

  it('fits a density term, and drops one that runs backwards', () => {
    const random = seededRandom(3)
    const pairs = (densitySlope: number) =>
      Array.from({ length: 6000 }, () => {
        const score = 0.3 + 0.7 * random()
        const density = 0.05 + 0.3 * random()
        const z = -1 + 2 * score + densitySlope * density
        return { score, days: 0, density, duplicate: random() < 1 / (1 + Math.exp(-z)) }
      })
    const fitted = fitPairCalibration(pairs(-6), 0.001)
    expect(Math.abs((fitted.densitySlope as number) + 6)).toBeLessThan(1)
    expect(fitted.slope).toBeCloseTo(2, 0)
    const calibration = { ...DEFAULT_LINK_CALIBRATION, semantics: fitted }
    const crowded = linkProbability(calibration, 'semantics', 0.5, 0, 0.3)
    const quiet = linkProbability(calibration, 'semantics', 0.5, 0, 0.1)
    expect(quiet).toBeGreaterThan(crowded)
    const backwards = fitPairCalibration(pairs(6))
    expect(backwards.densitySlope).toBe(0)
    expect(backwards.slope).toBeGreaterThan(0)
  })

  it('reads a calibration without a density term as density not counting', () => {
    const old = { ...DEFAULT_LINK_CALIBRATION, semantics: { intercept: -1, slope: 0, gapSlope: -0.3 } }
    expect(linkProbability(old, 'semantics', 0.5, 7, 0.4)).toBe(linkProbability(old, 'semantics', 0.5, 7, 0))
  })

  it('says what to pass when there is nothing to fit', () => {
    expect(() => fitPairCalibration([])).toThrow(CalibrationError)
    expect(() => fitPairCalibration([])).toThrow(/pass the links with their true answers/)
  })

  it('gives a lower probability to text-only links further apart in time, and none outside 0–1', () => {
    const sameDay = linkProbability(DEFAULT_LINK_CALIBRATION, 'semantics', 0.5, 0)
    const yearApart = linkProbability(DEFAULT_LINK_CALIBRATION, 'semantics', 0.5, 365)
    expect(sameDay).toBeGreaterThan(yearApart)
    for (const signal of ['semantics', 'stack', 'structure'] as const) {
      for (const score of [0, 0.5, 1]) {
        const p = linkProbability(DEFAULT_LINK_CALIBRATION, signal, score, 10)
        expect(p).toBeGreaterThan(0)
        expect(p).toBeLessThan(1)
      }
    }
  })

  it('counts days apart, and none when a date is missing or unreadable', () => {
    expect(daysApart('2026-03-01T00:00:00Z', '2026-03-08T12:00:00Z')).toBe(7.5)
    expect(daysApart('2026-03-08T12:00:00Z', '2026-03-01T00:00:00Z')).toBe(7.5)
    expect(daysApart(undefined, '2026-03-01T00:00:00Z')).toBe(0)
    expect(daysApart('yesterday', '2026-03-01T00:00:00Z')).toBe(0)
  })
})
