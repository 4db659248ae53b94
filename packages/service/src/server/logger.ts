import { type DestinationStream, type Logger, pino } from 'pino'

/**
 * The service's JSON logger. Keys and tokens are never passed to it; `redact` is a second guard for
 * anything that slips into a logged object.
 */
export function createLogger(level = 'info', destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    redact: {
      paths: ['key', '*.key', 'token', '*.token', 'secretKey', 'headers["x-suture-key"]'],
      censor: '[redacted]',
    },
  }
  return destination ? pino(options, destination as DestinationStream) : pino(options)
}
