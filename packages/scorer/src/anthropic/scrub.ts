// Prompts get the server's thorough scrubber (every region's phone numbers, vendor keys): text imported from
// a file never went through ingest, and text that did is unchanged by a second pass (it is idempotent).
export { scrubTextThorough as scrubText } from '@suture/envelope/scrub-server'
