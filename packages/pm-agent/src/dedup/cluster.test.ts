import { describe, expect, it } from 'vitest'
import { clusterSignals } from './cluster.js'
import { bcubedScores, pairwiseScores } from './evaluate.js'
import type { Signal } from './signal.js'
import { generateSignals } from './synthetic.js'

const frames = (names: string[]) => names.map((n) => ({ function: n, file: `src/${n}.ts`, inApp: true }))

const base: Signal = {
  id: 'a',
  kind: 'error',
  title: "TypeError: Cannot read properties of undefined (reading 'email')",
  text: "Cannot read properties of undefined (reading 'email')",
  route: '/settings/members',
  errorType: 'TypeError',
  boundary: 'MembersPage',
  frames: frames(['renderInvite', 'MembersTable', 'SettingsPage']),
}

describe('clusterSignals: two of three signals', () => {
  it('merges when structure, text and stack all agree', () => {
    const result = clusterSignals([base, { ...base, id: 'b' }])
    expect(result.clusters).toHaveLength(1)
    expect(result.clusters[0]?.evidence).toEqual({ 'structure+semantics+stack': 1 })
  })

  it('merges on stack + text when the route differs (2 of 3)', () => {
    const result = clusterSignals([base, { ...base, id: 'b', route: '/admin/members' }])
    expect(result.clusters).toHaveLength(1)
    expect(result.clusters[0]?.evidence).toEqual({ 'semantics+stack': 1 })
  })

  it('merges on structure + stack when the message differs (2 of 3)', () => {
    const other = { ...base, id: 'b', title: 'TypeError: x is not a function', text: 'x is not a function' }
    const result = clusterSignals([base, other])
    expect(result.clusters).toHaveLength(1)
    expect(result.clusters[0]?.evidence).toEqual({ 'structure+stack': 1 })
  })

  it('only links when exactly one signal agrees (1 of 3)', () => {
    const other: Signal = {
      ...base,
      id: 'b',
      route: '/billing',
      boundary: 'BillingPage',
      title: 'TypeError: x is not a function',
      text: 'x is not a function',
    }
    const result = clusterSignals([base, other])
    expect(result.clusters).toHaveLength(2)
    expect(result.links).toHaveLength(1)
    expect(result.links[0]).toMatchObject({ a: 'a', b: 'b', signal: 'stack' })
  })

  it('links feedback to an error on the same route without merging (only structure can vote)', () => {
    const feedback: Signal = {
      id: 'f',
      kind: 'feedback',
      text: 'The invite button does nothing',
      route: '/settings/members',
    }
    const result = clusterSignals([base, feedback])
    expect(result.clusters).toHaveLength(2)
    expect(result.links[0]?.signal).toBe('structure')
  })

  it('never merges text-only records, however similar: they get a link', () => {
    const a: Signal = {
      id: 'a',
      kind: 'record',
      title: 'Saving the invoice fails',
      text: 'Clicking save on an invoice shows an error',
    }
    const result = clusterSignals([a, { ...a, id: 'b' }])
    expect(result.clusters).toHaveLength(2)
    expect(result.links[0]).toMatchObject({ signal: 'semantics', score: 1 })
  })

  it('merges text-only records when textAlone is configured and met', () => {
    const a: Signal = { id: 'a', kind: 'record', title: 'Saving the invoice fails' }
    const result = clusterSignals([a, { ...a, id: 'b' }], { thresholds: { textAlone: 0.9 } })
    expect(result.clusters).toHaveLength(1)
    expect(result.clusters[0]?.evidence).toEqual({ 'text-alone': 1 })
  })

  it('respects human answers: "different" blocks a merge and its link, "same" merges', () => {
    const twin = { ...base, id: 'b' }
    const blocked = clusterSignals([base, twin], { decisions: [{ a: 'b', b: 'a', answer: 'different' }] })
    expect(blocked.clusters).toHaveLength(2)
    expect(blocked.links).toHaveLength(0)
    const unrelated: Signal = { id: 'z', kind: 'record', title: 'Something else entirely' }
    const joined = clusterSignals([base, unrelated], { decisions: [{ a: 'a', b: 'z', answer: 'same' }] })
    expect(joined.clusters).toHaveLength(1)
    expect(joined.clusters[0]?.evidence).toEqual({ human: 1 })
  })

  it('keeps a "different" answer even when a third record would chain the two together', () => {
    const c = { ...base, id: 'c' }
    const result = clusterSignals([base, { ...base, id: 'b' }, c], {
      decisions: [{ a: 'a', b: 'c', answer: 'different' }],
    })
    const clusterOf = (id: string) => result.clusters.findIndex((cl) => cl.memberIds.includes(id))
    expect(clusterOf('a')).not.toBe(clusterOf('c'))
  })

  it('names clusters by their earliest member', () => {
    const early = { ...base, id: 'late-id', createdAt: '2026-11-20T00:00:00Z' }
    const late = { ...base, id: 'early-id', createdAt: '2026-11-21T00:00:00Z' }
    expect(clusterSignals([late, early]).clusters[0]?.id).toBe('late-id')
  })
})

describe('clusterSignals on generated signals with known truth', () => {
  it('recovers the problems with high precision', () => {
    const generated = generateSignals({ signals: 5000, problems: 300, seed: 7 })
    const result = clusterSignals(generated.map((g) => g.signal))
    const predicted = Array.from(result.clusterIndex, String)
    const truth = generated.map((g) => String(g.problem))
    const pairwise = pairwiseScores(predicted, truth)
    const bcubed = bcubedScores(predicted, truth)
    expect(pairwise.precision).toBeGreaterThan(0.99)
    expect(bcubed.precision).toBeGreaterThan(0.99)
    // Feedback carries no stack, so it only links; the errors themselves must come together.
    expect(bcubed.recall).toBeGreaterThan(0.6)
    expect(result.stats.comparisons).toBeLessThan((5000 * 4999) / 2 / 50)
  })
})
