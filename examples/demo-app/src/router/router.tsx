import { matchRoute } from '@suture/error-boundary'
import { type ReactNode, useSyncExternalStore } from 'react'

/** The demo's routes, React Router style; Suture reports these templates instead of raw URLs. */
export const ROUTES = ['/', '/projects', '/projects/:id/settings', '/settings/members', '/billing'] as const

const NAVIGATED = 'demo:navigate'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(NAVIGATED, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(NAVIGATED, onChange)
  }
}

export function navigate(to: string): void {
  history.pushState(null, '', to)
  window.dispatchEvent(new Event(NAVIGATED))
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => location.pathname)
}

/** The current route template, for Suture's `getRouteTemplate`. */
export function currentTemplate(): string | undefined {
  return matchRoute(ROUTES, location.pathname)
}

/** `:id` and friends for the current path. */
export function params(pattern: string, pathname: string): Record<string, string> {
  const names = pattern.split('/')
  const values = pathname.split('/')
  const out: Record<string, string> = {}
  names.forEach((name, i) => {
    if (name.startsWith(':')) out[name.slice(1)] = decodeURIComponent(values[i] ?? '')
  })
  return out
}

export function Link({ to, children }: { to: string; children: ReactNode }) {
  return (
    <a
      href={to}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.button !== 0) return
        event.preventDefault()
        navigate(to)
      }}
    >
      {children}
    </a>
  )
}
