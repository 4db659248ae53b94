import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { StackFrame } from '../schema/envelope.js'
import { parseStack } from '../stack/parse-stack.js'
import { fingerprint, fingerprintParts } from './fingerprint.js'
import { fnv1a64 } from './fnv1a.js'
import { isInAppFrame, normalizeFile } from './normalize-frame.js'
import { normalizeMessage } from './normalize-message.js'

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325')
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c')
    expect(fnv1a64('foobar')).toBe('85944171f73967e8')
  })

  it('equals the straightforward BigInt FNV-1a 64 on any text', () => {
    // The former implementation, kept as the reference for the two-halves arithmetic.
    const reference = (text: string): string => {
      let hash = 0xcbf29ce484222325n
      for (const byte of new TextEncoder().encode(text)) {
        hash ^= BigInt(byte)
        hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn
      }
      return hash.toString(16).padStart(16, '0')
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(fnv1a64(text)).toBe(reference(text))
      }),
      { numRuns: 2_000 },
    )
    for (const byte of [0, 1, 0x7f, 0x80, 0xff]) {
      const text = new TextDecoder('latin1').decode(new Uint8Array(1000).fill(byte))
      expect(fnv1a64(text)).toBe(reference(text))
    }
  })
})

describe('normalizeFile', () => {
  it.each([
    ['https://app.test/assets/main.3f9a1c.js', 'main'],
    ['https://cdn.app.test/static/js/chunk-ABC123.js?v=2#x', 'chunk'],
    ['http://localhost:5173/src/pages/Members.tsx?t=1700000000', 'Members'],
    ['https://app.test/assets/Members-DiwrgTda.js', 'Members'],
    ['https://app.test/_next/static/chunks/login-d56b699830e77ba5.js', 'login'],
    ['https://app.test/js/app.min.js', 'app'],
    ['http://localhost:5000/static/js/foo.chunk.js', 'foo'],
    ['blob:http%3A//localhost%3A8080/abfc40e9-4742-44ed-9dcd-af8f99a29379', 'blob'],
    ['[native code]', '[native code]'],
    [null, '?'],
  ])('%s → %s', (file, expected) => {
    expect(normalizeFile(file)).toBe(expected)
  })
})

describe('isInAppFrame', () => {
  const frame = (file: string | null): StackFrame => ({ function: 'f', file, line: 1, column: 1 })
  it('rejects dependencies, extensions, CDNs and the engine', () => {
    expect(isInAppFrame(frame('https://app.test/assets/main.3f9a1c.js'))).toBe(true)
    expect(isInAppFrame(frame('webpack:///./src/App.tsx'))).toBe(true)
    expect(isInAppFrame(frame('https://app.test/node_modules/react-dom/cjs/react-dom.development.js'))).toBe(
      false,
    )
    expect(isInAppFrame(frame('chrome-extension://abcdef/content.js'))).toBe(false)
    expect(isInAppFrame(frame('https://unpkg.com/react@18/umd/react.production.min.js'))).toBe(false)
    expect(isInAppFrame(frame('https://app.test/assets/vendor.3f9a1c.js'))).toBe(false)
    expect(isInAppFrame(frame('[native code]'))).toBe(false)
    expect(isInAppFrame(frame(null))).toBe(false)
    expect(isInAppFrame({ ...frame('https://unpkg.com/x.js'), inApp: true })).toBe(true)
  })
})

describe('normalizeMessage', () => {
  it('replaces values but keeps the shape', () => {
    expect(
      normalizeMessage('Order 4812 not found for "ann@x.io" (id 3fa85f64-5717-4562-b3fc-2c963f66afa6)'),
    ).toBe('Order <n> not found for <str> (id <uuid>)')
    expect(normalizeMessage("Cannot read properties of undefined (reading 'email')")).toBe(
      'Cannot read properties of undefined (reading <str>)',
    )
    expect(normalizeMessage('bad pointer 0xdeadbeef in usr_8f2KqZ1x9w')).toBe('bad pointer <hex> in <id>')
  })
})

