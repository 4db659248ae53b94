import { z } from 'zod'

/** What retention applies to. Clusters, tickets, validations, outcomes and digests have no window. */
export const RETENTION_KINDS = ['envelopes', 'sessionEvents', 'sessions', 'scores', 'jobRuns'] as const
export type RetentionKind = (typeof RETENTION_KINDS)[number]

/** Days each kind is kept; `null` keeps it forever. */
export type RetentionWindows = Readonly<Record<RetentionKind, number | null>>

/**
 * Raw events and envelopes go after 90 days: the weekly triage reads one week plus a few before it for
 * trends, and validation compares weeks around a release. Sessions and their scores stay two years:
 * the digest's NPS trend and the scorer's calibration read them by week, long after the raw events are
 * gone. Job runs stay 180 days (they are the ledger that keeps a day's run from running twice).
 */
export const DEFAULT_RETENTION: RetentionWindows = {
  envelopes: 90,
  sessionEvents: 90,
  sessions: 730,
  scores: 730,
  jobRuns: 180,
}

const days = z.number().int().positive().max(36_500).nullable()
const windowsSchema = z
  .object({
    envelopes: days,
    sessionEvents: days,
    sessions: days,
    scores: days,
    jobRuns: days,
  })
  .partial()
  .strict()

/** Defaults for every project, with per-project overrides (by project id). */
export const retentionPolicySchema = z
  .object({
    defaults: windowsSchema.default({}),
    projects: z.record(z.string().min(1), windowsSchema).default({}),
  })
  .strict()

export type RetentionPolicyInput = z.input<typeof retentionPolicySchema>

export interface RetentionPolicy {
  readonly defaults: RetentionWindows
  readonly projects: Readonly<Record<string, { readonly [K in RetentionKind]?: number | null | undefined }>>
}

/**
 * A policy from partial input: unset kinds take {@link DEFAULT_RETENTION}.
 * @example
 * retentionPolicy({ projects: { web: { envelopes: 30 } } }).defaults.envelopes // 90
 */
export function retentionPolicy(input: RetentionPolicyInput = {}): RetentionPolicy {
  const parsed = retentionPolicySchema.parse(input)
  const defaults = { ...DEFAULT_RETENTION }
  for (const kind of RETENTION_KINDS) {
    const value = parsed.defaults[kind]
    if (value !== undefined) defaults[kind] = value
  }
  return { defaults, projects: parsed.projects }
}

/** The window for one project and kind. */
export function windowFor(
  policy: RetentionPolicy,
  projectId: string | null,
  kind: RetentionKind,
): number | null {
  const override = projectId === null ? undefined : policy.projects[projectId]?.[kind]
  return override === undefined ? policy.defaults[kind] : override
}
