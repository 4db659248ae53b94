import type { ErrorInfo, ReactNode } from 'react'
import type { SutureClient } from '../client/client.js'
import { getClient } from '../client/hub.js'
import { ErrorBoundaryContext, SutureClientContext } from './context.js'
import { DefaultFallback } from './default-fallback.js'
import { Component, createElement } from './react.js'
import type { ErrorBoundaryProps, FallbackProps } from './types.js'

interface State {
  didCatch: boolean
  error: unknown
  eventId: string | undefined
}

const initial: State = { didCatch: false, error: null, eventId: undefined }

function changed(a: unknown[] = [], b: unknown[] = []): boolean {
  return a.length !== b.length || a.some((item, i) => !Object.is(item, b[i]))
}

/**
 * A drop-in for react-error-boundary's `<ErrorBoundary>` that also reports what the user was doing.
 * @example
 * <ErrorBoundary name="InviteForm" attempting="inviting a teammate" fallback={<p>Could not invite.</p>}>
 *   <InviteForm />
 * </ErrorBoundary>
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  static override contextType = SutureClientContext
  declare context: SutureClient | undefined
  override state: State = initial

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { didCatch: true, error }
  }

  resetErrorBoundary = (...args: unknown[]): void => {
    if (!this.state.didCatch) return
    this.props.onReset?.({ args, reason: 'imperative-api' })
    this.setState(initial)
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    const { name, attempting } = this.props
    let what: string | undefined
    try {
      what = typeof attempting === 'function' ? attempting(error) : attempting
    } catch {}
    const client = this.context ?? getClient()
    const eventId = client?.captureError(error, {
      mechanism: 'boundary',
      handled: true,
      boundary: name,
      attempting: what,
      componentStack: info.componentStack || undefined,
    })
    if (eventId) this.setState({ eventId })
    this.props.onError?.(error, info)
  }

  override componentDidUpdate(prevProps: ErrorBoundaryProps, prevState: State): void {
    const { didCatch } = this.state
    const { resetKeys } = this.props
    // Only reset on a key change after the error was caught, not in the render that caught it.
    if (didCatch && prevState.error !== null && changed(prevProps.resetKeys, resetKeys)) {
      this.props.onReset?.({ next: resetKeys, prev: prevProps.resetKeys, reason: 'keys' })
      this.setState(initial)
    }
  }

  override render(): ReactNode {
    const { children, fallbackRender, FallbackComponent, fallback, name } = this.props
    const { didCatch, error, eventId } = this.state
    let content: ReactNode = children
    if (didCatch) {
      const props: FallbackProps = {
        error,
        resetErrorBoundary: this.resetErrorBoundary,
        eventId,
        boundaryName: name,
      }
      if (fallbackRender) content = fallbackRender(props)
      else if (FallbackComponent) content = createElement(FallbackComponent, props)
      else if (fallback !== undefined) content = fallback
      else content = createElement(DefaultFallback, props)
    }
    return createElement(
      ErrorBoundaryContext.Provider,
      { value: { didCatch, error, resetErrorBoundary: this.resetErrorBoundary } },
      content,
    )
  }
}
