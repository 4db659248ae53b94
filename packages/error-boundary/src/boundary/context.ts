import type { SutureClient } from '../client/client.js'
import { createContext } from './react.js'

export interface ErrorBoundaryContextValue {
  readonly didCatch: boolean
  readonly error: unknown
  readonly resetErrorBoundary: (...args: unknown[]) => void
}

/** Set by the nearest `<ErrorBoundary>`, read by `useErrorBoundary()`. */
export const ErrorBoundaryContext = createContext<ErrorBoundaryContextValue | null>(null)

/** Set by `<SutureProvider>`; boundaries fall back to the client `init()` created. */
export const SutureClientContext = createContext<SutureClient | undefined>(undefined)
