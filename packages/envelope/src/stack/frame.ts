/** The four fields every parser fills; `null` means the engine did not say. */
export interface StackFrameLike {
  function: string | null
  file: string | null
  line: number | null
  column: number | null
}
