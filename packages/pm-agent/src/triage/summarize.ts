import type { Cluster, ClusterResult } from '../dedup/cluster.js'
import type { Signal } from '../dedup/signal.js'
import { frameKeys } from '../dedup/stack.js'

/** The counts and facts of one cluster that priority, safety and the ticket read. */
export interface ClusterFacts {
  readonly members: readonly Signal[]
  readonly users: ReadonlySet<string>
  readonly sessions: ReadonlySet<string>
  /** Signals with neither session nor user: each counts as one session of its own. */
  readonly anonymous: number
  readonly workspaces: ReadonlySet<string>
  readonly routes: readonly string[]
  readonly route?: string | undefined
  readonly fingerprints: readonly string[]
  readonly releases: readonly string[]
  readonly days: number
  readonly firstSeen: string
  readonly lastSeen: string
  readonly title: string
  readonly text?: string | undefined
  readonly errorType?: string | undefined
  readonly message?: string | undefined
  readonly boundary?: string | undefined
  readonly attempting?: string | undefined
  /** In-app frame files (for the safety filter and code pointers). */
  readonly files: readonly string[]
}

/** Values by how often they occur, most common first (ties by value). */
export function byFrequency(values: readonly (string | undefined)[]): string[] {
  const counts = new Map<string, number>()
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v)
}

/**
 * A title that fits `max` characters, cut only between words and never inside a parenthesis or quote
 * (`Cannot read properties of undefined (reading 'em…` reads as a different error). Readers wrap it.
 */
export function clipTitle(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= max) return flat
  let cut = flat.lastIndexOf(' ', max - 1)
  if (cut <= 0) cut = max - 1
  let head = flat.slice(0, cut)
  // Back out of an unclosed bracket or quote: keep the text before it whole.
  for (;;) {
    const open = head.lastIndexOf('(')
    const unclosed = open >= 0 && head.indexOf(')', open) < 0
    const quotes = (head.match(/'/g) ?? []).length
    if (unclosed) head = head.slice(0, open)
    else if (quotes % 2 === 1) head = head.slice(0, head.lastIndexOf("'"))
    else break
  }
  head = head.replace(/[\s:,;(]+$/, '')
  return `${head.length > 0 ? head : flat.slice(0, max - 1)}…`
}

export function sessionCount(facts: ClusterFacts): number {
  return facts.sessions.size + facts.anonymous
}

export function clusterFacts(
  cluster: Cluster,
  signals: readonly Signal[],
  fallbackTime: string,
): ClusterFacts {
  const members = cluster.members.map((m) => signals[m] as Signal)
  const users = new Set<string>()
  const sessions = new Set<string>()
  const workspaces = new Set<string>()
  const days = new Set<string>()
  let anonymous = 0
  let first = Number.POSITIVE_INFINITY
  let last = Number.NEGATIVE_INFINITY
  const files: string[] = []
  for (const m of members) {
    if (m.userId) users.add(m.userId)
    if (m.sessionId) sessions.add(m.sessionId)
    else if (!m.userId) anonymous++
    if (m.workspaceId) workspaces.add(m.workspaceId)
    const t = m.createdAt ? Date.parse(m.createdAt) : Number.NaN
    if (!Number.isNaN(t)) {
      first = Math.min(first, t)
      last = Math.max(last, t)
      days.add(new Date(t).toISOString().slice(0, 10))
    }
    const marked = m.frames?.some((f) => f.inApp === true) ?? false
    for (const f of m.frames ?? []) if (f.file && (!marked || f.inApp === true)) files.push(f.file)
  }
  const fingerprints = byFrequency(members.map((m) => m.fingerprint))
  const errors = members.filter((m) => m.kind === 'error')
  const dominantError = errors.find((e) => e.fingerprint === fingerprints[0]) ?? errors[0]
  const earliest = members[0] as Signal
  const text = dominantError?.text ?? earliest.text ?? earliest.title
  const title = dominantError
    ? clipTitle(`${dominantError.errorType ?? 'Error'}: ${dominantError.text ?? ''}`, 160)
    : clipTitle(
        `${earliest.kind === 'session' ? 'Low-scored sessions' : 'Feedback'}${earliest.route ? ` on ${earliest.route}` : ''}: ${text ?? ''}`,
        160,
      )
  const routes = byFrequency(members.map((m) => m.route))
  const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : fallbackTime)
  return {
    members,
    users,
    sessions,
    anonymous,
    workspaces,
    routes,
    route: routes[0],
    fingerprints,
    releases: byFrequency(members.map((m) => m.release)),
    days: days.size,
    firstSeen: iso(first),
    lastSeen: iso(last),
    title,
    text,
    errorType: dominantError?.errorType,
    message: dominantError?.text ?? (errors.length === 0 ? text : undefined),
    boundary: byFrequency(members.map((m) => m.boundary))[0],
    attempting: byFrequency(members.map((m) => m.attempting))[0],
    files: byFrequency(files),
  }
}

/** For each cluster, the clusters its needs-confirmation links point at. */
export function linkedClusters(result: ClusterResult): Map<number, Set<number>> {
  const indexOf = new Map(result.clusters.map((c, i) => [c.id, i]))
  const linked = new Map<number, Set<number>>()
  for (const link of result.links) {
    const a = indexOf.get(link.clusterA)
    const b = indexOf.get(link.clusterB)
    if (a === undefined || b === undefined) continue
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      let set = linked.get(x)
      if (!set) {
        set = new Set()
        linked.set(x, set)
      }
      set.add(y)
    }
  }
  return linked
}

/** The newest in-app frames of a cluster's most common error, for code pointers. */
export function representativeFrames(facts: ClusterFacts): readonly NonNullable<Signal['frames']>[number][] {
  const errors = facts.members.filter((m) => m.kind === 'error' && (m.frames?.length ?? 0) > 0)
  const top = byFrequency(errors.map((e) => frameKeys(e.frames)[0]))[0]
  const chosen = errors.find((e) => frameKeys(e.frames)[0] === top) ?? errors[0]
  return chosen?.frames ?? []
}
