import type { BenchSuite } from '../suite.js'
import { cliSuite } from './cli.js'
import { dedupSuite } from './dedup.js'
import { httpIngestSuite } from './http-ingest.js'
import { ingestSuite } from './ingest.js'
import { lifecycleSuite } from './lifecycle.js'
import { overloadSuite } from './overload.js'
import { scoringSuite } from './scoring.js'
import { sdkSizeSuite } from './sdk-size.js'
import { sentrySuite } from './sentry.js'
import { symbolicationSuite } from './symbolication.js'

/** Every suite `pnpm bench` runs, in order. `pnpm bench NAME…` runs only those named. */
export const SUITES: readonly BenchSuite[] = [
  cliSuite,
  dedupSuite,
  httpIngestSuite,
  ingestSuite,
  lifecycleSuite,
  overloadSuite,
  scoringSuite,
  sdkSizeSuite,
  sentrySuite,
  symbolicationSuite,
]
