import { parameterizeRoute } from '@suture/envelope/route'
import type { Integration } from '../client/config.js'
import type { BreadcrumbBuffer } from './ring-buffer.js'

type Guard = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => void

function record(
  buffer: BreadcrumbBuffer,
  method: string,
  url: string,
  status: number,
  started: number,
): void {
  const path = parameterizeRoute(url)
  const ms = Date.now() - started
  buffer.add({
    at: started,
    type: 'fetch',
    label: `${method} ${path} → ${status || 'network error'}`,
    data: { method, url: path, status, durationMs: ms },
  })
}

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input
  if (input instanceof URL) return input.href
  return input.url
}

/**
 * Records fetch and XHR calls: method, parameterised URL, status and duration — never bodies or
 * headers. Requests for which `ignore(url)` is true (our own endpoint) are not recorded.
 */
export function recordNetwork(
  buffer: BreadcrumbBuffer,
  ignore: (url: string) => boolean,
  guard: Guard,
): () => void {
  const originalFetch = window.fetch
  const undo: (() => void)[] = []
  if (typeof originalFetch === 'function') {
    const note = guard(record)
    window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      const started = Date.now()
      let url = ''
      let method = 'GET'
      try {
        url = urlOf(input)
        method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase()
      } catch {}
      const promise = originalFetch.call(this, input, init)
      if (!url || ignore(url)) return promise
      return promise.then(
        (response) => {
          note(buffer, method, url, response.status, started)
          return response
        },
        (error: unknown) => {
          note(buffer, method, url, 0, started)
          throw error
        },
      )
    } as typeof fetch
    undo.push(() => {
      window.fetch = originalFetch
    })
  }
  if (typeof XMLHttpRequest === 'function') {
    const proto = XMLHttpRequest.prototype
    const { open, send } = proto
    const meta = new WeakMap<XMLHttpRequest, { method: string; url: string }>()
    proto.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
      guard(() => meta.set(this, { method: String(method).toUpperCase(), url: String(url) }))()
      return (open as (...a: unknown[]) => void).call(this, method, url, ...rest)
    } as XMLHttpRequest['open']
    proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const info = meta.get(this)
      if (info && !ignore(info.url)) {
        const started = Date.now()
        this.addEventListener(
          'loadend',
          guard(() => record(buffer, info.method, info.url, this.status, started)),
        )
      }
      return send.call(this, body)
    }
    undo.push(() => {
      proto.open = open
      proto.send = send
    })
  }
  return () => {
    for (const fn of undo) fn()
  }
}

/**
 * Turns on fetch/XHR breadcrumbs (method, parameterised URL, status, duration; never bodies). Requests
 * to Suture's own ingest API are skipped.
 * @example
 * init({ ...config, integrations: [networkBreadcrumbs()] })
 */
export function networkBreadcrumbs(): Integration {
  return (client) => {
    const api = new URL(client.api, location.href).href
    const ours = (url: string) => {
      try {
        return new URL(url, location.href).href.startsWith(api)
      } catch {
        return false
      }
    }
    return recordNetwork(client.breadcrumbs, ours, client.guard)
  }
}
