import { describe, expect, it } from 'vitest'
import { measureSdkBudget, SDK_SIZE_TARGET, TYPICAL_IMPORTS } from '../bench/suites/sdk-size.js'

// A size budget, like size-limit in CI: bytes are deterministic for pinned esbuild and sources (no timing),
// so a change that pushes the SDK past the 8 KB fails here, not in a later release note.
describe('the browser SDK size budget', () => {
  it(`ships ${TYPICAL_IMPORTS.join(' + ')} within 8 KB gzip, every chunk counted`, async () => {
    const { typical, core } = await measureSdkBudget()
    expect(typical, `init + ErrorBoundary + reactRootOptions: ${typical} B gzip`).toBeLessThanOrEqual(
      SDK_SIZE_TARGET,
    )
    // Every export of the core entry (hooks, provider, the feedback API as well) stays within 9 KB: each
    // extra import costs only what it adds.
    expect(core, `core: ${core} B gzip`).toBeLessThanOrEqual(9 * 1024)
  })
})
