import { Marked, type Tokens } from 'marked'

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch)
}

/**
 * Only these become clickable: web pages, mail, and paths or anchors on this site. Everything else
 * (`javascript:`, `data:`, `vbscript:`, entity-smuggled schemes, protocol-relative `//host`) stays text.
 */
function safeHref(href: string): string | undefined {
  const trimmed = href.trim()
  // Browsers drop tabs and newlines inside a scheme (`java\tscript:`): refuse any control character.
  for (const ch of trimmed) if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) return undefined
  return /^(https?:\/\/|mailto:|\/(?!\/)|#)/i.test(trimmed) ? trimmed : undefined
}

// Markdown is parsed by `marked` (maintained, GFM); the renderer is what makes it safe: raw HTML in the
// source is shown as text, never passed through, and links are allow-listed. Text, code and table cells
// are escaped by marked itself.
const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text)
    },
    link(token: Tokens.Link): string {
      const inner = this.parser.parseInline(token.tokens)
      const href = safeHref(token.href)
      if (href === undefined) return inner
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : ''
      return `<a href="${escapeHtml(href)}"${title} rel="nofollow noopener noreferrer">${inner}</a>`
    },
    // A task list's boxes as characters: disabled inputs would be unlabelled form controls.
    checkbox(token: Tokens.Checkbox): string {
      return token.checked ? '☑ ' : '☐ '
    },
    // No remote images (the page's CSP forbids them anyway): the alt text and, when safe, a link.
    image(token: Tokens.Image): string {
      const href = safeHref(token.href)
      const label = escapeHtml(token.text || token.href)
      return href === undefined
        ? label
        : `<a href="${escapeHtml(href)}" rel="nofollow noopener noreferrer">${label}</a>`
    },
  },
})

/**
 * Markdown written by Suture or by people (ticket bodies, comments) as HTML that is safe to inline in a
 * dashboard page: no raw HTML, no script URLs, no event handlers.
 * @example
 * renderSafeMarkdown('**hi** <script>x</script>') // '<p><strong>hi</strong> &lt;script&gt;x&lt;/script&gt;</p>\n'
 */
export function renderSafeMarkdown(source: string): string {
  return markdown.parse(source, { async: false })
}
