import {
  type Breadcrumb,
  type BreadcrumbType,
  LIMITS,
  parameterizeRoute,
  scrubUrl,
  truncate,
} from '@suture/envelope'
import { arr, isoTime, type JsonObject, obj, str, text } from './read.js'

// Attributes Sentry's `htmlTreeAsString` prints that name an element for a person.
const NAMING_ATTRIBUTES = ['aria-label', 'title', 'alt', 'name', 'placeholder'] as const

/** The last element of a Sentry DOM path: `body > div#root > button.primary[aria-label="Invite"]`. */
function lastElement(selector: string): string {
  const parts = selector.split(' > ')
  return (parts.at(-1) ?? selector).trim()
}

function attribute(element: string, name: string): string | undefined {
  const match = new RegExp(`\\[${name}="([^"]*)"\\]`).exec(element)
  return match?.[1] !== undefined && match[1] !== '' ? match[1] : undefined
}

/** `button.primary[aria-label="Invite teammate"]` → `'Invite teammate'`; otherwise the element itself. */
function describeElement(selector: string, componentName: string | undefined): string {
  const element = lastElement(selector)
  for (const name of NAMING_ATTRIBUTES) {
    const value = attribute(element, name)
    if (value !== undefined) return `'${value}'`
  }
  const bare = element.replace(/\[[^\]]*\]/g, '')
  return componentName !== undefined ? `${bare} in ${componentName}` : bare
}

function routeOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined
  try {
    return parameterizeRoute(url)
  } catch {
    return undefined
  }
}

type DataValue = string | number | boolean | null

// Query strings and fragments routinely carry tokens and emails; the path is what explains the step.
const URL_KEYS = new Set(['url', 'from', 'to'])

function pickData(
  data: JsonObject | undefined,
  keys: readonly string[],
): Record<string, DataValue> | undefined {
  if (data === undefined) return undefined
  const out: Record<string, DataValue> = {}
  for (const key of keys) {
    const value = data[key]
    if (typeof value === 'string') {
      out[key] = truncate(URL_KEYS.has(key) ? scrubUrl(value.replace(/[?#].*$/s, '')) : value, LIMITS.url)
    } else if (typeof value === 'number' && Number.isFinite(value)) out[key] = value
    else if (typeof value === 'boolean' || value === null) out[key] = value
  }
  return Object.keys(out).length > 0 ? out : undefined
}

function crumb(
  ts: string,
  type: BreadcrumbType,
  label: string,
  data: Record<string, DataValue> | undefined,
): Breadcrumb {
  const out: Breadcrumb = { ts, type, label: truncate(label, LIMITS.label) }
  if (data !== undefined) out.data = data
  return out
}

/** Maps one Sentry breadcrumb to a readable Suture breadcrumb, or undefined when it has no usable time. */
export function mapBreadcrumb(raw: unknown): Breadcrumb | undefined {
  const b = obj(raw)
  if (b === undefined) return undefined
  const ts = isoTime(b.timestamp)
  if (ts === undefined) return undefined
  const category = str(b.category) ?? ''
  const message = str(b.message)
  const data = obj(b.data)

  if (category === 'ui.click' || category === 'ui.input') {
    const component = str(data?.['ui.component_name'])
    const target = message !== undefined ? describeElement(message, component) : (component ?? 'an element')
    // Sentry never sends input values; neither do we.
    return category === 'ui.click'
      ? crumb(ts, 'click', `Clicked ${target}`, undefined)
      : crumb(ts, 'input', `Typed in ${target}`, undefined)
  }
  if (category === 'navigation') {
    const to = str(data?.to)
    const template = routeOf(to)
    return crumb(
      ts,
      'navigation',
      `Navigated to ${template ?? to ?? 'a new page'}`,
      pickData(data, ['from', 'to']),
    )
  }
  if (category === 'fetch' || category === 'xhr' || category === 'http' || b.type === 'http') {
    const method = (str(data?.method) ?? 'GET').toUpperCase()
    const url = str(data?.url)
    const status = data?.status_code
    const where = routeOf(url) ?? url ?? '(unknown url)'
    const outcome = typeof status === 'number' ? ` → ${status}` : ''
    return crumb(
      ts,
      'fetch',
      `${method} ${where}${outcome}`,
      pickData(data, ['method', 'url', 'status_code']),
    )
  }
  if (category === 'console') {
    const level = str(b.level) ?? 'log'
    const body =
      message ??
      arr(data?.arguments)
        .map((a) => text(a) ?? '')
        .join(' ')
    return crumb(ts, 'console', `console.${level}: ${body}`, undefined)
  }
  const label = message ?? (category !== '' ? category : 'breadcrumb')
  return crumb(
    ts,
    'custom',
    category !== '' && message !== undefined ? `${category}: ${label}` : label,
    undefined,
  )
}

/** Maps a Sentry event's breadcrumbs (array, or legacy `{ values }`) oldest first, as Suture keeps them. */
export function mapBreadcrumbs(raw: unknown): Breadcrumb[] {
  const list = Array.isArray(raw) ? raw : arr(obj(raw)?.values)
  const out: Breadcrumb[] = []
  // Only the newest ones survive Suture's limit, so skip mapping the rest.
  for (const item of list.slice(-LIMITS.breadcrumbs)) {
    const mapped = mapBreadcrumb(item)
    if (mapped !== undefined) out.push(mapped)
  }
  return out
}
