import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { RejectLog } from './reject-log.js'

describe('RejectLog', () => {
  it('logs the first refusal at once, then at most once a window with the count it held back', () => {
    const lines: Record<string, unknown>[] = []
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) })
    let now = 0
    const log = new RejectLog(logger, 60_000, () => now)
    const refusal = {
      status: 401,
      code: 'invalid_key',
      message: 'This key is unknown or revoked.',
      origin: 'https://a.example',
      path: '/v1/envelopes',
    }
    for (let i = 0; i < 10; i++) log.note(refusal)
    log.note({ ...refusal, origin: 'https://b.example' })
    expect(lines.map((l) => [l.origin, l.suppressed])).toEqual([
      ['https://a.example', 0],
      ['https://b.example', 0],
    ])
    now = 60_000
    log.note(refusal)
    expect(lines.at(-1)).toMatchObject({ origin: 'https://a.example', suppressed: 9, code: 'invalid_key' })
    expect(lines.at(-1)?.msg).toBe('refused /v1/envelopes: This key is unknown or revoked.')
  })
})
