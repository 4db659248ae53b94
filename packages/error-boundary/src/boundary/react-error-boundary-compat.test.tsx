// biome-ignore-all lint/correctness/noComponentHookFactories: test components live beside the test that uses them.
/**
 * The behaviour react-error-boundary 6 specifies in its own suite (bvaughn/react-error-boundary, MIT:
 * `lib/components/ErrorBoundary.test.tsx`, `lib/hooks/useErrorBoundary.test.tsx`), case by case, against
 * Suture's exports: same rendering approach (a bare `createRoot` + `act`, no provider, no client), same
 * assertions. Written here rather than copied so the file follows this repository's style.
 */
import { act, createRef, type ReactNode, useLayoutEffect } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ErrorBoundary, type FallbackProps, type UseErrorBoundaryApi, useErrorBoundary } from '../index.js'

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined
}

let container: HTMLDivElement
let root: Root
let shouldThrow = false
let valueToThrow: unknown

function MaybeThrows({ children }: { children?: ReactNode }): ReactNode {
  if (shouldThrow) throw valueToThrow
  return children
}

beforeEach(() => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true
  // React logs every caught error; these are expected.
  vi.spyOn(console, 'error').mockImplementation(() => {})
  container = document.createElement('div')
  root = createRoot(container)
  shouldThrow = false
  valueToThrow = new Error('💥💥💥')
})

afterEach(() => {
  act(() => root.unmount())
  vi.restoreAllMocks()
})

describe('ErrorBoundary, as react-error-boundary specifies it', () => {
  it('renders children', () => {
    act(() =>
      root.render(
        <ErrorBoundary fallback={<div>Error</div>}>
          <MaybeThrows>Content</MaybeThrows>
        </ErrorBoundary>,
      ),
    )
    expect(container.textContent).toBe('Content')
  })

  describe('with a `fallback` and callbacks', () => {
    const boundary = createRef<ErrorBoundary>()
    function renderWith(props: {
      onError?: (e: unknown) => void
      onReset?: () => void
      resetKeys?: unknown[]
    }) {
      act(() =>
        root.render(
          <ErrorBoundary {...props} fallback="Error" ref={boundary}>
            <MaybeThrows>Content</MaybeThrows>
          </ErrorBoundary>,
        ),
      )
    }

    it('calls onError once with the thrown error', () => {
      shouldThrow = true
      const onError = vi.fn()
      renderWith({ onError })
      expect(onError).toHaveBeenCalledTimes(1)
      expect(onError.mock.calls[0]?.[0]).toBe(valueToThrow)
      expect(String(onError.mock.calls[0]?.[0])).toContain('💥💥💥')
    })

    it('calls onReset when reset through the imperative API', () => {
      shouldThrow = true
      const onReset = vi.fn()
      renderWith({ onReset })
      expect(onReset).not.toHaveBeenCalled()
      act(() => boundary.current?.resetErrorBoundary('abc', 123))
      expect(onReset).toHaveBeenCalledTimes(1)
    })

    it('calls onReset when resetKeys change after an error, and only then', () => {
      const onReset = vi.fn()
      renderWith({ onReset, resetKeys: [1] })
      expect(onReset).not.toHaveBeenCalled()
      renderWith({ onReset, resetKeys: [2] })
      expect(onReset).not.toHaveBeenCalled()
      shouldThrow = true
      renderWith({ onReset, resetKeys: [2] })
      expect(onReset).not.toHaveBeenCalled()
      shouldThrow = false
      renderWith({ onReset, resetKeys: [3] })
      expect(onReset).toHaveBeenCalledTimes(1)
    })
  })

  describe('`fallback` element', () => {
    function renderWith(resetKeys?: unknown[]) {
      act(() =>
        root.render(
          <ErrorBoundary {...(resetKeys ? { resetKeys } : {})} fallback={<div>Error</div>}>
            <MaybeThrows>Content</MaybeThrows>
          </ErrorBoundary>,
        ),
      )
    }

    it('renders the fallback on an error', () => {
      shouldThrow = true
      renderWith()
      expect(container.textContent).toBe('Error')
    })

    it('renders the children again when resetKeys change', () => {
      shouldThrow = true
      renderWith([1])
      shouldThrow = false
      expect(container.textContent).toBe('Error')
      renderWith([2])
      expect(container.textContent).toBe('Content')
    })

    it('renders nothing for a null fallback', () => {
      shouldThrow = true
      act(() =>
        root.render(
          <ErrorBoundary fallback={null}>
            <MaybeThrows>Content</MaybeThrows>
          </ErrorBoundary>,
        ),
      )
      expect(container.textContent).toBe('')
    })
  })

  // FallbackComponent and fallbackRender receive the same props and must behave the same.
  describe.each([
    ['FallbackComponent', (f: (p: FallbackProps) => ReactNode) => ({ FallbackComponent: f })],
    ['fallbackRender', (f: (p: FallbackProps) => ReactNode) => ({ fallbackRender: f })],
  ] as const)('`%s`', (name, propsFor) => {
    let lastError: unknown
    let lastReset: FallbackProps['resetErrorBoundary'] | null
    const fallback = vi.fn((props: FallbackProps) => {
      lastError = props.error
      lastReset = props.resetErrorBoundary
      return <div>{name}</div>
    })
    beforeEach(() => {
      lastError = null
      lastReset = null
      fallback.mockClear()
    })
    function renderWith(resetKeys?: unknown[]) {
      act(() =>
        root.render(
          <ErrorBoundary {...(resetKeys ? { resetKeys } : {})} {...propsFor(fallback)}>
            <MaybeThrows>Content</MaybeThrows>
          </ErrorBoundary>,
        ),
      )
    }

    it('renders the fallback with the error', () => {
      shouldThrow = true
      renderWith()
      expect((lastError as Error).message).toBe('💥💥💥')
      expect(fallback).toHaveBeenCalled()
      expect(container.textContent).toBe(name)
    })

    it('renders the children again after resetErrorBoundary()', () => {
      shouldThrow = true
      renderWith()
      expect(container.textContent).toBe(name)
      expect(lastReset).not.toBeNull()
      act(() => {
        shouldThrow = false
        lastReset?.()
      })
      expect(container.textContent).toBe('Content')
    })

    it('renders the children again when resetKeys change', () => {
      shouldThrow = true
      renderWith([1])
      expect(container.textContent).toBe(name)
      shouldThrow = false
      renderWith([2])
      expect(container.textContent).toBe('Content')
    })
  })

  describe('thrown values that are not errors', () => {
    let lastError: unknown
    const onError = vi.fn()
    beforeEach(() => {
      lastError = undefined
      onError.mockClear()
    })
    function renderIt() {
      act(() =>
        root.render(
          <ErrorBoundary
            fallbackRender={({ error }) => {
              lastError = error
              return <div>Error</div>
            }}
            onError={onError}
          >
            <MaybeThrows>Content</MaybeThrows>
          </ErrorBoundary>,
        ),
      )
    }

    it.each([
      ['a string', 'String error'],
      ['null', null],
    ] as const)('supports throwing %s', (_, value) => {
      shouldThrow = true
      valueToThrow = value
      renderIt()
      expect(lastError).toBe(value)
      expect(onError).toHaveBeenCalledTimes(1)
      expect(onError.mock.calls[0]?.[0]).toEqual(value)
      expect(container.textContent).toBe('Error')
    })
  })
})

