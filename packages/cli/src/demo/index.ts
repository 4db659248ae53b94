export { CHROMIUM_ARGS, ChromiumMissingError, chromiumPath, launchChromium } from './chromium.js'
export type { DemoOptions, DemoReporter, DemoSummary, JourneyRecord } from './run-demo.js'
export { DEMO_JOURNEYS_JOB, runDemo } from './run-demo.js'
