import type { Reporter, TestModule } from 'vitest/node'

/**
 * Ends the run with one plain `tests: N passed, N failed, N skipped` line that any CI log reader
 * understands. A file whose setup failed (a hook timing out, an import throwing) skips its tests; each of
 * those counts as failed, so the line never reads "0 failed" for a red run.
 */
export class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      const moduleFailed = module.state() === 'failed' || module.errors().length > 0
      let counted = 0
      for (const test of module.children.allTests()) {
        const state = test.result().state
        counted++
        if (state === 'passed') passed++
        else if (state === 'failed' || moduleFailed) failed++
        else skipped++
      }
      // A file that failed before it collected a test still counts once.
      if (moduleFailed && counted === 0) failed++
    }
    process.stdout.write(
      `${slowestFiles(testModules)}\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`,
    )
  }
}

/** The files that took longest (tests and hooks), so trimming the suite starts where the time goes. */
function slowestFiles(testModules: ReadonlyArray<TestModule>, count = 12): string {
  const rows = testModules
    .map((module) => ({ file: module.relativeModuleId, seconds: module.diagnostic().duration / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count)
  if (rows.length === 0) return ''
  return `\nslowest test files:\n${rows.map((r) => `  ${r.seconds.toFixed(1).padStart(7)} s  ${r.file}`).join('\n')}\n`
}
