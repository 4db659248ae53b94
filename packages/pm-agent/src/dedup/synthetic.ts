import { seededRandom } from '@suture/envelope'
import type { Signal, SignalFrame } from './signal.js'

const SYLLABLES =
  'ba be bi bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu'.split(
    ' ',
  )
const ERROR_TYPES = [
  'TypeError',
  'ReferenceError',
  'RangeError',
  'SyntaxError',
  'NetworkError',
  'ChunkLoadError',
]

export interface SyntheticOptions {
  readonly signals: number
  /** Distinct underlying problems. */
  readonly problems: number
  readonly seed?: number
  /** Share of signals that are feedback (text and route, no stack). */
  readonly feedbackShare?: number
}

export interface SyntheticSignal {
  readonly signal: Signal
  /** The problem the generator drew it from: the truth. */
  readonly problem: number
}

/**
 * Generates error and feedback signals from `problems` underlying problems with realistic variation:
 * ids and counts change inside messages, frames gain or lose a wrapper, some users describe the problem
 * in their own words, routes carry a parameter.
 */
export function generateSignals(options: SyntheticOptions): SyntheticSignal[] {
  const random = seededRandom(options.seed ?? 42)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const word = (): string => pick(SYLLABLES) + pick(SYLLABLES) + pick(SYLLABLES)
  const feedbackShare = options.feedbackShare ?? 0.2
  const problems = Array.from({ length: options.problems }, (_, p) => {
    const noun = word()
    const verb = word()
    const frames: SignalFrame[] = Array.from({ length: 6 }, () => ({
      function: `${word()}${word()}`,
      file: `src/${word()}/${word()}.tsx`,
      line: Math.floor(random() * 400),
      inApp: true,
    }))
    return {
      route: `/${word()}/:id/${word()}`,
      errorType: pick(ERROR_TYPES),
      boundary: `${noun}Boundary`,
      message: [`cannot ${verb} ${noun}`, word(), word()],
      feedback: [`the ${noun} page`, word(), word(), word()],
      frames,
      fingerprint: `fp${p}`,
    }
  })
  const start = Date.parse('2026-11-23T00:00:00Z')
  const out: SyntheticSignal[] = []
  for (let i = 0; i < options.signals; i++) {
    // Skewed: a few problems produce most signals, as in real weeks.
    const problem = Math.floor(options.problems * random() ** 2)
    const spec = problems[problem] as (typeof problems)[number]
    const createdAt = new Date(start + Math.floor(random() * 7 * 86_400_000)).toISOString()
    const userId = `u${Math.floor(random() * 5000)}`
    if (random() < feedbackShare) {
      const words = [...spec.feedback, word()]
      out.push({
        problem,
        signal: {
          id: `s${i}`,
          kind: 'feedback',
          text: words.join(' '),
          route: spec.route,
          createdAt,
          userId,
        },
      })
      continue
    }
    const frames =
      random() < 0.2
        ? [{ function: 'wrapper', file: 'src/lib/wrap.ts', inApp: true }, ...spec.frames]
        : spec.frames
    out.push({
      problem,
      signal: {
        id: `s${i}`,
        kind: 'error',
        title: `${spec.errorType}: ${spec.message.join(' ')} ${Math.floor(random() * 100000)}`,
        text: `${spec.message.join(' ')} ${Math.floor(random() * 100000)}`,
        errorType: spec.errorType,
        route: spec.route,
        boundary: spec.boundary,
        frames,
        ...(random() < 0.7 ? { fingerprint: spec.fingerprint } : {}),
        createdAt,
        userId,
      },
    })
  }
  return out
}
