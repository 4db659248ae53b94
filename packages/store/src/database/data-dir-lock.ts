import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { DataDirLockedError } from './errors.js'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error: unknown) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM'
  }
}

const heldHere = new Set<string>()

/**
 * Claims `dir` for this process with a pid file. Two processes writing one PGlite directory corrupt it,
 * so a second one is refused; a lock left by a dead process is taken over.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const resolved = path.resolve(dir)
  if (heldHere.has(resolved)) throw new DataDirLockedError(resolved, process.pid)
  await mkdir(resolved, { recursive: true })
  const file = path.join(resolved, 'suture.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' })
      heldHere.add(resolved)
      return async () => {
        heldHere.delete(resolved)
        await rm(file, { force: true })
      }
    } catch (error: unknown) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error
      const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10)
      if (Number.isInteger(pid) && pid !== process.pid && alive(pid))
        throw new DataDirLockedError(resolved, pid)
      await rm(file, { force: true })
    }
  }
  throw new DataDirLockedError(resolved, -1)
}
