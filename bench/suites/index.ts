import type { BenchSuite } from '../suite.js'

/** Every suite `pnpm bench` runs, in order. `pnpm bench NAME…` runs only those named. */
export const SUITES: readonly BenchSuite[] = []
