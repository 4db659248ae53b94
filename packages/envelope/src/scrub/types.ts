/** What a detector found. The placeholder written in its place is `[kind]`. */
export type PiiKind = 'email' | 'phone' | 'card' | 'jwt' | 'token' | 'api-key' | 'secret' | 'ip'

/** A detected span of `text`, `[start, end)` in UTF-16 code units. */
export interface PiiSpan {
  start: number
  end: number
  kind: PiiKind
}

export function placeholder(kind: PiiKind): string {
  return `[${kind}]`
}
