// biome-ignore-all lint/correctness/noComponentHookFactories: test components live beside the test that uses them.
import { parseEnvelope } from '@suture/envelope'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { type ReactNode, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { reactRootOptions } from '../react/root-options.js'
import { waitFor } from '../testing/receiver.js'
import { startTestClient } from '../testing/setup-client.js'
import { FeedbackFallback } from './default-fallback.js'
import { ErrorBoundary } from './error-boundary.js'
import type { FallbackProps } from './types.js'
import { useErrorBoundary } from './use-error-boundary.js'
import { withErrorBoundary } from './with-error-boundary.js'

function Bomb({ explode = true, message = 'kaboom' }: { explode?: boolean; message?: string }): ReactNode {
  if (explode) throw new Error(message)
  return <p>all good</p>
}

type Harness = Awaited<ReturnType<typeof startTestClient>>

describe('ErrorBoundary (react-error-boundary compatible)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startTestClient()
    // React logs every caught error; keep the test output readable.
    vi.spyOn(console, 'error').mockImplementation(() => {})
  })
  afterEach(async () => {
    cleanup()
    vi.restoreAllMocks()
    await h.stop()
  })

  it('renders children when nothing throws', () => {
    render(
      <ErrorBoundary fallback={<p>broken</p>}>
        <Bomb explode={false} />
      </ErrorBoundary>,
    )
    expect(screen.getByText('all good')).toBeTruthy()
  })

  it('renders a `fallback` element', () => {
    render(
      <ErrorBoundary fallback={<p>broken</p>}>
        <Bomb />
      </ErrorBoundary>,
    )
    expect(screen.getByText('broken')).toBeTruthy()
  })

  it('renders nothing for `fallback={null}`', () => {
    const { container } = render(
      <ErrorBoundary fallback={null}>
        <Bomb />
      </ErrorBoundary>,
    )
    expect(container.innerHTML).toBe('')
  })

  it('renders `FallbackComponent` with the error and the envelope id', async () => {
    const seen: FallbackProps[] = []
    function Fallback(props: FallbackProps) {
      seen.push(props)
      return <p>failed: {props.error.message}</p>
    }
    render(
      <ErrorBoundary FallbackComponent={Fallback} name="Projects">
        <Bomb message="no projects" />
      </ErrorBoundary>,
    )
    expect(screen.getByText('failed: no projects')).toBeTruthy()
    await waitFor(() => seen.some((p) => p.eventId), 2_000, 'the event id')
    expect(seen.at(-1)?.boundaryName).toBe('Projects')
  })

  it('calls `fallbackRender` and resets through `resetErrorBoundary` with onReset details', () => {
    const onReset = vi.fn()
    function Flaky() {
      const [explode, setExplode] = useState(true)
      return (
        <ErrorBoundary
          onReset={(details) => {
            onReset(details)
            setExplode(false)
          }}
          fallbackRender={({ error, resetErrorBoundary }) => (
            <button type="button" onClick={() => resetErrorBoundary('retry-button')}>
              retry after {error.message}
            </button>
          )}
        >
          <Bomb explode={explode} />
        </ErrorBoundary>
      )
    }
    render(<Flaky />)
    fireEvent.click(screen.getByText('retry after kaboom'))
    expect(onReset).toHaveBeenCalledWith({ reason: 'imperative-api', args: ['retry-button'] })
    expect(screen.getByText('all good')).toBeTruthy()
  })

  it('calls onError with the error and the component stack', () => {
    const onError = vi.fn()
    render(
      <ErrorBoundary fallback={<p>broken</p>} onError={onError}>
        <Bomb />
      </ErrorBoundary>,
    )
    expect(onError).toHaveBeenCalledTimes(1)
    const [error, info] = onError.mock.calls[0] ?? []
    expect((error as Error).message).toBe('kaboom')
    expect((info as { componentStack: string }).componentStack).toContain('Bomb')
  })

  it('resets when resetKeys change, not when they stay the same', () => {
    const onReset = vi.fn()
    const tree = (key: number, explode: boolean) => (
      <ErrorBoundary fallback={<p>broken</p>} resetKeys={[key]} onReset={onReset}>
        <Bomb explode={explode} />
      </ErrorBoundary>
    )
    const { rerender } = render(tree(1, true))
    expect(screen.getByText('broken')).toBeTruthy()
    rerender(tree(1, false))
    expect(screen.getByText('broken')).toBeTruthy()
    expect(onReset).not.toHaveBeenCalled()
    rerender(tree(2, false))
    expect(screen.getByText('all good')).toBeTruthy()
    expect(onReset).toHaveBeenCalledWith({ reason: 'keys', prev: [1], next: [2] })
  })

  it('useErrorBoundary: showBoundary from an event handler, resetBoundary from the fallback', () => {
    function Saver() {
      const { showBoundary } = useErrorBoundary()
      return (
        <button type="button" onClick={() => showBoundary(new Error('save failed'))}>
          save
        </button>
      )
    }
    function Fallback({ error }: FallbackProps) {
      const { resetBoundary } = useErrorBoundary()
      return (
        <button type="button" onClick={resetBoundary}>
          reset after {error.message}
        </button>
      )
    }
    render(
      <ErrorBoundary FallbackComponent={Fallback}>
        <Saver />
      </ErrorBoundary>,
    )
    fireEvent.click(screen.getByText('save'))
    fireEvent.click(screen.getByText('reset after save failed'))
    expect(screen.getByText('save')).toBeTruthy()
  })

  it('useErrorBoundary outside a boundary says what to do', () => {
    function Lonely() {
      useErrorBoundary()
      return null
    }
    expect(() => render(<Lonely />)).toThrow(/inside an <ErrorBoundary>/)
  })

  it('withErrorBoundary wraps a component and passes its props through', () => {
    function Greeting({ who }: { who: string }) {
      if (who === 'nobody') throw new Error('no one to greet')
      return <p>hello {who}</p>
    }
    const Safe = withErrorBoundary(Greeting, { fallback: <p>greeting failed</p> })
    expect(Safe.displayName).toBe('withErrorBoundary(Greeting)')
    const { rerender } = render(<Safe who="ada" />)
    expect(screen.getByText('hello ada')).toBeTruthy()
    rerender(<Safe who="nobody" />)
    expect(screen.getByText('greeting failed')).toBeTruthy()
  })

  it('sends the boundary name, attempting (string or function) and component stack', async () => {
    render(
      <>
        <ErrorBoundary name="InviteForm" attempting="inviting a teammate" fallback={null}>
          <Bomb message="invite exploded" />
        </ErrorBoundary>
        <ErrorBoundary name="Billing" attempting={(e) => `paying (${(e as Error).message})`} fallback={null}>
          <Bomb message="card declined" />
        </ErrorBoundary>
      </>,
    )
    await waitFor(() => h.receiver.envelopes().length === 2, 5_000, 'two envelopes')
    const byBoundary = Object.fromEntries(h.receiver.envelopes().map((e) => [e.boundary, e]))
    expect(byBoundary.InviteForm).toMatchObject({
      attempting: 'inviting a teammate',
      error: { message: 'invite exploded', mechanism: 'boundary', handled: true },
    })
    expect(byBoundary.Billing).toMatchObject({ attempting: 'paying (card declined)' })
    expect(byBoundary.InviteForm).toMatchObject({
      error: { componentStack: expect.stringContaining('Bomb') },
    })
    for (const env of h.receiver.envelopes()) expect(parseEnvelope(env).ok).toBe(true)
  })

  it('the default fallback says what happened and offers "Try again", without a feedback form', async () => {
    function Flaky() {
      const [explode, setExplode] = useState(true)
      return (
        <ErrorBoundary name="Members" onReset={() => setExplode(false)}>
          <Bomb explode={explode} message="members failed" />
        </ErrorBoundary>
      )
    }
    render(<Flaky />)
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('Something went wrong here')
    expect(alert.getAttribute('data-suture-boundary')).toBe('Members')
    expect(screen.queryByRole('form')).toBeNull()
    await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the error envelope')
    fireEvent.click(screen.getByText('Try again'))
    expect(screen.getByText('all good')).toBeTruthy()
  })

  it('FeedbackFallback offers "Try again" and sends feedback linked to the error', async () => {
    function Flaky() {
      const [explode, setExplode] = useState(true)
      return (
        <ErrorBoundary name="Members" FallbackComponent={FeedbackFallback} onReset={() => setExplode(false)}>
          <Bomb explode={explode} message="members failed" />
        </ErrorBoundary>
      )
    }
    render(<Flaky />)
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('Something went wrong here')
    expect(alert.getAttribute('data-suture-boundary')).toBe('Members')
    await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the error envelope')
    const errorId = h.receiver.envelopes()[0]?.id
    fireEvent.change(screen.getByLabelText('What were you trying to do?'), {
      target: { value: 'adding Bob' },
    })
    fireEvent.submit(screen.getByRole('form', { name: 'Error feedback' }))
    expect(screen.getByText(/Thanks/)).toBeTruthy()
    await waitFor(() => h.receiver.envelopes().length === 2, 5_000, 'the feedback envelope')
    expect(h.receiver.envelopes()[1]).toMatchObject({
      kind: 'feedback',
      feedback: { text: 'adding Bob', channel: 'fallback', linkedTo: errorId },
    })
    fireEvent.click(screen.getByText('Try again'))
    expect(screen.getByText('all good')).toBeTruthy()
  })
})

