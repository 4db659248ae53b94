import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'

/** The p-th percentile (0–100) of ascending `sorted`, NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

/** CPU time (user + system) of a local process in ms, from /proc; undefined where there is no /proc. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    // utime and stime, in clock ticks (USER_HZ, 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

/**
 * Sums the CPU of a set of processes between the call and the returned stop(). A process that has gone by
 * then (an idle pooled connection closed by its idle timeout) is left out; undefined when none is readable.
 */
export function cpuMeter(pids: readonly number[]): () => number | undefined {
  const before = pids.map(processCpuMs)
  return () => {
    let total: number | undefined
    for (const [i, pid] of pids.entries()) {
      const start = before[i]
      const end = processCpuMs(pid)
      if (start === undefined || end === undefined) continue
      total = (total ?? 0) + end - start
    }
    return total
  }
}

/** CPU (ms) this process used between the call and the returned stop(). */
export function selfCpuMeter(): () => number {
  const start = process.cpuUsage()
  return () => {
    const used = process.cpuUsage(start)
    return (used.user + used.system) / 1000
  }
}

function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number)
    if (!cpu || cpu.length < 5) return undefined
    const total = cpu.reduce((a, b) => a + b, 0)
    // idle and iowait are the time no task ran.
    return { busy: total - (cpu[3] ?? 0) - (cpu[4] ?? 0), total }
  } catch {
    return undefined
  }
}

/**
 * The share of the whole machine's CPU (every core, every process: other work included) that was busy
 * between the call and the returned stop(), 0–1; undefined without /proc.
 */
export function machineBusyMeter(): () => number | undefined {
  const before = machineTicks()
  return () => {
    const after = machineTicks()
    if (!before || !after || after.total === before.total) return undefined
    return (after.busy - before.busy) / (after.total - before.total)
  }
}

/** The 1-minute load average, as `uptime` prints it. */
export function loadAverage(): string {
  return loadavg()[0]?.toFixed(1) ?? 'n/a'
}
