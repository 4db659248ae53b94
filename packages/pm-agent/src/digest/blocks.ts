/**
 * A tiny document model the digest is written in once and rendered twice (Markdown and HTML), so the
 * two can never drift and every piece of user text is escaped by the renderer, not by the author.
 */
export type Inline =
  | string
  | { readonly code: string }
  | { readonly strong: string }
  | { readonly link: string; readonly href: string }

export type Line = readonly Inline[]

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly line: Line }
  | { readonly kind: 'note'; readonly line: Line }
  | { readonly kind: 'list'; readonly items: readonly Line[] }
  | { readonly kind: 'table'; readonly head: readonly string[]; readonly rows: readonly (readonly Line[])[] }

function mdEscape(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
    .replace(/([\\`*_[\]#|])/g, '\\$1')
}

function mdCode(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ')
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((m) => m.length))
  const fence = '`'.repeat(longest + 1)
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${clean}${pad}${fence}`
}

function safeHref(href: string): string {
  return /^(https?:|suture:|mailto:)/i.test(href) ? href : '#'
}

function mdInline(part: Inline): string {
  if (typeof part === 'string') return mdEscape(part)
  if ('code' in part) return mdCode(part.code)
  if ('strong' in part) return `**${mdEscape(part.strong)}**`
  return `[${mdEscape(part.link)}](${safeHref(part.href).replace(/[()\s]/g, encodeURIComponent)})`
}

const mdLine = (line: Line) => line.map(mdInline).join('')

export function renderMarkdown(blocks: readonly Block[]): string {
  const out: string[] = []
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        out.push(`${'#'.repeat(block.level)} ${mdEscape(block.text)}`, '')
        break
      case 'paragraph':
        out.push(mdLine(block.line), '')
        break
      case 'note':
        out.push(`> ${mdLine(block.line)}`, '')
        break
      case 'list':
        for (const item of block.items) out.push(`- ${mdLine(item)}`)
        out.push('')
        break
      case 'table': {
        // Padded columns: readable as plain text, and stable under Markdown formatters.
        const cells = [block.head.map(mdEscape), ...block.rows.map((row) => row.map(mdLine))]
        const widths = block.head.map((_, i) => Math.max(3, ...cells.map((r) => [...(r[i] ?? '')].length)))
        const pad = (text: string, i: number) => text + ' '.repeat((widths[i] ?? 3) - [...text].length)
        const [head, ...body] = cells
        out.push(
          `| ${(head ?? []).map(pad).join(' | ')} |`,
          `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
        )
        for (const row of body) out.push(`| ${row.map(pad).join(' | ')} |`)
        out.push('')
        break
      }
    }
  }
  return `${out.join('\n').trim()}\n`
}

function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function htmlInline(part: Inline): string {
  if (typeof part === 'string') return html(part)
  if ('code' in part) return `<code>${html(part.code)}</code>`
  if ('strong' in part) return `<strong>${html(part.strong)}</strong>`
  return `<a href="${html(safeHref(part.href))}">${html(part.link)}</a>`
}

const htmlLine = (line: Line) => line.map(htmlInline).join('')

export function renderHtml(blocks: readonly Block[], title: string): string {
  const body: string[] = []
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        body.push(`<h${block.level}>${html(block.text)}</h${block.level}>`)
        break
      case 'paragraph':
        body.push(`<p>${htmlLine(block.line)}</p>`)
        break
      case 'note':
        body.push(`<blockquote>${htmlLine(block.line)}</blockquote>`)
        break
      case 'list':
        body.push(`<ul>\n${block.items.map((item) => `  <li>${htmlLine(item)}</li>`).join('\n')}\n</ul>`)
        break
      case 'table':
        body.push(
          [
            '<table>',
            `  <thead><tr>${block.head.map((h) => `<th>${html(h)}</th>`).join('')}</tr></thead>`,
            '  <tbody>',
            ...block.rows.map(
              (row) => `    <tr>${row.map((cell) => `<td>${htmlLine(cell)}</td>`).join('')}</tr>`,
            ),
            '  </tbody>',
            '</table>',
          ].join('\n'),
        )
        break
    }
  }
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${html(title)}</title>`,
    '<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}' +
      'table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.3rem .6rem;text-align:left}' +
      'blockquote{border-left:4px solid #e0a100;margin:0;padding:.4rem 1rem;background:#fff8e1}code{background:#f3f3f3;padding:0 .2rem}</style>',
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
