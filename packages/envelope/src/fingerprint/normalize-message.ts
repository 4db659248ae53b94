const URL_PATTERN = /\b[a-z][\w+.-]{0,30}:\/\/[^\s'"`<>()]+/gi
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi
const QUOTED = /'[^'\n]{0,200}'|"[^"\n]{0,200}"|`[^`\n]{0,200}`|“[^”\n]{0,200}”|‘[^’\n]{0,200}’/g
const HEX = /\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b/gi
// Ids such as `usr_8f2KqZ`, ULIDs and nanoids: letters and digits mixed in one long token.
const MIXED_ID = /\b(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{10,}\b/gi
const NUMBER = /\d+(?:[.,]\d+)*/g

/**
 * Reduces an error message to its shape so that messages differing only in values group together:
 * `Order 4812 not found for "ann@x.io"` → `Order <n> not found for <str>`.
 * @example
 * normalizeMessage("Cannot read properties of undefined (reading 'email')")
 * // "Cannot read properties of undefined (reading <str>)"
 */
export function normalizeMessage(message: string): string {
  return message
    .slice(0, 2_000)
    .replace(URL_PATTERN, '<url>')
    .replace(EMAIL, '<email>')
    .replace(UUID, '<uuid>')
    .replace(QUOTED, '<str>')
    .replace(HEX, '<hex>')
    .replace(MIXED_ID, '<id>')
    .replace(NUMBER, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
}
