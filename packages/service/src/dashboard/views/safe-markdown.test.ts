import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { renderSafeMarkdown } from './safe-markdown.js'

// What the renderer may emit: marked's own block and inline elements, nothing a payload could add.
const ALLOWED_TAGS = new Set([
  'p',
  'a',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'br',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
])
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'rel', 'class', 'start', 'align'])

function unsafeParts(html: string): string[] {
  const problems: string[] = []
  for (const match of html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const tag = (match[1] ?? '').toLowerCase()
    if (!ALLOWED_TAGS.has(tag)) problems.push(`tag ${tag}`)
    for (const attr of (match[2] ?? '').matchAll(/([^\s=]+)\s*=\s*"([^"]*)"/g)) {
      const name = (attr[1] ?? '').toLowerCase()
      if (!ALLOWED_ATTRIBUTES.has(name)) problems.push(`attribute ${name}`)
      if (name === 'href' && !/^(https?:\/\/|mailto:|\/(?!\/)|#)/i.test(attr[2] ?? '')) {
        problems.push(`href ${attr[2]}`)
      }
    }
  }
  return problems
}

describe('renderSafeMarkdown', () => {
  it('renders the markdown Suture writes: headings, emphasis, code, lists, tables, links', () => {
    const html = renderSafeMarkdown(
      '## Evidence\n\n**7 users**, `/checkout/:id`\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[open](https://suture.example/app/issues/k)',
    )
    expect(html).toContain('<h2>Evidence</h2>')
    expect(html).toContain('<strong>7 users</strong>')
    expect(html).toContain('<code>/checkout/:id</code>')
    expect(html).toContain('<td>1</td>')
    expect(html).toContain(
      '<a href="https://suture.example/app/issues/k" rel="nofollow noopener noreferrer">open</a>',
    )
  })

  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['[x](javascript:alert(1))', 'x'],
    ['[x](JaVaScRiPt:alert(1))', 'x'],
    ['[x](&#106;avascript:alert(1))', 'x'],
    ['[x](data:text/html,<script>alert(1)</script>)', 'x'],
    ['[x](//evil.example/a)', 'x'],
    ['![x](javascript:alert(1))', 'x'],
    ['<a href="javascript:alert(1)">a</a>', '&lt;a href=&quot;javascript:alert(1)&quot;&gt;'],
    ['[x](https://ok.example/"onmouseover="alert(1))', 'x'],
  ])('keeps %s inert', (payload, shown) => {
    const html = renderSafeMarkdown(payload)
    expect(unsafeParts(html)).toEqual([])
    expect(html).toContain(shown)
  })

  it('never emits a tag, attribute or link outside the allow-list, whatever the input', () => {
    const pieces = fc.constantFrom(
      '<',
      '>',
      '"',
      "'",
      '=',
      '(',
      ')',
      '[',
      ']',
      '!',
      '`',
      '*',
      '#',
      '\n',
      ' ',
      '&#',
      ';',
      ':',
      '/',
      'script',
      'img',
      'onerror',
      'javascript',
      'href',
      'a',
      'svg',
      'onload',
      'https',
      'data',
      '|',
      '-',
    )
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        expect(unsafeParts(renderSafeMarkdown(parts.join('')))).toEqual([])
      }),
      { numRuns: 400, seed: 19 },
    )
  })
})
