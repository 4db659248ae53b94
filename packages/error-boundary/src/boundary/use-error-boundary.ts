import { ErrorBoundaryContext } from './context.js'
import { useContext, useMemo, useState } from './react.js'

export interface UseErrorBoundaryApi {
  /**
   * The error the nearest boundary is showing, or `null` while it shows its children. A fallback reads it
   * here instead of from its props, as with react-error-boundary 6.
   */
  error: unknown
  /** Resets the nearest boundary (as its "try again" would). */
  resetBoundary: () => void
  /** Shows the nearest boundary's fallback for `error` (for errors from event handlers and effects). */
  showBoundary: (error: unknown) => void
}

/**
 * Lets event handlers and async code hand errors to the nearest `<ErrorBoundary>`, and lets a fallback read
 * the error it is showing.
 * @example
 * const { showBoundary } = useErrorBoundary()
 * fetchProjects().catch(showBoundary)
 * // in a fallback:
 * const { error, resetBoundary } = useErrorBoundary()
 */
export function useErrorBoundary(): UseErrorBoundaryApi {
  const context = useContext(ErrorBoundaryContext)
  if (!context)
    throw new Error('useErrorBoundary() must be used inside an <ErrorBoundary>; wrap the component in one.')
  const { error, resetErrorBoundary } = context
  const [state, setState] = useState<{ error: unknown; hasError: boolean }>({ error: null, hasError: false })
  const api = useMemo<UseErrorBoundaryApi>(
    () => ({
      // The boundary's context carries `null` until it catches, so children see `null` and the fallback the error.
      error,
      resetBoundary: () => {
        resetErrorBoundary()
        setState({ error: null, hasError: false })
      },
      showBoundary: (thrown) => setState({ error: thrown, hasError: true }),
    }),
    [error, resetErrorBoundary],
  )
  if (state.hasError) throw state.error
  return api
}
