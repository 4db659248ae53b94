import { defineConfig } from 'tsdown'

export const config = defineConfig({
  // One entry per subpath export: the browser SDK imports `./scrub-light`, `./route` and `./limits`
  // (the Sentry forwarder also `./stack`, `./fingerprint` and `./ingest`), which share no module with the zod
  // schemas, so zod never reaches it.
  entry: {
    index: 'src/index.ts',
    scrub: 'src/scrub/entry.ts',
    'scrub-light': 'src/scrub-light/entry.ts',
    // The server's scrubber, with libphonenumber-js and its full metadata; never imported by the SDK.
    'scrub-server': 'src/scrub/server/entry.ts',
    stack: 'src/stack/entry.ts',
    fingerprint: 'src/fingerprint/entry.ts',
    route: 'src/route/entry.ts',
    ingest: 'src/ingest/entry.ts',
    limits: 'src/schema/limits.ts',
  },
  format: 'esm',
  dts: true,
  fixedExtension: false,
  platform: 'neutral',
})

export default config
