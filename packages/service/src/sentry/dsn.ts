import { createHash } from 'node:crypto'

/**
 * The numeric project id Sentry SDKs need in a DSN. Sentry SDKs refuse a DSN whose project id is not all
 * digits, and Suture's ids are `prj_…`, so the DSN carries a number derived from the id (48 bits of its
 * SHA-256). It identifies nothing by itself: the DSN's public key names the project, and the number in the
 * URL is only checked against that key's project.
 * @example
 * sentryProjectNumber('prj_4mQx8ZKc2vYpLd') // '191172123405604'
 */
export function sentryProjectNumber(projectId: string): string {
  if (/^\d+$/.test(projectId)) return projectId
  const digest = createHash('sha256').update(projectId, 'utf8').digest()
  return String(digest.readUIntBE(0, 6))
}

/** Whether the project segment of a Sentry ingest URL names `projectId` (its id or its DSN number). */
export function matchesSentryProject(urlProjectId: string, projectId: string): boolean {
  return urlProjectId === projectId || urlProjectId === sentryProjectNumber(projectId)
}

/**
 * The DSN a Sentry SDK needs to send to this Suture server: the project's public ingest key as the DSN
 * key, and the server's base URL (a path prefix is kept, as Sentry allows one).
 * @example
 * formatDsn({ baseUrl: 'http://localhost:8787', publicKey: 'sut_pub_…', projectId: 'prj_…' })
 * // 'http://sut_pub_…@localhost:8787/119820843761273'
 */
export function formatDsn(input: { baseUrl: string; publicKey: string; projectId: string }): string {
  const url = new URL(input.baseUrl)
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.protocol}//${input.publicKey}@${url.host}${path}/${sentryProjectNumber(input.projectId)}`
}

/**
 * Where SDKs reach this server, for printing DSNs: `SUTURE_PUBLIC_URL` when set (the address behind a
 * proxy or balancer), else `http://SUTURE_HOST:SUTURE_PORT` with `suture serve`'s defaults.
 * @example
 * sentryBaseUrl({ SUTURE_PORT: '9000' }) // 'http://127.0.0.1:9000'
 */
export function sentryBaseUrl(env: Readonly<Record<string, string | undefined>>): string {
  const publicUrl = env.SUTURE_PUBLIC_URL
  if (publicUrl !== undefined && publicUrl !== '') return publicUrl
  const host = env.SUTURE_HOST === undefined || env.SUTURE_HOST === '0.0.0.0' ? '127.0.0.1' : env.SUTURE_HOST
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.SUTURE_PORT ?? '8787'}`
}
