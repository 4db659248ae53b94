import { defineProject, mergeConfig } from 'vitest/config'
import { shared } from '../../vitest.shared.js'

export default mergeConfig(
  shared,
  // Its tests stub browser globals (timers, beacons, storage) on one happy-dom window: each file gets its own.
  defineProject({ test: { name: 'error-boundary', environment: 'happy-dom', isolate: true } }),
)
