import { randomBytes } from 'node:crypto'
import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * The file `suture serve` writes in the data dir of the embedded database while it runs: how other `suture`
 * processes on this machine reach it when it holds that database (PGlite admits one process). Mode 0600:
 * the admin token in it lets its reader create and delete projects.
 */
export const SERVER_FILE = 'serve.json'

export interface ServerFile {
  readonly pid: number
  /** A loopback URL of the running server. */
  readonly url: string
  /** This run's admin token (`Authorization: Bearer`), random per start. */
  readonly adminToken: string
  readonly startedAt: string
}

export function newAdminToken(): string {
  return randomBytes(32).toString('base64url')
}

/** The URL a process on this machine uses to reach a server listening on `host`:`port`. */
export function loopbackUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === 'localhost' || host.startsWith('127.')) return `http://127.0.0.1:${port}`
  if (host === '::' || host === '::1') return `http://[::1]:${port}`
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/** Written whole (a temporary file renamed over it), so a reader never sees half of it. */
export async function writeServerFile(dataDir: string, file: ServerFile): Promise<void> {
  const target = path.join(dataDir, SERVER_FILE)
  const temporary = `${target}.${process.pid}.tmp`
  await writeFile(temporary, `${JSON.stringify(file)}\n`, { mode: 0o600 })
  // The mode of writeFile is masked by the umask; the token must not be readable by others whatever it is.
  await chmod(temporary, 0o600)
  await rename(temporary, target)
}

/** The file of the server that runs with `dataDir`, or undefined when there is none or it is unreadable. */
export async function readServerFile(dataDir: string): Promise<ServerFile | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path.join(dataDir, SERVER_FILE), 'utf8'))
    if (typeof parsed !== 'object' || parsed === null) return undefined
    const { pid, url, adminToken, startedAt } = parsed as Record<string, unknown>
    if (typeof pid !== 'number' || typeof url !== 'string' || typeof adminToken !== 'string') return undefined
    return { pid, url, adminToken, startedAt: typeof startedAt === 'string' ? startedAt : '' }
  } catch {
    return undefined
  }
}

/** Removes the file if it is still this run's (a newer server may have replaced it). */
export async function removeServerFile(dataDir: string, adminToken: string): Promise<void> {
  const current = await readServerFile(dataDir)
  if (current?.adminToken === adminToken) await rm(path.join(dataDir, SERVER_FILE), { force: true })
}
