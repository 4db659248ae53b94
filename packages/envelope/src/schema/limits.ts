/**
 * Upper bounds on everything a client can send. Oversized strings and lists are cut to these sizes
 * instead of rejecting the whole envelope: a 10 MB error message is still a real error.
 */
/** The most breadcrumbs an envelope keeps (the SDK's buffer is capped here; its own export so a browser bundle takes just this number). */
export const MAX_BREADCRUMBS = 100

export const LIMITS = {
  id: 64,
  shortText: 200,
  label: 300,
  message: 8_192,
  feedbackText: 4_000,
  url: 2_048,
  componentStack: 8_192,
  breadcrumbs: MAX_BREADCRUMBS,
  frames: 100,
  /** Source lines kept either side of a symbolicated frame's line, and the length each is cut to. */
  contextLines: 5,
  contextLine: 300,
  flags: 100,
  tags: 50,
  dataKeys: 20,
  eventProperties: 100,
  batch: 100,
} as const
