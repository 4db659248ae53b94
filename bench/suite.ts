/** One benchmark: prints its own figures, each as a ratio against a baseline measured in the same run. */
export interface BenchSuite {
  readonly name: string
  run(log: (line: string) => void): Promise<void>
}

/** Median wall time of `fn` over `runs` runs, in milliseconds. */
export async function medianMs(fn: () => unknown | Promise<unknown>, runs = 5): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] ?? Number.NaN
}
