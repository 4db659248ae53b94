import { defineConfig } from 'vitest/config'
import { SummaryReporter } from './test/support/summary-reporter.js'

export default defineConfig({
  test: {
    projects: ['packages/*', 'test'],
    reporters: ['default', new SummaryReporter()],
  },
})