describe('createRoot handlers and the boundary report one error once', () => {
  let h: Harness
  beforeEach(async () => {
    h = await startTestClient()
    vi.spyOn(console, 'error').mockImplementation(() => {})
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await h.stop()
  })

  it('caught by a boundary: root onCaughtError + boundary + window error → one envelope from the boundary', async () => {
    const container = document.createElement('div')
    document.body.append(container)
    const chained = vi.fn()
    const root = createRoot(container, reactRootOptions({ onCaughtError: chained }))
    let thrown: unknown
    function Capture(): ReactNode {
      thrown = new Error('caught once')
      throw thrown
    }
    await act(async () => {
      root.render(
        <ErrorBoundary name="Settings" fallback={<p>x</p>}>
          <Capture />
        </ErrorBoundary>,
      )
    })
    window.dispatchEvent(new ErrorEvent('error', { error: thrown, message: 'caught once' }))
    await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
    await h.client.flush()
    expect(h.receiver.envelopes()).toHaveLength(1)
    expect(h.receiver.envelopes()[0]).toMatchObject({
      boundary: 'Settings',
      error: { mechanism: 'boundary' },
    })
    expect(chained).toHaveBeenCalledTimes(1)
    act(() => root.unmount())
  })

  it('uncaught: root onUncaughtError + window error → one unhandled envelope', async () => {
    const container = document.createElement('div')
    document.body.append(container)
    const uncaught = vi.fn()
    const root = createRoot(container, reactRootOptions({ onUncaughtError: uncaught }))
    let thrown: unknown
    function Crash(): ReactNode {
      thrown = new Error('nobody caught me')
      throw thrown
    }
    // Outside act() React reports uncaught errors as in a browser (inside it, act rethrows them).
    const actEnvironment = Reflect.get(globalThis, 'IS_REACT_ACT_ENVIRONMENT')
    Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', false)
    try {
      root.render(<Crash />)
      await waitFor(() => uncaught.mock.calls.length > 0, 5_000, 'onUncaughtError')
    } finally {
      Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', actEnvironment)
    }
    window.dispatchEvent(new ErrorEvent('error', { error: thrown, message: 'nobody caught me' }))
    await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
    await h.client.flush()
    expect(h.receiver.envelopes()).toHaveLength(1)
    expect(h.receiver.envelopes()[0]).toMatchObject({ error: { mechanism: 'react-root', handled: false } })
  })
})
