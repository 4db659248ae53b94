// `@suture/envelope/route`: route parameterisation alone, without the zod schemas.
export { isIdSegment, parameterizeRoute } from './parameterize-route.js'