const chromeStack = (host: string, hash: string, line: number, query = '') =>
  [
    "TypeError: Cannot read properties of undefined (reading 'email')",
    `    at InviteForm.submit (${host}/assets/main.${hash}.js${query}:${line}:17)`,
    `    at async handleClick (${host}/assets/main.${hash}.js${query}:${line + 40}:5)`,
    `    at dispatch (${host}/node_modules/react-dom/cjs/react-dom.production.min.js:1:2000)`,
  ].join('\n')

describe('fingerprint', () => {
  const base = { type: 'TypeError', message: "Cannot read properties of undefined (reading 'email')" }

  it('is a 16-digit hex string', () => {
    expect(fingerprint({ ...base, frames: [] })).toMatch(/^[0-9a-f]{16}$/)
  })

  it('is the same across releases, origins, query strings and engines for the same code path', () => {
    const a = fingerprint({ ...base, frames: parseStack(chromeStack('https://app.test', '3f9a1c', 120)) })
    const b = fingerprint({
      ...base,
      frames: parseStack(chromeStack('https://cdn.other.test', '77e0b2', 95, '?v=9')),
    })
    const firefox = fingerprint({
      ...base,
      frames: parseStack(
        'submit@https://app.test/assets/main.aa11bb.js:10:3\nhandleClick@https://app.test/assets/main.aa11bb.js:50:1',
      ),
    })
    expect(a).toBe(b)
    expect(a).toBe(firefox)
  })

  it('differs for a different code path or error type', () => {
    const a = fingerprint({ ...base, frames: parseStack(chromeStack('https://app.test', '3f9a1c', 120)) })
    const other = fingerprint({
      ...base,
      frames: parseStack(
        chromeStack('https://app.test', '3f9a1c', 120).replace('InviteForm.submit', 'InviteForm.validate'),
      ),
    })
    expect(other).not.toBe(a)
    expect(
      fingerprint({
        ...base,
        type: 'RangeError',
        frames: parseStack(chromeStack('https://app.test', 'x', 1)),
      }),
    ).not.toBe(fingerprint({ ...base, frames: parseStack(chromeStack('https://app.test', 'x', 1)) }))
  })

  it('prefers in-app frames over dependency frames', () => {
    const parts = fingerprintParts({
      ...base,
      frames: parseStack(chromeStack('https://app.test', '3f9a1c', 1)),
    })
    expect(parts).toEqual(['TypeError', 'main:submit', 'main:handleClick'])
  })

  it('collapses recursion so depth does not change the group', () => {
    const frame: StackFrame = { function: 'walk', file: 'https://app.test/tree.js', line: 3, column: 1 }
    const shallow = fingerprint({ ...base, frames: [frame, frame] })
    const deep = fingerprint({ ...base, frames: Array.from({ length: 50 }, () => frame) })
    expect(shallow).toBe(deep)
  })

  it('falls back to type and normalised message when frames carry no names', () => {
    const minified = (col: number, msg: string) =>
      fingerprint({
        type: 'Error',
        message: msg,
        frames: [{ function: 'a', file: 'https://app.test/assets/index-3f9a1c.js', line: 1, column: col }],
      })
    expect(minified(100, 'Order 12 missing')).toBe(minified(900, 'Order 9981 missing'))
    expect(minified(100, 'Order 12 missing')).not.toBe(minified(100, 'Payment 12 declined'))
    expect(fingerprint({ type: 'Error', message: 'User 42 not found', frames: [] })).toBe(
      fingerprint({ type: 'Error', message: 'User 977 not found', frames: [] }),
    )
  })
})

// Names the normaliser treats as anonymous (`eval`, `anonymous`) carry no code-path information.
const identifier = fc
  .stringMatching(/^[a-zA-Z_$][\w$]{2,15}$/)
  .filter((name) => !/^(?:eval|anonymous|prototype)$/i.test(name))
