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
  const unlisten = listen(window, 'popstate', () => note('popstate'))
  const originals = { pushState: history.pushState, replaceState: history.replaceState }
  for (const [name, fn] of Object.entries(originals)) {
    history[name as 'pushState'] = function (this: History, ...args) {
      const result = fn.apply(this, args)
      note(name.slice(0, -5)) // 'push' or 'replace'
      return result
    }
  }
  return () => {
    Object.assign(history, originals)
    unlisten()
  }
}
