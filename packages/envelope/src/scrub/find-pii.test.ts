// biome-ignore lint/correctness/noNodejsModules: the test reads the shared data sets from disk
import { readFileSync } from 'node:fs'
// biome-ignore lint/correctness/noNodejsModules: the test reads the shared data sets from disk
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DETECTORS, findPii, findPiiUngated } from './find-pii.js'

const DATA = path.resolve(import.meta.dirname, '../../../../../shared/data')
function jsonl<T>(file: string): T[] {
  return readFileSync(path.join(DATA, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T)
}
const piiTexts = jsonl<{ text: string }>('pii/pii_dev.jsonl').map((r) => r.text)
const stackTexts = jsonl<{ stack: string; message?: string }>('stacks/stacks_dev.jsonl').flatMap((r) => [
  r.stack,
  r.message ?? '',
])

// Pieces of every shape a detector looks for, and near misses, glued in random orders: enough to reach each
// pattern's edges (a gate that is not a true necessary condition shows up as a difference).
const FRAGMENTS = [
  'ann.lee+work@acme-corp.co.uk',
  '@',
  'a@b',
  '4242 4242 4242 4242',
  '4111111111111111',
  '3782-822463-10005',
  '4242',
  '-',
  ' ',
  '.',
  ':',
  '::',
  '=',
  '?',
  '&',
  '#',
  '(',
  ')',
  '+',
  '+44 20 7946 0958',
  '(415) 555-2671',
  '555-2671',
  '0477 11 28 98',
  '22 498317',
  'call me on',
  'phone',
  'office',
  'Tel',
  'Bearer',
  'Basic',
  'Token',
  'Authorization: ',
  'abcDEF123456ghiJKL',
  'eyJhbGciOiJIUzI1NiJ9',
  '.eyJzdWIiOiIxMjM0NTY3ODkwIn0',
  '.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  'AKIAIOSFODNN7EXAMPLE',
  'AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe',
  'ghp_',
  'sk-',
  'xoxb-',
  'npm_',
  'SG.',
  '00',
  'MTk4NjIyNDgzNDcxOTI1MjQ4',
  '.Cl2FMQ.',
  'ZnCjm1XVW7vRze4b7Cq4se7kKWs',
  'password',
  'secret',
  'api_key',
  'key',
  'token',
  'hunter2',
  's3cr3t-Value-9x',
  'https://',
  'postgres://app:p4ss@db.internal:5432/prod',
  '?token=9f8e7d6c5b4a',
  '&sig=',
  '203.0.113.42',
  '127.0.0.1',
  '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
  'fe80::1ff:fe23:4567:890a',
  'Feed::add',
  '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  '1392834b89d44aabe3542e10e4e96ae4a21b69d9',
  'main.3f9a1c.js:1:20441',
  '2026-11-23T10:00:00.000Z',
  'v10.21.0',
  'bX9kQ2vLr8TzW4nP0sYfH3jU',
  'abc',
  '123',
  '\n',
]

describe('gated findPii', () => {
  it('finds exactly what the ungated search finds, on random mixes of PII shapes and near misses', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 14 }), (parts) => {
        const text = parts.join('')
        expect(findPii(text)).toEqual(findPiiUngated(text))
        for (const [index, rule] of DETECTORS.entries()) {
          if (!rule.mayMatch(text)) expect({ index, spans: rule.detect(text) }).toEqual({ index, spans: [] })
        }
      }),
      { numRuns: 3_000 },
    )
  })

  it('never gates out a detector that would have found something (PII data set, real stacks, random text)', () => {
    const texts = [...piiTexts, ...stackTexts]
    fc.sample(fc.string({ unit: 'binary-ascii', maxLength: 80 }), 1_000).forEach((t) => {
      texts.push(t)
    })
    for (const text of texts) {
      for (const [index, rule] of DETECTORS.entries()) {
        if (rule.mayMatch(text)) continue
        expect({ index, text, spans: rule.detect(text) }).toEqual({ index, text, spans: [] })
      }
    }
  })
})
