// `@suture/envelope/scrub`: the scrubber alone, without the zod schemas (the browser SDK imports this).
export { findPii } from './find-pii.js'
export { luhnValid } from './luhn.js'
export { scrubEnvelope, scrubEnvelopes } from './scrub-envelope.js'
export { scrubText } from './scrub-text.js'
export { scrubUrl } from './scrub-url.js'

export type { PiiKind, PiiSpan } from './types.js'
