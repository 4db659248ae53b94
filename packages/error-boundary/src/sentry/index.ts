export type { SentryForwarderOptions } from './sentry-forwarder.js'
export { sentryForwarder } from './sentry-forwarder.js'