describe('useErrorBoundary, as react-error-boundary 6 specifies it', () => {
  it('activates and deactivates the nearest boundary', () => {
    let api: UseErrorBoundaryApi | null = null
    function Child() {
      const { resetBoundary, showBoundary } = useErrorBoundary()
      // Kept in a layout effect, as the upstream test does, so the latest functions are used.
      useLayoutEffect(() => {
        api = { error: null, resetBoundary, showBoundary }
      }, [resetBoundary, showBoundary])
      return <div>Child</div>
    }
    act(() =>
      root.render(
        <ErrorBoundary fallbackRender={({ error }) => <div>Fallback: {(error as Error).message}</div>}>
          <Child />
        </ErrorBoundary>,
      ),
    )
    expect(container.textContent).toBe('Child')
    act(() => api?.showBoundary(new Error('Example')))
    expect(container.textContent).toBe('Fallback: Example')
    act(() => api?.resetBoundary())
    expect(container.textContent).toBe('Child')
  })

  it('exposes the current error: null to the children, the error to the fallback component', () => {
    const thrown = new Error('Thrown')
    const seenByChild: unknown[] = []
    const seenByFallback: unknown[] = []
    function Child(): ReactNode {
      seenByChild.push(useErrorBoundary().error)
      throw thrown
    }
    function Fallback() {
      seenByFallback.push(useErrorBoundary().error)
      return 'Fallback'
    }
    act(() =>
      root.render(
        <ErrorBoundary FallbackComponent={Fallback}>
          <Child />
        </ErrorBoundary>,
      ),
    )
    expect(container.textContent).toBe('Fallback')
    expect(seenByChild.length).toBeGreaterThan(0)
    expect(seenByChild.every((e) => e === null)).toBe(true)
    expect(seenByFallback.length).toBeGreaterThan(0)
    expect(seenByFallback.every((e) => e === thrown)).toBe(true)
  })

  it('gives a fallback the error passed to showBoundary, and null again after resetBoundary', () => {
    let show: ((e: unknown) => void) | undefined
    const shown = new Error('from a handler')
    function Child() {
      show = useErrorBoundary().showBoundary
      return <div>Child</div>
    }
    function Fallback() {
      const { error, resetBoundary } = useErrorBoundary()
      return (
        <button type="button" onClick={resetBoundary}>
          {(error as Error).message}
        </button>
      )
    }
    act(() =>
      root.render(
        <ErrorBoundary FallbackComponent={Fallback}>
          <Child />
        </ErrorBoundary>,
      ),
    )
    act(() => show?.(shown))
    expect(container.textContent).toBe('from a handler')
    act(() => container.querySelector('button')?.click())
    expect(container.textContent).toBe('Child')
  })
})
