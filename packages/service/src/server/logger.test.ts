import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger, prettyLine } from './logger.js'

describe('the pretty log format', () => {
  it('reads as time, level, message and fields, and still redacts keys', async () => {
    const out = new PassThrough()
    let text = ''
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8')
    })
    const logger = createLogger('info', out, { format: 'pretty' })
    logger.info({ url: 'http://127.0.0.1:8787', key: 'sut_sec_abc' }, 'suture ingest listening')
    await new Promise((resolve) => setImmediate(resolve))
    expect(text).toMatch(
      /^\d\d:\d\d:\d\d info {2}suture ingest listening url=http:\/\/127\.0\.0\.1:8787 key=\[redacted\]\n$/,
    )
    expect(text).not.toContain('sut_sec_abc')
  })

  it('passes a line that is not JSON through unchanged', () => {
    expect(prettyLine('plain text')).toBe('plain text')
  })
})
