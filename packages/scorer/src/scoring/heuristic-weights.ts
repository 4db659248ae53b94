/**
 * The heuristic scorer's weights, in points on the 0–10 scale. Each is a judgement a product person can
 * argue with; the README explains them and the evaluation on real sessions that checked them.
 */
export const HEURISTIC_WEIGHTS = {
  /** No evidence either way: a passive-to-detractor 4; engagement has to earn the rest. */
  base: 4,
  /** Reached a goal/conversion event: the most direct evidence they got what they came for. */
  goal: 3,
  /** Per doubling of engaged minutes (gaps capped at 2 min), up to `engagedMax` (~20 min): time is interest. */
  engagedPerDoubling: 0.45,
  engagedMax: 2,
  /** Per doubling of distinct pages, up to `depthMax` (~32 pages): going deeper means the product kept them. */
  depthPerDoubling: 0.25,
  depthMax: 1.25,
  /** Per extra product area used (first path segment), up to `breadthMax`: breadth beats pogo-sticking. */
  breadthPerArea: 0.6,
  breadthMax: 1.2,
  /** Pages read at a human pace (20–150 s each), neither skimmed nor left in a background tab. */
  focusedPace: 0.5,
  focusedPaceSeconds: [20, 150] as const,
  /** One page, no interaction, no goal: they did not find what they came for. */
  bounce: -2,
  /** Each error the user never got past (up to 2 counted), and each they recovered from (up to 2). */
  unrecoveredError: -1.5,
  recoveredError: -0.5,
  errorsCounted: 2,
  /** The session ended right after an unrecovered error: the classic "error, then gone". */
  leftAfterError: -1.5,
  /** Rage clicks are frustration made visible; dead clicks are milder confusion. */
  rageClick: -0.75,
  rageClickMax: -2.25,
  deadClick: -0.25,
  deadClickMax: -1,
  /** An explicit 0–10 rating is the answer NPS asks for; behaviour still counts for the rest. */
  ratingShare: 0.6,
} as const
