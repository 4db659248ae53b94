// `@suture/envelope/scrub-server`: the thorough scrubber for the server (ingest, prompts, tickets). It loads
// libphonenumber-js with its full metadata, so the browser SDK imports `@suture/envelope/scrub` instead.

export type { PiiKind, PiiSpan } from '../types.js'
export { detectPhoneNumbers } from './detect-phones.js'
export { findPiiThorough } from './find-pii-thorough.js'
export {
  scrubEnvelopesThorough,
  scrubEnvelopeThorough,
  scrubTextThorough,
  scrubUrlThorough,
} from './scrub-thorough.js'
