import type { FormEvent, ReactNode } from 'react'
import { captureFeedback, getClient } from '../client/hub.js'
import { SutureClientContext } from './context.js'
import { createElement as h, useContext, useState } from './react.js'
import type { FallbackProps } from './types.js'

// No inline styles: the fallback inherits the app's typography and is styled from the app's CSS via
// `[data-suture-boundary]` (a colour scheme of ours would clash with most apps, and cost bytes in all).

/**
 * Shown when a boundary has no fallback prop: says what happened and offers "Try again"
 * (`children`, such as `FeedbackFallback`'s box, go below). The boundary's name is only an attribute:
 * it is for tickets, not for the person looking at this.
 */
export function DefaultFallback({
  resetErrorBoundary,
  boundaryName,
  children,
}: FallbackProps & { children?: ReactNode }) {
  return h(
    'div',
    { role: 'alert', 'data-suture-boundary': boundaryName ?? '' },
    h('p', null, 'Something went wrong here. We have been told about it.'),
    h('button', { type: 'button', onClick: () => resetErrorBoundary() }, 'Try again'),
    children,
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
    captureFeedback({ text: text.trim(), channel: 'fallback', linkedTo: props.eventId }, client)
    setSent(true)
  }
  const box = sent
    ? h('p', null, 'Thanks — that helps us fix it.')
    : h(
        'form',
        { onSubmit: submit, 'aria-label': 'Error feedback' },
        h('input', {
          name: 'suture-feedback',
          'aria-label': 'What were you trying to do?',
          placeholder: 'What were you trying to do? (optional)',
          value: text,
          maxLength: 500,
          onChange: (e: { target: { value: string } }) => setText(e.target.value),
        }),
        h('button', { type: 'submit' }, 'Send'),
      )
  return h(DefaultFallback, { ...props, children: box })
}
