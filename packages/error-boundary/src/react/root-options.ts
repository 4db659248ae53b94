import type { ErrorInfo } from 'react'
import { getClient } from '../client/hub.js'

type RootErrorHandler = (error: unknown, errorInfo: ErrorInfo) => void

export interface RootErrorOptions {
  onCaughtError: (error: unknown, errorInfo: ErrorInfo & { errorBoundary?: unknown }) => void
  onUncaughtError: RootErrorHandler
  onRecoverableError: RootErrorHandler
}

function componentStack(info: ErrorInfo | undefined): { componentStack?: string } {
  return info?.componentStack ? { componentStack: info.componentStack } : {}
}

/**
 * Error handlers for React 19's `createRoot`/`hydrateRoot`. Errors a boundary already reported are
 * not sent twice. Pass your own handlers to keep them running too.
 * @example
 * createRoot(document.getElementById('root')!, reactRootOptions()).render(<App />)
 */
export function reactRootOptions(chain: Partial<RootErrorOptions> = {}): RootErrorOptions {
  const wrap =
    (
      mechanism: string,
      handled: boolean,
      next: RootErrorHandler | undefined,
      logUncaught: boolean,
    ): RootErrorHandler =>
    (error, info) => {
      getClient()?.captureError(error, { mechanism, handled, ...componentStack(info) })
      if (next) next(error, info)
      // React logs uncaught errors itself only when no handler is given; keep them visible.
      else if (logUncaught) console.error(error)
    }
  return {
    onCaughtError: wrap('react-root', true, chain.onCaughtError, false),
    onUncaughtError: wrap('react-root', false, chain.onUncaughtError, true),
    onRecoverableError: wrap('react-recoverable', true, chain.onRecoverableError, false),
  }
}
