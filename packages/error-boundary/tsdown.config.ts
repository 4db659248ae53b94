import { defineConfig } from 'tsdown'

// Without the source condition, @suture/envelope's types come from its dist/ (pnpm builds it first): tsc
// reads its short .d.ts instead of type-checking its sources again (same output).
const dts = { compilerOptions: { customConditions: [] } }

export const config = defineConfig([
  {
    // The Sentry forwarder is its own entry so the core never pulls Sentry in. React and Sentry are peer
    // dependencies, which tsdown leaves external.
    entry: { index: 'src/index.ts', 'sentry/index': 'src/sentry/index.ts' },
    format: 'esm',
    dts,
    fixedExtension: false,
    platform: 'browser',
  },
  {
    // The test receiver is a Node HTTP server for end-to-end tests; it never reaches a browser bundle.
    entry: { 'testing/index': 'src/testing/index.ts' },
    format: 'esm',
    dts,
    fixedExtension: false,
    platform: 'node',
    clean: false,
  },
])

export default config
