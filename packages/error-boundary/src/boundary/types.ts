import type { ComponentType, ErrorInfo, PropsWithChildren, ReactNode } from 'react'

/** What a fallback receives (the same as react-error-boundary's, plus the envelope id). */
export interface FallbackProps {
  // biome-ignore lint/suspicious/noExplicitAny: react-error-boundary types this as any; kept for drop-in compatibility.
  error: any
  resetErrorBoundary: (...args: unknown[]) => void
  /** The id of the error envelope, to link feedback to it. */
  eventId?: string | undefined
  /** The boundary's name. */
  boundaryName?: string | undefined
}

export type ResetDetails =
  | { reason: 'imperative-api'; args: unknown[] }
  | { reason: 'keys'; prev: unknown[] | undefined; next: unknown[] | undefined }

interface SharedProps {
  onError?: (error: unknown, info: ErrorInfo) => void
  onReset?: (details: ResetDetails) => void
  resetKeys?: unknown[]
  /** The boundary's name, shown in tickets ("BillingPage"). */
  name?: string
  /** What the user is trying to do inside this boundary; a function gets the error. */
  attempting?: string | ((error: unknown) => string)
}

/**
 * `react-error-boundary`'s props plus `name` and `attempting`. With no fallback prop at all, Suture's
 * default fallback (try again + one-line feedback) is shown.
 */
export type ErrorBoundaryProps = PropsWithChildren<
  SharedProps &
    (
      | { fallback?: never; FallbackComponent: ComponentType<FallbackProps>; fallbackRender?: never }
      | { fallback?: never; FallbackComponent?: never; fallbackRender: (props: FallbackProps) => ReactNode }
      | { fallback: ReactNode; FallbackComponent?: never; fallbackRender?: never }
      | { fallback?: never; FallbackComponent?: never; fallbackRender?: never }
    )
>
