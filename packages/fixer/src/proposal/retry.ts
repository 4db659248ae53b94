export interface RetryPolicy {
  readonly attempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
}

export const DEFAULT_GITHUB_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000 }

function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = (error as { status: unknown }).status
    return typeof status === 'number' ? status : undefined
  }
  return undefined
}

/** Rate limits and server errors are worth another try; a 4xx other than 429 is an answer. */
export function isRetryableStatus(error: unknown): boolean {
  const status = statusOf(error)
  if (status === undefined) return true // network error: no response at all
  return status === 429 || status >= 500
}

function retryAfterMs(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined
  const headers = (error as { response?: { headers?: Record<string, string | number | undefined> } }).response
    ?.headers
  const value = headers?.['retry-after']
  const seconds = Number(value)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1_000 : undefined
}

/** Retries `fn` on 429, 5xx and network errors with exponential backoff (honouring Retry-After). */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      if (attempt >= policy.attempts || !isRetryableStatus(error)) throw error
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
      await sleep(Math.min(policy.maxDelayMs, retryAfterMs(error) ?? backoff))
    }
  }
}

export { statusOf }
