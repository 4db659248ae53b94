import { seededRandom } from '@suture/envelope'
import { describe, expect, it } from 'vitest'
import { forEachCandidate } from './blocking.js'

/** The sorted-neighbourhood rule written plainly: group by key, all pairs or sort by (order, index). */
function reference(keys: number[], order: (i: number) => number, allPairsMax: number, window: number) {
  const blocks = new Map<number, number[]>()
  keys.forEach((key, i) => {
    if (key >= 0) blocks.set(key, [...(blocks.get(key) ?? []), i])
  })
  const pairs: string[] = []
  for (const key of [...blocks.keys()].sort((a, b) => a - b)) {
    const members = blocks.get(key) as number[]
    const list =
      members.length <= allPairsMax ? members : [...members].sort((a, b) => order(a) - order(b) || a - b)
    for (let x = 0; x < list.length; x++) {
      const limit = members.length <= allPairsMax ? list.length : Math.min(list.length, x + 1 + window)
      for (let y = x + 1; y < limit; y++) pairs.push(`${list[x]}:${list[y]}`)
    }
  }
  return pairs
}

describe('forEachCandidate', () => {
  for (const [name, order] of [
    ['integer orders (packed sort)', (i: number) => ((i * 7919) % 13) - 6],
    ['fractional orders (comparator sort)', (i: number) => ((i * 7919) % 13) / 2 - 3],
  ] as const) {
    it(`visits exactly the pairs of the plain rule with ${name}`, () => {
      const random = seededRandom(5)
      const keys = Array.from({ length: 3000 }, () => (random() < 0.1 ? -1 : Math.floor(random() ** 3 * 60)))
      const visited: string[] = []
      forEachCandidate(
        keys.length,
        1,
        (i) => keys[i] as number,
        order,
        { allPairsMax: 8, window: 3 },
        (a, b) => {
          visited.push(`${a}:${b}`)
        },
      )
      expect(visited).toEqual(reference(keys, order, 8, 3))
    })
  }
})
