import { jsonText } from '../client/normalize-error.js'
import type { BreadcrumbBuffer } from './ring-buffer.js'

type Guard = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void

function text(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`
  return typeof value === 'string' ? value : jsonText(value)
}

/** Records `console.error` calls (first 200 characters), then calls the original. */
export function recordConsole(buffer: BreadcrumbBuffer, guard: Guard): () => void {
  const original = console.error
  const note = guard((args: unknown[]) => {
    const message = args.map(text).join(' ').slice(0, 200)
    buffer.add({ at: Date.now(), type: 'console', label: `console.error: ${message}` })
  })
  console.error = (...args: unknown[]) => {
    note(args)
    original.apply(console, args)
  }
  return () => {
    console.error = original
  }
}
