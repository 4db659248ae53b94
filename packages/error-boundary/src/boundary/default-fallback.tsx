import { type FormEvent, type ReactNode, useContext, useState } from 'react'
import { getClient } from '../client/hub.js'
import { SutureClientContext } from './context.js'
import type { FallbackProps } from './types.js'

// No inline styles: the fallback inherits the app's typography and is styled from the app's CSS via
// `[data-suture-boundary]` (a colour scheme of ours would clash with most apps, and cost bytes in all).
/**
 * Shown when a boundary has no fallback prop: says what happened and offers "Try again"
 * (`children`, such as `FeedbackFallback`'s box, go below).
 */
export function DefaultFallback({
  resetErrorBoundary,
  boundaryName,
  children,
}: FallbackProps & { children?: ReactNode }) {
  return (
    <div role="alert" data-suture-boundary={boundaryName ?? ''}>
      {/* The boundary's name is for tickets, not for the person looking at this. */}
      <p>
        Something went wrong here. We have been told about it.
      </p>
      <button type="button" onClick={() => resetErrorBoundary()}>
        Try again
      </button>
      {children}
    </div>
  )
}

/**
 * The default fallback plus one line of feedback, sent linked to the error envelope. Opt-in (pass it
 * as `FallbackComponent`), so apps that do not ask for feedback do not ship the form.
 * @example
 * <ErrorBoundary name="App" FallbackComponent={FeedbackFallback}><App /></ErrorBoundary>
 */
export function FeedbackFallback(props: FallbackProps) {
  const client = useContext(SutureClientContext) ?? getClient()
  const [text, setText] = useState('')
  const [sent, setSent] = useState(false)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!text.trim()) return
    client?.captureFeedback({ text: text.trim(), channel: 'fallback', linkedTo: props.eventId })
    setSent(true)
  }
  return (
    <DefaultFallback {...props}>
      {sent ? (
        <p>Thanks — that helps us fix it.</p>
      ) : (
        <form onSubmit={submit} aria-label="Error feedback">
          <input
            name="suture-feedback"
            aria-label="What were you trying to do?"
            placeholder="What were you trying to do? (optional)"
            value={text}
            maxLength={500}
            onChange={(e) => setText(e.target.value)}
          />
          <button type="submit">
            Send
          </button>
        </form>
      )}
    </DefaultFallback>
  )
}
