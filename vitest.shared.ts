import { defineConfig } from 'vitest/config'

// The source condition lets tests import workspace packages without building them first;
// vitest resolves client and SSR modules separately, so both need it.
export const shared = defineConfig({
  resolve: { conditions: ['@suture/source'] },
  ssr: { resolve: { conditions: ['@suture/source'] } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One module graph per worker, not per file: the workspace packages, kysely, PGlite and their templates
    // load once per worker instead of once per file (the full run's import time fell from ≈260 s to ≈95 s).
    // Node test files leave no global state behind; the browser-DOM project turns isolation back on.
    isolate: false,
  },
})
