import { defineConfig } from 'tsdown'

export const config = defineConfig({
  // The Sentry forwarder is its own entry so the core never pulls Sentry in. React and Sentry are peer
  // dependencies, which tsdown leaves external.
  entry: { index: 'src/index.ts', 'sentry/index': 'src/sentry/index.ts' },
  format: 'esm',
  dts: true,
  fixedExtension: false,
  platform: 'browser',
})

export default config
