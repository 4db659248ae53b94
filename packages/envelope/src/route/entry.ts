// `@suture/envelope/route`: route parameterisation alone, without the zod schemas.
export { normalizeRoutes, routeTemplateOf } from './normalize-routes.js'
export { isIdSegment, parameterizeRoute } from './parameterize-route.js'
