import type { ComponentType } from 'react'
import { ErrorBoundary } from './error-boundary.js'
import { createElement } from './react.js'
import type { ErrorBoundaryProps } from './types.js'

/**
 * Wraps a component in an `<ErrorBoundary>`.
 * @example
 * export const Billing = withErrorBoundary(BillingPage, { name: 'BillingPage' })
 */
export function withErrorBoundary<P extends object>(
  component: ComponentType<P>,
  boundaryProps: ErrorBoundaryProps = {},
): ComponentType<P> {
  // biome-ignore lint/correctness/noComponentHookFactories: a higher-order component is called once per component, at module level.
  const Wrapped = (props: P) => createElement(ErrorBoundary, boundaryProps, createElement(component, props))
  Wrapped.displayName = `withErrorBoundary(${component.displayName ?? component.name ?? 'Unknown'})`
  return Wrapped
}
