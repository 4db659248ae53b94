import { createHash } from 'node:crypto'

/**
 * A stable UUID (version 4 layout, as Linear requires for client-chosen ids) derived from `parts`:
 * the same inputs always give the same id, so a retried create or comment is recognised.
 */
export function clientId(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex')
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
