import { describe, expect, it } from 'vitest'
import { clipTitle } from './summarize.js'

describe('clipTitle', () => {
  it('keeps a title that fits whole', () => {
    const title = "TypeError: Cannot read properties of undefined (reading 'email')"
    expect(clipTitle(title, 160)).toBe(title)
  })
  it('never cuts inside a parenthesis or a quote, only between words', () => {
    const title =
      "TypeError: Cannot read properties of undefined (reading 'emailAddressOfTheInvitedTeammate') while submitting"
    const clipped = clipTitle(title, 70)
    expect(clipped).toBe('TypeError: Cannot read properties of undefined…')
    expect(clipTitle('Feedback on /settings: the page is slow and the invite button does nothing', 40)).toBe(
      'Feedback on /settings: the page is slow…',
    )
  })
})
