import { createHash, randomBytes } from 'node:crypto'

/** A UUID-shaped id derived from its parts: a retried comment carries the same id (trackers dedupe on it). */
export function stableId(...parts: readonly (string | number)[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** A run id that sorts by start time: `fix-<time>-<random>`. */
export function newRunId(now: Date): string {
  return `fix-${now.getTime().toString(36)}-${randomBytes(3).toString('hex')}`
}
