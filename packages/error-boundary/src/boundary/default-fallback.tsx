import { type FormEvent, type ReactNode, useContext, useState } from 'react'
import { getClient } from '../client/hub.js'
import { SutureClientContext } from './context.js'
import type { FallbackProps } from './types.js'

const box = {
  font: '14px/1.5 system-ui, sans-serif',
  padding: '16px',
  border: '1px solid #e5c7c7',
  borderRadius: '8px',
  background: '#fff8f8',
  color: '#3b1f1f',
  maxWidth: '32rem',
}
const button = {
  font: 'inherit',
  padding: '4px 12px',
  borderRadius: '6px',
  border: '1px solid #b9a4a4',
  cursor: 'pointer',
}

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
    <div role="alert" data-suture-boundary={boundaryName ?? ''} style={box}>
      {/* The boundary's name is for tickets, not for the person looking at this. */}
      <p style={{ margin: '0 0 12px', fontWeight: 600 }}>
        Something went wrong here. We have been told about it.
      </p>
      <button type="button" style={button} onClick={() => resetErrorBoundary()}>
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
        <p style={{ margin: '12px 0 0' }}>Thanks — that helps us fix it.</p>
      ) : (
        <form
          onSubmit={submit}
          aria-label="Error feedback"
          style={{ display: 'flex', gap: '8px', marginTop: '12px' }}
        >
          <input
            name="suture-feedback"
            aria-label="What were you trying to do?"
            placeholder="What were you trying to do? (optional)"
            value={text}
            maxLength={500}
            onChange={(e) => setText(e.target.value)}
            style={{ ...button, flex: 1, cursor: 'text' }}
          />
          <button type="submit" style={button}>
            Send
          </button>
        </form>
      )}
    </DefaultFallback>
  )
}
