export interface NormalizedError {
  readonly type: string
  readonly message: string
  /** Undefined (or '') when there is none; the envelope leaves it out either way. */
  readonly stack?: string | undefined
}

/** Whatever was thrown, as type/message/stack. Thrown strings and plain objects are errors too. */
export function normalizeError(value: unknown): NormalizedError {
  if (typeof value === 'string') return { type: 'Error', message: value }
  const { name, message, stack } = Object(value) as { name?: unknown; message?: unknown; stack?: unknown }
  if (typeof message === 'string') {
    // `class QuotaError extends Error {}` keeps the name 'Error': its constructor says more.
    const type =
      typeof name === 'string' && name && name !== 'Error'
        ? name
        : (value instanceof Error && value.constructor?.name) || 'Error'
    return { type, message, stack: typeof stack === 'string' ? stack : undefined }
  }
  return { type: 'NonErrorThrown', message: jsonText(value) }
}

/** JSON for what JSON can hold, `String()` for the rest (functions, symbols, cycles, BigInt). */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
