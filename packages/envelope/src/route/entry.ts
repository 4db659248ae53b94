// `@suture/envelope/route`: route parameterisation alone, without the zod schemas.
export { normalizeRoutes, routeTemplateOf } from './normalize-routes.js'
export { isIdSegment, parameterizeRoute, parameterizeRouteCached } from './parameterize-route.js'
