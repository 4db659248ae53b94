import type { Context } from 'hono'

const ENVIRONMENT = /^[A-Za-z0-9_.-]{1,64}$/

/** The `?env=` of a dashboard page: absent (every environment), a valid name, or a refusal naming it. */
export type EnvQuery =
  | { readonly ok: true; readonly env: string | undefined }
  | { readonly ok: false; readonly value: string }

/**
 * Reads the environment filter every dashboard page shares from `?env=`. An empty value means all
 * environments; anything but letters, digits, `_ . -` (at most 64) is refused, so a page answers 400
 * naming the field instead of quietly showing nothing.
 *
 * @example
 * const env = envFromQuery(c); if (!env.ok) return refuse('env')
 */
export function envFromQuery(c: Context): EnvQuery {
  const value = c.req.query('env')
  if (value === undefined || value === '') return { ok: true, env: undefined }
  return ENVIRONMENT.test(value) ? { ok: true, env: value } : { ok: false, value }
}

/** `href` with `env` set (or removed when undefined), keeping its other query parameters. */
export function withEnv(href: string, env: string | undefined): string {
  const [path = '', query = ''] = href.split('?', 2)
  const params = new URLSearchParams(query)
  if (env === undefined) params.delete('env')
  else params.set('env', env)
  const rest = params.toString()
  return rest === '' ? path : `${path}?${rest}`
}
