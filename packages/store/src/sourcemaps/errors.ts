/**
 * An uploaded source map that cannot be stored: it is not a source map, is too large, or does not match the
 * file it was uploaded for. `field` names the upload field at fault (`map`, `map.mappings`, `debugId`, …).
 */
export class SourceMapError extends Error {
  override readonly name = 'SourceMapError'
  readonly field: string
  readonly reason: 'invalid' | 'mismatch' | 'too-large'

  constructor(field: string, message: string, reason: SourceMapError['reason'] = 'invalid') {
    super(`${field}: ${message}`)
    this.field = field
    this.reason = reason
  }
}
