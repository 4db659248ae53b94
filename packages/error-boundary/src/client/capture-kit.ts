// The capture-time half of the SDK, loaded by a dynamic import: parsing, fingerprinting and scrubbing are
// needed only once something is captured, so they stay out of the host app's initial bundle (bundlers
// that split code put this in its own chunk; the client starts fetching it as soon as it is created).
export { fingerprint } from '@suture/envelope/fingerprint'
export { scrubEnvelope } from '@suture/envelope/scrub'
export { parseStack } from '@suture/envelope/stack'
