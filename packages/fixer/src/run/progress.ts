export type FixStage =
  | 'select'
  | 'checkout'
  | 'context'
  | 'agent'
  | 'reproduce'
  | 'scope'
  | 'green'
  | 'propose'
  | 'done'

/** One progress line of one worker (the CLI prints it; the worker job logs it). */
export interface FixProgress {
  readonly worker: number
  readonly ticket: string
  readonly stage: FixStage
  readonly detail: string
}

export type ProgressCallback = (event: FixProgress) => void