const hashArb = fc.stringMatching(/^[0-9a-f]{6,10}$/).filter((h) => /\d/.test(h))
const originArb = fc.constantFrom(
  'https://app.test',
  'http://localhost:5173',
  'https://cdn-7.example.net:8443',
  '',
)
const queryArb = fc.constantFrom('', '?v=2', '?t=1700000000&x=y', '#frag')
const pos = fc.integer({ min: 1, max: 100_000 })

function render(
  fns: readonly string[],
  origin: string,
  hash: string,
  query: string,
  positions: readonly number[],
): StackFrame[] {
  return fns.map((fn, i) => ({
    function: fn,
    file: `${origin}/assets/app.${hash}.js${query}`,
    line: positions[i * 2] ?? 1,
    column: positions[i * 2 + 1] ?? 1,
  }))
}

describe('fingerprint properties', () => {
  it('ignores line, column, bundle hash, query string and origin', () => {
    fc.assert(
      fc.property(
        fc.array(identifier, { minLength: 1, maxLength: 8 }),
        fc.tuple(originArb, hashArb, queryArb, fc.array(pos, { minLength: 16, maxLength: 16 })),
        fc.tuple(originArb, hashArb, queryArb, fc.array(pos, { minLength: 16, maxLength: 16 })),
        (fns, [o1, h1, q1, p1], [o2, h2, q2, p2]) => {
          const message = 'boom'
          expect(fingerprint({ type: 'Error', message, frames: render(fns, o1, h1, q1, p1) })).toBe(
            fingerprint({ type: 'Error', message, frames: render(fns, o2, h2, q2, p2) }),
          )
        },
      ),
    )
  })

  it('differs for different function sequences', () => {
    fc.assert(
      fc.property(
        fc.array(identifier, { minLength: 1, maxLength: 6 }),
        fc.array(identifier, { minLength: 1, maxLength: 6 }),
        (a, b) => {
          const key = (fns: string[]) => fns.filter((f, i) => fns[i - 1] !== f).join('/')
          fc.pre(key(a) !== key(b))
          const frames = (fns: string[]) => render(fns, 'https://app.test', '3f9a1c', '', [])
          expect(fingerprint({ type: 'Error', message: 'x', frames: frames(a) })).not.toBe(
            fingerprint({ type: 'Error', message: 'x', frames: frames(b) }),
          )
        },
      ),
    )
  })
})

// One code path printed by different engines in the shapes peers' parsers handle (no space before the
// parenthesis, `at <anonymous>` lines, Safari's eval pair, Windows paths with spaces), so that a parse that
// fails on one origin's shape cannot split the group.
const ENGINE_SHAPES: readonly ((fns: readonly string[], file: (i: number) => string) => string)[] = [
  (fns, file) =>
    ['TypeError: boom', ...fns.map((f, i) => `    at Object.${f} (${file(i)}:${i + 1}:${i * 7 + 3})`)].join(
      '\n',
    ),
  (fns, file) =>
    ['TypeError: boom', ...fns.map((f, i) => `    at ${f}(${file(i)}:${i + 1}:${i * 7 + 3})`)].join('\n'),
  (fns, file) =>
    [
      'TypeError: boom',
      '    at <anonymous>',
      ...fns.map((f, i) => `    at async ${f} (${file(i)}:${i + 1}:9)`),
    ].join('\n'),
  (fns, file) => fns.map((f, i) => `${f}@${file(i)}:${i + 1}:${i + 2}`).join('\n'),
  (fns, file) =>
    ['eval code', 'eval@[native code]', ...fns.map((f, i) => `${f}@${file(i)}:${i + 1}:4`)].join('\n'),
]
const servedArb = fc.record({
  origin: fc.constantFrom(
    'https://app.test',
    'https://cdn.app-static.test',
    'http://localhost:4173',
    'file:///C:/Program Files/Acme App/resources',
  ),
  hash: hashArb,
  query: queryArb,
})

