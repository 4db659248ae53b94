// `@suture/envelope/stack`: stack parsing alone, without the zod schemas.
export { parseStack } from './parse-stack.js'
