export interface NormalizedError {
  readonly type: string
  readonly message: string
  readonly stack?: string
}

/** Whatever was thrown, as type/message/stack. Thrown strings and plain objects are errors too. */
export function normalizeError(value: unknown): NormalizedError {
  if (value instanceof Error) {
    const type = value.name && value.name !== 'Error' ? value.name : value.constructor?.name || 'Error'
    return value.stack
      ? { type, message: value.message, stack: value.stack }
      : { type, message: value.message }
  }
  if (typeof value === 'string') return { type: 'Error', message: value }
  if (value && typeof value === 'object') {
    const o = value as { name?: unknown; message?: unknown; stack?: unknown }
    if (typeof o.message === 'string') {
      const type = typeof o.name === 'string' && o.name ? o.name : 'Error'
      return typeof o.stack === 'string'
        ? { type, message: o.message, stack: o.stack }
        : { type, message: o.message }
    }
    let text: string
    try {
      text = JSON.stringify(value) ?? String(value)
    } catch {
      text = String(value)
    }
    return { type: 'NonErrorThrown', message: text }
  }
  return { type: 'NonErrorThrown', message: String(value) }
}
