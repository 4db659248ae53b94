import { describe, expect, it } from 'vitest'
import { impliedNps, npsBucket, npsBuckets } from './implied-nps.js'

describe('implied NPS', () => {
  it('rounds scores before bucketing: 8.6 is a promoter, 6.5 a passive, 6.4 a detractor', () => {
    expect([8.6, 8.4, 6.5, 6.4, 10, 0].map(npsBucket)).toEqual([
      'promoter',
      'passive',
      'passive',
      'detractor',
      'promoter',
      'detractor',
    ])
  })
  it('is % promoters − % detractors, rounded, undefined without scores', () => {
    expect(impliedNps([9.4, 8.6, 6.2])).toBe(33)
    expect(impliedNps([])).toBeUndefined()
    expect(npsBuckets([7, 9]).averageScore).toBe(8)
  })
})
