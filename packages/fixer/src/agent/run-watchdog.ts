import type { AgentRunRequest, AgentStopReason } from './agent-runner.js'

export interface WatchdogStop {
  readonly reason: AgentStopReason
  readonly detail: string
}

/**
 * The idle and wall-clock clocks of one run, plus the caller's abort signal, folded into one "stop now"
 * callback that fires once. The first reason wins: a run killed for a banned command that then also
 * goes quiet is still `banned-command`.
 */
export class RunWatchdog {
  private idleTimer: NodeJS.Timeout | undefined
  private readonly wallTimer: NodeJS.Timeout
  private readonly onAbort: () => void
  private stopInfo: WatchdogStop | undefined

  /**
   * `startupMs` is the first idle window, before the agent's first sign of life: a process that takes a
   * while to start on a loaded machine is not an agent that went quiet (the wall clock still applies).
   */
  constructor(
    private readonly request: Pick<AgentRunRequest, 'idleTimeoutMs' | 'wallClockMs' | 'signal'>,
    private readonly onStop: (stop: WatchdogStop) => void,
    private readonly startupMs = request.idleTimeoutMs,
  ) {
    this.wallTimer = setTimeout(
      () => this.stop('wall-clock', `still running after the ${request.wallClockMs} ms wall-clock cap`),
      request.wallClockMs,
    )
    this.onAbort = () => {
      const reason: unknown = request.signal.reason
      // AbortSignal.timeout() is how a caller expresses its own wall-clock cap.
      if (reason instanceof DOMException && reason.name === 'TimeoutError') {
        this.stop('wall-clock', 'the caller timed the run out')
      } else {
        this.stop('error', `aborted by the caller${reason instanceof Error ? `: ${reason.message}` : ''}`)
      }
    }
    if (request.signal.aborted) queueMicrotask(this.onAbort)
    else request.signal.addEventListener('abort', this.onAbort, { once: true })
    this.idleTimer = setTimeout(
      () => this.stop('idle', `the agent showed no sign of life within ${this.startupMs} ms of starting`),
      this.startupMs,
    )
  }

  /** The reason the run was stopped, once it was. */
  get result(): WatchdogStop | undefined {
    return this.stopInfo
  }

  /** A sign of life: restarts the idle clock. */
  touch(): void {
    if (this.stopInfo) return
    clearTimeout(this.idleTimer)
    this.idleTimer = setTimeout(
      () => this.stop('idle', `no agent activity for ${this.request.idleTimeoutMs} ms`),
      this.request.idleTimeoutMs,
    )
  }

  stop(reason: AgentStopReason, detail: string): void {
    if (this.stopInfo) return
    this.stopInfo = { reason, detail }
    this.dispose()
    this.onStop(this.stopInfo)
  }

  dispose(): void {
    clearTimeout(this.idleTimer)
    clearTimeout(this.wallTimer)
    this.request.signal.removeEventListener('abort', this.onAbort)
  }
}
