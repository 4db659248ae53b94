import type { Component } from 'react'
import { getClient } from '../client/hub.js'

/** What React passes to the root error handlers (ErrorInfo's shape, as react-dom types it). */
export interface RootErrorInfo {
  componentStack?: string | undefined
  errorBoundary?: Component<unknown> | undefined
}

type RootErrorHandler = (error: unknown, errorInfo: RootErrorInfo) => void

export interface RootErrorOptions {
  onCaughtError: RootErrorHandler
  onUncaughtError: RootErrorHandler
  onRecoverableError: RootErrorHandler
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
      logIt: boolean,
    ): RootErrorHandler =>
    (error, info) => {
      getClient()?.captureError(error, {
        mechanism,
        handled,
        componentStack: info?.componentStack || undefined,
      })
      if (next) next(error, info)
      // React logs these itself only when no handler is given; keep them visible in the console.
      else if (logIt) console.error(error)
    }
  return {
    onCaughtError: wrap('react-root', true, chain.onCaughtError, false),
    onUncaughtError: wrap('react-root', false, chain.onUncaughtError, true),
    onRecoverableError: wrap('react-recoverable', true, chain.onRecoverableError, true),
  }
}
