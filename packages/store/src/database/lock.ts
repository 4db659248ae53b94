/** A FIFO mutex: `acquire()` resolves to a release function once every earlier holder has released. */
export class Lock {
  #tail: Promise<void> = Promise.resolve()

  acquire(): Promise<() => void> {
    let release!: () => void
    const next = new Promise<void>((resolve) => {
      release = resolve
    })
    const previous = this.#tail
    this.#tail = previous.then(() => next)
    return previous.then(() => {
      let released = false
      return () => {
        if (released) return
        released = true
        release()
      }
    })
  }
}
