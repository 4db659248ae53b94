// `@suture/envelope/fingerprint`: fingerprinting alone, without the zod schemas.

export type { FingerprintInput } from './fingerprint.js'
export { fingerprint, fingerprintParts } from './fingerprint.js'
export { fnv1a64 } from './fnv1a.js'
export { isInAppFile, isInAppFrame, normalizeFile, normalizeFunction } from './normalize-frame.js'
export { normalizeMessage } from './normalize-message.js'
