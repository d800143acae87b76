interface HostQueues {
  setTimeout(fn: () => void, ms: number): unknown
  setImmediate?: ((fn: () => void) => unknown) | undefined
}

/**
 * Resolves after one host macrotask (`setTimeout(0)`) and then, where the host has it, one
 * `setImmediate` — so every macrotask and every `setImmediate` queued before the call has
 * run. One `setTimeout(0)` alone is not enough for executors that drain in `setImmediate`
 * (Effect's scheduler): called from a `setImmediate` callback, a new immediate waits for
 * the next loop turn, whose timers phase runs first once 1 ms has passed. Host globals are
 * read at call time, never at import. @internal
 */
export const hostTurn = (): Promise<void> =>
  new Promise((resolve) => {
    const g = globalThis as unknown as HostQueues
    g.setTimeout(() => {
      if (typeof g.setImmediate === "function") g.setImmediate(resolve)
      else resolve()
    }, 0)
  })
