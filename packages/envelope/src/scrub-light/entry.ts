// `@suture/envelope/scrub-light`: the browser SDK's small scrubber (the server runs `./scrub` as well).
export { scrubLight, scrubTextLight } from './scrub-light.js'
