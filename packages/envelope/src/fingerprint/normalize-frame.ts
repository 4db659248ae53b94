import type { StackFrame } from '../schema/envelope.js'

const EXTENSION_SCHEMES = /^(?:chrome|moz|safari|safari-web|ms-browser)-extension:/i
const CDN_HOSTS =
  /^(?:https?:)?\/\/(?:unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|ajax\.googleapis\.com|code\.jquery\.com|www\.googletagmanager\.com|www\.google-analytics\.com|connect\.facebook\.net|js\.stripe\.com|static\.cloudflareinsights\.com|cdn\.segment\.com|browser\.sentry-cdn\.com|esm\.sh|cdn\.skypack\.dev)\//i
const VENDOR_BASENAME = /^(?:vendors?|framework|polyfills|runtime~|webpack-runtime)[.~_-]/i
const NOT_A_FILE = /^(?:\[native code\]|native|<anonymous>|<unknown>|eval)$/i

/**
 * Whether a frame is the application's own code rather than a dependency, a browser extension, a CDN-hosted
 * vendor script or the engine itself. An explicit `inApp` from the sender wins; otherwise `isInAppFile`.
 */
export function isInAppFrame(frame: StackFrame): boolean {
  if (frame.inApp !== undefined) return frame.inApp
  return isInAppFile(frame.file)
}

/**
 * Whether a stack frame's file is the application's own code, judged by the file alone: not
 * `node_modules`, a `vendor-*.js` / `framework-*.js` / `polyfills-*.js` / `runtime~*.js` chunk, a CDN-hosted
 * script, a browser extension, Node internals, webpack's bootstrap or the engine itself (`native`,
 * `<anonymous>`). The one rule Suture uses wherever it needs to tell app code from library code.
 * @example
 * isInAppFile('https://app.example.com/assets/Settings-3f9a1c.js') // true
 * isInAppFile('https://app.example.com/assets/vendor-3f9a1c.js') // false
 */
export function isInAppFile(file: string | null | undefined): boolean {
  if (file === null || file === undefined || NOT_A_FILE.test(file)) return false
  if (EXTENSION_SCHEMES.test(file) || CDN_HOSTS.test(file)) return false
  if (/[/\\]node_modules[/\\]|^node:|^internal[/\\]|\/~\/|webpack\/bootstrap|\(webpack\)/.test(file))
    return false
  const basename = fileBasename(file)
  return !VENDOR_BASENAME.test(basename)
}

function fileBasename(file: string): string {
  const path = file.replace(/[?#].*$/, '')
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
}

// A build hash inside a file name: `3f9a1c` (hex with a digit), `ABC123`, `d56b699830e77ba5`, Vite's
// 8-character base64url hashes (`DiwrgTda`).
function isHashPart(part: string, index: number): boolean {
  if (index === 0) return /^[0-9a-f]{8,}$/i.test(part) && /\d/.test(part)
  if (/^\d+$/.test(part)) return true
  if (/^[0-9a-f]{5,}$/i.test(part) && /\d/.test(part)) return true
  if (/^[A-Za-z0-9]{5,}$/.test(part) && /\d/.test(part) && /[A-Za-z]/.test(part)) return true
  return /^[A-Za-z0-9_-]{8}$/.test(part) && (part.match(/[A-Z]/g)?.length ?? 0) >= 2 && /[a-z]/.test(part)
}

// Build noise that does not change the code path.
const NOISE_PARTS = new Set([
  'min',
  'prod',
  'production',
  'development',
  'chunk',
  'bundle',
  'esm',
  'umd',
  'cjs',
])
const SOURCE_EXTENSIONS = new Set([
  'js',
  'mjs',
  'cjs',
  'jsx',
  'ts',
  'mts',
  'cts',
  'tsx',
  'vue',
  'svelte',
  'html',
  'htm',
])

/**
 * The stable identity of a frame's file: its base name without origin, directories, query, build hashes,
 * `.min`, or extension. `https://cdn.app.test/assets/main.3f9a1c.min.js?v=2` → `main`. Directories are dropped
 * on purpose: the same module lives at `/src/Foo.tsx` in development and `/assets/Foo-3f9a1c.js` in production.
 */
export function normalizeFile(file: string | null): string {
  if (file === null) return '?'
  if (/^blob:/i.test(file)) return 'blob'
  if (NOT_A_FILE.test(file)) return file.toLowerCase()
  const basename = fileBasename(file).replace(/@[\d.]+[\w.-]*$/, '')
  if (basename === '') return '/'
  const parts = basename.split(/[.\-_~]/).filter((p) => p !== '')
  const kept = parts.filter((part, i) => {
    if (i > 0 && i === parts.length - 1 && SOURCE_EXTENSIONS.has(part.toLowerCase())) return false
    if (NOISE_PARTS.has(part.toLowerCase()) && i > 0) return false
    return !isHashPart(part, i)
  })
  return kept.length === 0 ? '#' : kept.join('.')
}

/**
 * The stable part of a function name: `Object.aha`, `async aha`, `new Aha`, `aha [as x]` and Firefox's
 * `Foo.prototype.aha/<` all become `aha`. Names of one or two characters are what minifiers produce and change
 * with every build, so they count as unknown (`?`).
 */
export function normalizeFunction(name: string | null): string {
  if (name === null) return '?'
  let text = name
    .replace(/^(?:async\*|async |new )+/, '')
    .replace(/\s*\[as [^\]]*\]\s*$/, '')
    .trim()
  // Firefox names an anonymous function by its parent (`outer/<`) and a nested one as `outer/inner<`.
  if (/\/<+$/.test(text)) return '?'
  text = text.replace(/<+$/, '')
  if (
    /^(?:<anonymous>|anonymous|Anonymous function|\(anonymous function\)|global code|eval code|eval|module code)$/i.test(
      text,
    )
  ) {
    return '?'
  }
  text = text.replace(/\(.*\)(?:\s*const)?$/, '')
  const segments = text.split(/\.|::|\//).filter((s) => s !== '' && s !== 'prototype' && s !== '<anonymous>')
  const last = segments.at(-1) ?? ''
  if (last.length <= 2 || /^\(?anonymous/i.test(last)) return '?'
  return last
}
