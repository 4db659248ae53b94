import { defineConfig } from 'tsdown'

export const config = defineConfig({
  // The Sentry forwarder is its own entry so the core never pulls Sentry in.
  entry: { index: 'src/index.ts', 'sentry/index': 'src/sentry/index.ts' },
  format: 'esm',
  dts: true,
  fixedExtension: false,
  platform: 'browser',
  external: ['react', 'react-dom', 'react/jsx-runtime', '@sentry/browser'],
})

export default config
