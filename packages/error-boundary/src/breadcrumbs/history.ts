import { listen } from '../client/listen.js'
import type { BreadcrumbBuffer } from './ring-buffer.js'

type Guard = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void

/**
 * Records History API navigations (pushState/replaceState, as SPA routers use) and back/forward.
 * `describe` names a path by the app's route template where it has one; raw paths (`/projects/42`) are
 * made templates by the server at ingest, so stored labels read `/projects/:id`.
 */
export function recordHistory(
  buffer: BreadcrumbBuffer,
  describe: (path: string) => string,
  onNavigate: () => void,
  guard: Guard,
): () => void {
  let last = location.pathname
  const note = guard((how: string) => {
    const path = location.pathname
    onNavigate()
    if (path === last) return
    const from = describe(last)
    const to = describe(path)
    last = path
    buffer.add({ at: Date.now(), type: 'navigation', label: `Navigated to ${to}`, data: { from, to, how } })
  })
  const original = { push: history.pushState, replace: history.replaceState }
  const wrap = (fn: History['pushState'], how: string): History['pushState'] =>
    function (this: History, ...args) {
      const result = fn.apply(this, args)
      note(how)
      return result
    }
  history.pushState = wrap(original.push, 'push')
  history.replaceState = wrap(original.replace, 'replace')
  const unlisten = listen(window, 'popstate', () => note('popstate'))
  return () => {
    history.pushState = original.push
    history.replaceState = original.replace
    unlisten()
  }
}
