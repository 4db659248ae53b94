import { defineConfig } from 'vitest/config'

// The source condition lets tests import workspace packages without building them first;
// vitest resolves client and SSR modules separately, so both need it.
export const shared = defineConfig({
  resolve: { conditions: ['@suture/source'] },
  ssr: { resolve: { conditions: ['@suture/source'] } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
