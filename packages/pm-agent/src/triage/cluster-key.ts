import { createHash } from 'node:crypto'
import { matchExistingTickets } from '../dedup/match-tickets.js'
import type { Signal } from '../dedup/signal.js'
import { tokenize } from '../dedup/text.js'
import type { PastCluster } from './history.js'

function mostCommon(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>()
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0]
}

function digest(basis: string): string {
  return `c_${createHash('sha256').update(basis, 'utf8').digest('hex').slice(0, 16)}`
}

/**
 * A key for a cluster that does not depend on which member came first: the dominant stack fingerprint, or
 * for clusters without one the dominant route plus its three most frequent words (sorted).
 */
export function baseClusterKey(members: readonly Signal[]): string {
  const fingerprint = mostCommon(members.map((m) => m.fingerprint))
  if (fingerprint) return digest(`fp:${fingerprint}`)
  const route = mostCommon(members.map((m) => m.route)) ?? ''
  const counts = new Map<string, number>()
  for (const m of members) {
    const seen = new Set(tokenize([m.title, m.text].filter(Boolean).join(' ')).filter((t) => t.length >= 4))
    for (const t of seen) counts.set(t, (counts.get(t) ?? 0) + 1)
  }
  const words = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([w]) => w)
    .sort()
  return digest(`tx:${route}|${words.join(' ')}`)
}

export interface KeyedCluster {
  readonly members: readonly Signal[]
  readonly title: string
  readonly text?: string | undefined
  readonly fingerprints: readonly string[]
  readonly routes: readonly string[]
}

/**
 * Keys for this week's clusters that stay the same across weeks. A cluster sharing a fingerprint with an
 * earlier week's cluster takes that cluster's key (the most recent week, then the largest overlap); one
 * without fingerprints takes the key of an earlier cluster that two signals (route and text) match, by the
 * same rule as ticket matching. Otherwise the base key. When two clusters would share a key (a human said
 * "different"), the bigger one keeps it and the others get a suffix from their earliest member.
 */
export function assignClusterKeys(clusters: readonly KeyedCluster[], past: readonly PastCluster[]): string[] {
  const keys = clusters.map((cluster) => {
    let best: { key: string; week: string; overlap: number } | undefined
    for (const p of past) {
      const overlap = cluster.fingerprints.filter((f) => p.fingerprints.includes(f)).length
      if (overlap === 0) continue
      if (!best || p.week > best.week || (p.week === best.week && overlap > best.overlap))
        best = { key: p.key, week: p.week, overlap }
    }
    return best?.key
  })
  const textual = clusters
    .map((c, i) => ({ c, i }))
    .filter(({ c, i }) => keys[i] === undefined && c.fingerprints.length === 0)
  const pastTextual = past.filter((p) => p.fingerprints.length === 0)
  if (textual.length > 0 && pastTextual.length > 0) {
    const matches = matchExistingTickets(
      textual.map(({ c, i }) => ({ id: String(i), title: c.title, text: c.text, routes: c.routes })),
      pastTextual.map((p, j) => ({
        id: String(j),
        title: p.title,
        description: p.message ?? p.title,
        route: p.routes[0],
        status: 'open',
      })),
    )
    for (const match of matches) {
      if (match.match)
        keys[Number(match.clusterId)] = (pastTextual[Number(match.match.ticketId)] as PastCluster).key
    }
  }
  const chosen = clusters.map((c, i) => keys[i] ?? baseClusterKey(c.members))
  const order = clusters
    .map((_, i) => i)
    .sort((a, b) => (clusters[b]?.members.length ?? 0) - (clusters[a]?.members.length ?? 0) || a - b)
  const taken = new Set<string>()
  for (const i of order) {
    let key = chosen[i] as string
    if (taken.has(key))
      key = `${key}-${digest((clusters[i] as KeyedCluster).members[0]?.id ?? String(i)).slice(2, 10)}`
    taken.add(key)
    chosen[i] = key
  }
  return chosen
}
