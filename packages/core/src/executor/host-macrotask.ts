interface HostGlobals {
  setImmediate?: ((fn: () => void) => unknown) | undefined
  setTimeout?: ((fn: () => void, ms: number) => unknown) | undefined
  MessageChannel?: (new () => HostChannel) | undefined
}
interface HostPort {
  onmessage: ((ev: unknown) => void) | null
  postMessage(message: unknown): void
  /** Node only: let the process exit while the port is idle. */
  unref?: (() => void) | undefined
}
interface HostChannel {
  readonly port1: HostPort
  readonly port2: HostPort
}

/** Callbacks waiting for their message, when the channel path is used (browsers). */
let channel: { readonly post: () => void; readonly queue: (() => void)[] } | undefined

/**
 * Run `fn` in a later host macrotask, so timers, IO and rendering get their turn first:
 * `setImmediate` where the host has it (Node, Deno, Bun); else a `MessageChannel` message
 * (browsers, where nested `setTimeout(0)` is clamped to 4 ms — a busy executor would idle
 * most of the time); else `setTimeout(0)`; else a microtask. The globals are read at call
 * time and the channel is made at the first call: importing this has no side effects.
 *
 * This is the default `yieldToHost` of {@link LocalExecutor}; executors with their own hooks
 * can use it as theirs.
 */
export function hostMacrotask(fn: () => void): void {
  const g = globalThis as HostGlobals
  if (typeof g.setImmediate === "function") {
    g.setImmediate(fn)
    return
  }
  if (typeof g.MessageChannel === "function") {
    if (channel === undefined) {
      const ch = new g.MessageChannel()
      const queue: (() => void)[] = []
      ch.port1.onmessage = () => {
        const next = queue.shift()
        if (next !== undefined) next()
      }
      ch.port1.unref?.()
      channel = { post: () => ch.port2.postMessage(undefined), queue }
    }
    channel.queue.push(fn)
    channel.post()
    return
  }
  if (typeof g.setTimeout === "function") g.setTimeout(fn, 0)
  else queueMicrotask(fn)
}