describe('fingerprint across origins and engines (issue 17)', () => {
  it('groups the same stack served from two origins, with query strings and cache-busting hashes', () => {
    fc.assert(
      fc.property(
        fc.array(identifier, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...ENGINE_SHAPES.keys()),
        servedArb,
        servedArb,
        (fns, shape, a, b) => {
          const render = ENGINE_SHAPES[shape]
          if (!render) return
          const stackFrom = (s: { origin: string; hash: string; query: string }) =>
            render(fns, () => `${s.origin}/assets/app.${s.hash}.js${s.query}`)
          const fa = fingerprintParts({
            type: 'TypeError',
            message: `at ${a.origin}`,
            frames: parseStack(stackFrom(a)),
          })
          const fb = fingerprintParts({
            type: 'TypeError',
            message: `at ${b.origin}`,
            frames: parseStack(stackFrom(b)),
          })
          expect(fa).toEqual(fb)
          // Named frames were found, so the message (which differs here) is not part of the key.
          expect(fa.some((p) => p.includes('at '))).toBe(false)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('groups one error printed by V8, Firefox and Safari identically', () => {
    const fns = ['submitInvite', 'handleClick', 'dispatchAction']
    const file = () => 'https://app.test/assets/main.3f9a1c.js?v=2'
    const keys = ENGINE_SHAPES.map((render) =>
      fingerprint({ type: 'TypeError', message: 'boom', frames: parseStack(render(fns, file)) }),
    )
    expect(new Set(keys).size).toBe(1)
  })
})

describe('fingerprint of symbolicated frames', () => {
  const minified = (column: number, name: string, original?: StackFrame['original']): StackFrame => ({
    function: name,
    file: `https://app.test/assets/index-${column.toString(16)}ab12.js`,
    line: 1,
    column,
    ...(original === undefined ? {} : { original }),
  })

  it('groups two releases by their original frames though minified columns, names and bundle hashes differ', () => {
    const billing = { function: 'formatTotal', file: '../../src/pages/BillingPage.tsx', line: 42, column: 9 }
    const page = { function: 'BillingPage', file: '../../src/pages/BillingPage.tsx', line: 60, column: 3 }
    const release1 = [minified(48213, 'Xe', billing), minified(50110, 'Qt', page)]
    const release2 = [
      minified(51877, 'ab', { ...billing, line: 45 }),
      minified(53002, 'Zr', { ...page, line: 63 }),
    ]
    const input = { type: 'TypeError', message: "Cannot read properties of undefined (reading 'toFixed')" }
    expect(fingerprint({ ...input, frames: release1 })).toBe(fingerprint({ ...input, frames: release2 }))
    expect(fingerprintParts({ ...input, frames: release1 })).toEqual([
      'TypeError',
      'BillingPage:formatTotal',
      'BillingPage:BillingPage',
    ])
    // Without the maps all that is left of the code path is the bundle's name: any two bugs with one message
    // in one bundle would share a group.
    const bare = (frames: StackFrame[]) => frames.map(({ original: _o, ...f }) => f)
    expect(fingerprintParts({ ...input, frames: bare(release1) })).toEqual([
      'TypeError',
      'Cannot read properties of undefined (reading <str>)',
      'index:?',
    ])
  })

  it('judges in-app by the original file: a vendor module bundled into the app chunk is not the app', () => {
    const frames = [
      minified(100, 'a', {
        function: 'invariant',
        file: '../../node_modules/react-dom/cjs/x.js',
        line: 3,
        column: 1,
      }),
      minified(200, 'b', { function: 'SaveButton', file: '../../src/SaveButton.tsx', line: 7, column: 5 }),
    ]
    expect(fingerprintParts({ type: 'Error', message: 'm', frames })).toEqual([
      'Error',
      'SaveButton:SaveButton',
    ])
  })
})
