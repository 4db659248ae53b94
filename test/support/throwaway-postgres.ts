import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The newest installed PostgreSQL's bin directory that has `initdb` and `pg_ctl`, if any. */
function findBinDir(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
  for (const version of versions) {
    const bin = path.join(root, version, 'bin')
    if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(bin, 'pg_ctl'))) return bin
  }
  return undefined
}

const BIN_DIR = findBinDir()
// initdb refuses to run as root: as root, run the cluster as the `postgres` system user.
const IS_ROOT = process.getuid?.() === 0
const POSTGRES_UID = IS_ROOT ? await uidOf('postgres') : undefined

async function uidOf(user: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const { stdout: uid } = await run('id', ['-u', user])
    const { stdout: gid } = await run('id', ['-g', user])
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) }
  } catch {
    return undefined
  }
}

/** Why a throwaway cluster cannot be made here, or undefined when it can. */
export const THROWAWAY_POSTGRES_SKIP_REASON: string | undefined =
  BIN_DIR === undefined
    ? 'no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin'
    : IS_ROOT && POSTGRES_UID === undefined
      ? 'running as root and there is no `postgres` user to run initdb as'
      : undefined

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()))
    })
  })
}

export interface ThrowawayPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string
  readonly port: number
  /** `pg_ctl restart -m <mode>`; resolves once the server accepts connections again. */
  restart(mode: 'fast' | 'immediate'): Promise<void>
  /** Stops the cluster and deletes its data directory. */
  destroy(): Promise<void>
}

/**
 * A private PostgreSQL cluster on a free port (initdb + pg_ctl in a temp dir), for tests that restart
 * or kill the database: never the shared one on 5432.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  if (BIN_DIR === undefined || THROWAWAY_POSTGRES_SKIP_REASON !== undefined) {
    throw new Error(`cannot start a throwaway Postgres: ${THROWAWAY_POSTGRES_SKIP_REASON}`)
  }
  const bin = BIN_DIR
  const root = mkdtempSync(path.join(tmpdir(), 'suture-pg-'))
  const dataDir = path.join(root, 'data')
  if (POSTGRES_UID) chownSync(root, POSTGRES_UID.uid, POSTGRES_UID.gid)
  const asOwner = (command: string, args: string[]) =>
    IS_ROOT
      ? run('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args], { cwd: root })
      : run(path.join(bin, command), args, { cwd: root })
  const port = await freePort()
  await asOwner('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'])
  const options = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${root}'`,
    '-c fsync=off',
    '-c max_connections=60',
  ].join(' ')
  const pgCtl = (args: string[]) =>
    asOwner('pg_ctl', ['-D', dataDir, '-l', path.join(root, 'log'), '-w', '-t', '60', ...args])
  await pgCtl(['-o', options, 'start'])
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async restart(mode) {
      await pgCtl(['-o', options, '-m', mode, 'restart'])
    },
    async destroy() {
      await pgCtl(['-m', 'immediate', 'stop']).catch(() => {})
      rmSync(root, { recursive: true, force: true })
    },
  }
}
