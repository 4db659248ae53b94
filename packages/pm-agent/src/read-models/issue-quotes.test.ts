import { describe, expect, it } from 'vitest'
import { feedbackEnvelope } from '../triage/testing/constructed-week.js'
import { distinctQuotes } from './issue-data.js'

const at = new Date('2026-03-04T10:00:00Z')
const body = (id: string, text: string, rating?: number) =>
  feedbackEnvelope({
    id: `quote-${id}`,
    at,
    user: id,
    session: `s-${id}`,
    route: '/exports',
    text,
    ...(rating ? { rating } : {}),
  })

describe('distinctQuotes (the issue page\'s "In their words")', () => {
  it('shows the same sentence once with how many reports said it, newest first, at most five', () => {
    const quotes = distinctQuotes([
      body('a', 'Wanted to archive an old project, got an error instead', 2),
      body('b', 'Wanted to archive an old project, got an error instead '),
      body('c', 'The export never finishes'),
      body('d', 'Wanted to archive an old project, got an error instead'),
      body('e', '   '),
    ])
    expect(quotes).toEqual([
      { text: 'Wanted to archive an old project, got an error instead', rating: 2, count: 3 },
      { text: 'The export never finishes', rating: 3, count: 1 },
    ])
    const many = distinctQuotes(Array.from({ length: 9 }, (_, i) => body(`m${i}`, `Report number ${i}`)))
    expect(many.map((q) => q.text)).toEqual([0, 1, 2, 3, 4].map((i) => `Report number ${i}`))
  })

  it('skips bodies that are not feedback', () => {
    expect(distinctQuotes([undefined, null, { kind: 'error' }, '{not json'])).toEqual([])
  })
})
