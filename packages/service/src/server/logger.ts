import { type DestinationStream, type Logger, pino } from 'pino'

const LEVEL_NAMES: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
}
/** Fields every line carries; the pretty format shows them as the time, level and message instead. */
const FRAME = new Set(['level', 'time', 'pid', 'hostname', 'msg'])

/** One pino line as a person reads it: `12:03:04 info  message key=value …`. */
export function prettyLine(json: string): string {
  let record: Record<string, unknown>
  try {
    record = JSON.parse(json) as Record<string, unknown>
  } catch {
    return json
  }
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 19) : ''
  const level = (LEVEL_NAMES[Number(record.level)] ?? String(record.level)).padEnd(5)
  const fields = Object.entries(record)
    .filter(([key]) => !FRAME.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
  return [time, level, String(record.msg ?? ''), ...fields].filter((part) => part !== '').join(' ')
}

/** A destination that turns each JSON line into {@link prettyLine} before writing it. */
function prettyDestination(out: NodeJS.WritableStream): DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line.trim() !== '') out.write(`${prettyLine(line)}\n`)
    },
  }
}

/**
 * The service's logger: JSON lines for machines (the default), or `format: 'pretty'` for a person at a
 * terminal. Keys and tokens are never passed to it; `redact` is a second guard for anything that slips
 * into a logged object, in both formats.
 */
export function createLogger(
  level = 'info',
  destination?: NodeJS.WritableStream,
  options: { format?: 'json' | 'pretty' } = {},
): Logger {
  const settings = {
    level,
    redact: {
      paths: ['key', '*.key', 'token', '*.token', 'secretKey', 'headers["x-suture-key"]'],
      censor: '[redacted]',
    },
  }
  if (options.format === 'pretty') return pino(settings, prettyDestination(destination ?? process.stdout))
  return destination ? pino(settings, destination as DestinationStream) : pino(settings)
}
