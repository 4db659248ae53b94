import { describe, expect, it } from 'vitest'
import { HttpError } from './http-error.js'
import { MAX_JSON_DEPTH, sanitizeJson } from './sanitize-json.js'

describe('sanitizeJson', () => {
  it('removes NUL, replaces lone surrogates and keeps valid pairs, in keys and values', () => {
    const value = JSON.parse('{"a\\u0000b": ["x\\u0000y", "\\ud800", "\\ud83d\\udca5", 1, null, true]}')
    expect(sanitizeJson(value)).toEqual({ ab: ['xy', '\uFFFD', '💥', 1, null, true] })
  })

  it('drops __proto__ keys, also one that only becomes __proto__ once cleaned, without touching prototypes', () => {
    const value = JSON.parse(
      '{"__proto__": {"polluted": true}, "__proto__\\u0000": {"polluted": true}, "list": [{"__proto__": {"kind": "error"}}]}',
    ) as Record<string, unknown>
    const out = sanitizeJson(value) as Record<string, unknown>
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
    expect(Object.keys(out)).toEqual(['list'])
    expect(Object.getPrototypeOf((out.list as object[])[0])).toBe(Object.prototype)
    expect((out as { polluted?: unknown }).polluted).toBeUndefined()
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  })

  it(`answers 400 past ${MAX_JSON_DEPTH} levels`, () => {
    const deep = JSON.parse(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`)
    expect(() => sanitizeJson(deep)).toThrow(HttpError)
    const fine = JSON.parse(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)
    expect(sanitizeJson(fine)).toEqual(fine)
  })
})
