// Bundlers replace these exact expressions with literals at build time (Vite: `import.meta.env.MODE`;
// Vite, webpack, esbuild, Next.js: `process.env.NODE_ENV`), so they must be written out in full. Where
// nothing replaced them (`process` undefined, `import.meta.env` missing) reading them throws, hence the
// try blocks: a `typeof process` guard would also hide the replaced literal.
declare const process: { env: { NODE_ENV?: unknown } }

/**
 * The host app's build mode, as its bundler saw it (`production`, `development`, a Vite `--mode`), or
 * undefined where there is none. The default `app.environment`, so development errors stay apart.
 */
export function bundlerMode(): string | undefined {
  let mode: unknown
  try {
    mode = (import.meta as unknown as { env: { MODE?: unknown } }).env.MODE
  } catch {}
  if (typeof mode === 'string' && mode !== '') return mode
  try {
    mode = process.env.NODE_ENV
  } catch {}
  return typeof mode === 'string' && mode !== '' ? mode : undefined
}
