/** NPS buckets of implied 0–10 scores: 0–6 detractors, 7–8 passives, 9–10 promoters. */
export interface NpsBucketCounts {
  readonly detractors: number
  readonly passives: number
  readonly promoters: number
  readonly total: number
  readonly averageScore: number
}

export type NpsBucket = 'detractor' | 'passive' | 'promoter'

/**
 * The bucket of one implied score. Scores are rounded first (an 8.6 is a 9, a promoter), the way the
 * dashboard's SQL (`round(score)`) and every other reader counts them: one rule, one number everywhere.
 */
export function npsBucket(score: number): NpsBucket {
  const rounded = Math.round(score)
  return rounded >= 9 ? 'promoter' : rounded >= 7 ? 'passive' : 'detractor'
}

/** Bucket counts of a list of scores. */
export function npsBuckets(scores: readonly number[]): NpsBucketCounts {
  let detractors = 0
  let passives = 0
  let promoters = 0
  let sum = 0
  for (const score of scores) {
    sum += score
    const bucket = npsBucket(score)
    if (bucket === 'promoter') promoters++
    else if (bucket === 'passive') passives++
    else detractors++
  }
  return {
    detractors,
    passives,
    promoters,
    total: scores.length,
    averageScore: scores.length ? sum / scores.length : 0,
  }
}

/** `NPS = % promoters − % detractors`, −100…100 rounded; undefined without sessions. */
export function netPromoterScore(counts: NpsBucketCounts): number | undefined {
  if (counts.total === 0) return undefined
  return Math.round(((counts.promoters - counts.detractors) / counts.total) * 100)
}

/**
 * The implied NPS of a list of session scores (one per session), as the dashboard and the digest show it.
 *
 * @example
 * impliedNps([9.4, 8.6, 6.2]) // 33: two promoters, one detractor
 */
export function impliedNps(scores: readonly number[]): number | undefined {
  return netPromoterScore(npsBuckets(scores))
}
