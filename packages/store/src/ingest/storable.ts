/** Postgres accepts years 1–294276; ISO strings outside 0001–9999 do not round-trip, so refuse them. */
export function storableTime(iso: string): Date | undefined {
  const date = new Date(iso)
  const ms = date.getTime()
  if (Number.isNaN(ms)) return undefined
  const year = date.getUTCFullYear()
  return year >= 1 && year <= 9999 ? date : undefined
}

/**
 * Cuts `text` to at most `maxBytes` of UTF-8, on a character boundary. Indexed columns need it: a btree
 * entry must stay under ~2.7 kB, and 2,048 characters may be 8 kB of UTF-8.
 */
export function truncateBytes(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text, 'utf8') <= maxBytes) return text
  let bytes = 0
  let end = 0
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8')
    if (bytes + size > maxBytes) break
    bytes += size
    end += ch.length
  }
  return text.slice(0, end)
}

/** The widest an indexed text column may be, in UTF-8 bytes. */
export const INDEXED_TEXT_BYTES = 1_000
