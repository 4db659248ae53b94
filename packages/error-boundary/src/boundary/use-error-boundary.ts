import { useContext, useMemo, useState } from 'react'
import { ErrorBoundaryContext } from './context.js'

export interface UseErrorBoundaryApi {
  /** Resets the nearest boundary (as its "try again" would). */
  resetBoundary: () => void
  /** Shows the nearest boundary's fallback for `error` (for errors from event handlers and effects). */
  showBoundary: (error: unknown) => void
}

/**
 * Lets event handlers and async code hand errors to the nearest `<ErrorBoundary>`.
 * @example
 * const { showBoundary } = useErrorBoundary()
 * fetchProjects().catch(showBoundary)
 */
export function useErrorBoundary(): UseErrorBoundaryApi {
  const context = useContext(ErrorBoundaryContext)
  if (!context)
    throw new Error('useErrorBoundary() must be used inside an <ErrorBoundary>; wrap the component in one.')
  const [state, setState] = useState<{ error: unknown; hasError: boolean }>({ error: null, hasError: false })
  const api = useMemo<UseErrorBoundaryApi>(
    () => ({
      resetBoundary: () => {
        context.resetErrorBoundary()
        setState({ error: null, hasError: false })
      },
      showBoundary: (error) => setState({ error, hasError: true }),
    }),
    [context.resetErrorBoundary],
  )
  if (state.hasError) throw state.error
  return api
}
