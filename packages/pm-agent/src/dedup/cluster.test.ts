import { describe, expect, it } from 'vitest'
import { clusterSignals, NEIGHBOURHOOD } from './cluster.js'
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

  it('lets two agreeing signals overrule the model\'s "different", which only ends the question', () => {
    const twin = { ...base, id: 'b' }
    const model = 'model:claude-haiku-4-5'
    const merged = clusterSignals([base, twin], {
      decisions: [{ a: 'a', b: 'b', answer: 'different', decidedBy: model }],
    })
    expect(merged.clusters).toHaveLength(1)
    const unrelated: Signal = { id: 'z', kind: 'record', title: 'Something else entirely' }
    const joined = clusterSignals([base, unrelated], {
      decisions: [{ a: 'a', b: 'z', answer: 'same', decidedBy: model }],
    })
    expect(joined.clusters[0]?.evidence).toEqual({ model: 1 })
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

describe('the human-confirmation queue', () => {
  /** Text-only reports in pairs that share rare words: each pair gets a one-signal (semantics) link. */
  function textPairs(count: number, day: (pair: number) => string): Signal[] {
    return Array.from({ length: count }, (_, p) => [
      {
        id: `p${p}a`,
        kind: 'record' as const,
        title: `Export to zq${p}format fails with vx${p}error`,
        createdAt: `${day(p)}T09:00:00Z`,
      },
      {
        id: `p${p}b`,
        kind: 'record' as const,
        title: `zq${p}format export broken, vx${p}error again`,
        createdAt: `${day(p)}T15:00:00Z`,
      },
    ]).flat()
  }

  it('asks at most `maxPerWeek` questions a week, best expected benefit first, each with a probability', () => {
    const signals = textPairs(8, () => '2026-03-02')
    const all = clusterSignals(signals, { questions: { maxPerWeek: Number.POSITIVE_INFINITY } })
    expect(all.links).toHaveLength(8)
    for (const link of all.links) {
      expect(link.signal).toBe('semantics')
      expect(link.week).toBe('2026-W10')
      expect(link.probability).toBeGreaterThan(0)
      expect(link.benefit).toBeCloseTo(link.probability * link.pairSize, 2)
    }
    const capped = clusterSignals(signals, { questions: { maxPerWeek: 3 } })
    expect(capped.links).toHaveLength(3)
    const benefits = all.links.map((l) => l.benefit)
    expect(benefits).toEqual([...benefits].sort((a, b) => b - a))
    expect(capped.links.map((l) => l.a)).toEqual(all.links.slice(0, 3).map((l) => l.a))
  })

  it('counts the cap per ISO week of the later report', () => {
    const signals = textPairs(6, (p) => (p < 3 ? '2026-03-02' : '2026-03-10'))
    const result = clusterSignals(signals, { questions: { maxPerWeek: 2 } })
    expect(result.links.map((l) => l.week).sort()).toEqual(['2026-W10', '2026-W10', '2026-W11', '2026-W11'])
  })

  it('does not ask when the calibrated probability is below the policy minimum', () => {
    const signals = textPairs(4, () => '2026-03-02')
    expect(clusterSignals(signals, { questions: { minProbability: 0.99 } }).links).toHaveLength(0)
    const sure = clusterSignals(signals, {
      questions: {
        minProbability: 0.99,
        calibration: {
          semantics: { intercept: 10, slope: 0, gapSlope: 0 },
          stack: { intercept: 0, slope: 0, gapSlope: 0 },
          structure: { intercept: 0, slope: 0, gapSlope: 0 },
        },
      },
    })
    expect(sure.links).toHaveLength(4)
  })

  it('asks about a paraphrase pair before a templated sibling pair: a crowded text neighbourhood counts against a link', () => {
    // One web-compatibility form per site: every report reads like the other six, so each pair's best
    // partner is a sibling in a dense family.
    const sites = ['zdf', 'rtl', 'ard', 'wdr', 'ndr', 'swr', 'mdr']
    const family: Signal[] = sites.map((site, i) => ({
      id: `form-${site}`,
      kind: 'record',
      title: `www.${site}.de - The page is not loading`,
      text: `Browser: SeaMonkey 2.53.18. Problem type: site is not usable. Description: page not loading correctly. Tested another browser: yes. Site ${site} stays blank.`,
      createdAt: `2026-03-0${2 + (i % 3)}T10:00:00Z`,
    }))
    const paraphrases: Signal[] = [
      {
        id: 'fb-1',
        kind: 'record',
        title: 'Cannot type comments on Facebook',
        text: 'The comment field on facebook ignores every key press.',
        createdAt: '2026-03-02T09:00:00Z',
      },
      {
        id: 'fb-2',
        kind: 'record',
        title: 'Facebook comment field ignores input',
        text: 'Typing into a facebook comment does nothing, the keys are ignored.',
        createdAt: '2026-03-03T09:00:00Z',
      },
    ]
    // Unrelated reports, so the form's words are rare in the corpus as in a real tracker.
    const topics = ['printing', 'calendar', 'bookmarks', 'downloads', 'spellcheck', 'addressbook', 'cookies']
    const others: Signal[] = Array.from({ length: 42 }, (_, i) => ({
      id: `other-${i}`,
      kind: 'record',
      title: `${topics[i % 7]} ${['crashes', 'hangs', 'freezes', 'flickers', 'stalls', 'fails'][i % 6]} after update ${i}`,
      text: `Report ${i}: ${topics[(i + 3) % 7]} and ${topics[(i + 5) % 7]} behave oddly.`,
      createdAt: `2026-02-${String(1 + (i % 27)).padStart(2, '0')}T08:00:00Z`,
    }))
    const result = clusterSignals([...family, ...paraphrases, ...others], {
      questions: { minProbability: 0, maxPerWeek: Number.POSITIVE_INFINITY },
    })
    const paraphrase = result.links.find((l) => l.a.startsWith('fb-') && l.b.startsWith('fb-'))
    const siblings = result.links.filter((l) => l.a.startsWith('form-') && l.b.startsWith('form-'))
    expect(paraphrase).toBeDefined()
    expect(siblings.length).toBeGreaterThan(0)
    for (const sibling of siblings) {
      expect(sibling.score).toBeGreaterThan(paraphrase?.score as number)
      expect(sibling.density).toBeGreaterThan(paraphrase?.density as number)
      expect(sibling.probability).toBeLessThan(paraphrase?.probability as number)
    }
    expect(result.links[0]?.a.startsWith('fb-')).toBe(true)
  })

  it('counts a problem reported many times as one neighbour: repeats do not crowd a link', () => {
    const feedback: Signal = {
      id: 'fb',
      kind: 'feedback',
      text: "Inviting a member fails: cannot read properties of undefined (reading 'email')",
    }
    const others: Signal[] = Array.from({ length: 20 }, (_, i) => ({
      ...base,
      id: `other-${i}`,
      title: `RangeError: widget ${i} overflowed its buffer`,
      text: `widget ${i} overflowed its buffer`,
      route: `/widgets/${i}`,
      frames: frames([`draw${i}`]),
    }))
    const linkWith = (repeats: number) => {
      const errors = Array.from({ length: repeats }, (_, i) => ({ ...base, id: `e${i}` }))
      const result = clusterSignals([...errors, feedback, ...others], {
        questions: { minProbability: 0, maxPerWeek: Number.POSITIVE_INFINITY },
      })
      const link = result.links.find((l) => l.a === 'fb' || l.b === 'fb')
      expect(link?.signal).toBe('semantics')
      return link as NonNullable<typeof link>
    }
    // Only text is shared, so the link's score is the text score; each side's only neighbour outside its
    // own cluster is the other side (six repeats are one neighbour): density = score / 5.
    for (const repeats of [1, 6]) {
      const link = linkWith(repeats)
      expect(link.density).toBeCloseTo(link.score / NEIGHBOURHOOD, 2)
    }
  })
})
