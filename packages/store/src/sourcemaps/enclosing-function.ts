// How far back to look for the enclosing function's header; a function body longer than this is rare in
// application code and the scan must stay cheap per frame.
const MAX_SCAN_CHARS = 20_000
const NOT_FUNCTIONS = new Set([
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'with',
  'return',
  'function',
  'else',
  'do',
  'try',
  'finally',
])

const HEADERS: readonly RegExp[] = [
  // function name(…) {   async function* name<T>(…): T {
  /function\s*\*?\s*([A-Za-z_$][\w$]*)\s*(?:<[^{}]*>)?\s*\([\s\S]*\)\s*(?::[^{}=]*)?$/,
  // name = (…) => {   name = async x => {   name = function (…) {   name: (…) => {
  /([A-Za-z_$][\w$]*)\s*(?::\s*[^=]*?)?\s*[=:]\s*(?:async\s*)?(?:function\s*\*?\s*[\w$]*\s*)?(?:<[^{}]*>)?\s*(?:\([\s\S]*\)|[A-Za-z_$][\w$]*)\s*(?::[^{}=]*)?(?:=>)?\s*$/,
  // method(…) {   async method(…) {   get name() {
  /(?:^|[\s;,{}])(?:async\s+|static\s+|get\s+|set\s+|public\s+|private\s+|protected\s+)*\*?([A-Za-z_$][\w$]*)\s*(?:<[^{}]*>)?\s*\([\s\S]*\)\s*(?::[^{}=]*)?$/,
]

function headerName(header: string): string | undefined {
  const text = header.replace(/\s+/g, ' ').trimEnd()
  for (const pattern of HEADERS) {
    const name = pattern.exec(text)?.[1]
    if (name !== undefined && !NOT_FUNCTIONS.has(name)) return name
  }
  return undefined
}

/**
 * The name of the function whose body contains `line`:`column` (1-based) of `source`, read from the original
 * source: walk back over balanced braces to each enclosing `{` and read the header before it (`function
 * formatTotal(…) {`, `const BillingPage = () => {`, `save(…) {`); blocks that are not functions (`if`, JSX
 * `{…}`) are stepped over. A heuristic (braces in strings and comments can mislead it), used because a
 * source map names tokens, not scopes: the name mapped at a frame's position is the callee's, not the
 * function the frame runs in. Undefined when no header is found.
 * @example
 * enclosingFunction('function total(items) {\n  return items.sum()\n}', 2, 10) // 'total'
 */
export function enclosingFunction(
  lines: readonly string[],
  line: number,
  column: number,
): string | undefined {
  let row = line - 1
  let col = Math.min(column - 1, (lines[row] ?? '').length)
  let depth = 0
  let scanned = 0
  while (row >= 0 && scanned < MAX_SCAN_CHARS) {
    const text = lines[row] ?? ''
    for (let i = col - 1; i >= 0; i--) {
      scanned++
      const ch = text[i]
      if (ch === '}') depth++
      else if (ch === '{') {
        if (depth > 0) {
          depth--
          continue
        }
        const header = headerBefore(lines, row, i)
        const name = headerName(header)
        if (name !== undefined) return name
      }
    }
    row--
    col = (lines[row] ?? '').length
  }
  return undefined
}

// The text before an opening brace, back to the previous statement boundary, at most three lines.
function headerBefore(lines: readonly string[], row: number, index: number): string {
  let header = (lines[row] ?? '').slice(0, index)
  for (let r = row - 1; r >= Math.max(0, row - 3) && !/[;{}]/.test(header); r--)
    header = `${lines[r] ?? ''}\n${header}`
  const boundary = Math.max(header.lastIndexOf(';'), header.lastIndexOf('{'), header.lastIndexOf('}'))
  return header.slice(boundary + 1)
}
