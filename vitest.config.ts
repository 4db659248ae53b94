import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { SummaryReporter } from './test/support/summary-reporter.js'

export default defineConfig({
  test: {
    projects: ['packages/*', 'test'],
    reporters: ['default', new SummaryReporter()],
    // Most test files spend their time waiting on Postgres, child processes and Chromium; vitest's default
    // (cores − 1) runs them one at a time on a 2-core CI machine and leaves a core idle.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
})
