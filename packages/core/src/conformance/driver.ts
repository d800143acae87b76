import type { JoinHandle, Outcome } from "../contracts/executor.js"
import { PollableError } from "../errors.js"
import { hostTurn } from "../testing/host-turn.js"
import type { ExecutorInstance } from "./types.js"

/** One host turn: a macrotask, then a `setImmediate` where the host has one. @internal */
export const macrotask = hostTurn

/**
 * Drives one {@link ExecutorInstance}: flushes its queue, advances its virtual clock,
 * waits for handles. @internal
 */
export class Driver {
  readonly flush: () => Promise<void>
  constructor(readonly inst: ExecutorInstance) {
    this.flush = inst.flush ?? macrotask
  }

  get virtual(): boolean {
    return this.inst.clock !== undefined
  }

  /** Live timer registrations, or `undefined` when the instance cannot tell. */
  pendingTimers(): number | undefined {
    if (this.inst.pendingTimers !== undefined) return this.inst.pendingTimers()
    if (this.inst.clock !== undefined) return this.inst.clock.pendingTimers
    let timer: unknown
    try {
      timer = this.inst.executor.timer
    } catch {
      return undefined
    }
    const size = (timer as { size?: unknown }).size
    return typeof size === "number" ? size : undefined
  }

  /** Flush until `cond()` holds; throws after `max` flushes. */
  async until(cond: () => boolean, what: string, max = 1000): Promise<void> {
    for (let i = 0; i < max; i++) {
      if (cond()) return
      await this.flush()
    }
    if (!cond()) throw new PollableError(`conformance: ${what} did not happen after ${max} flushes of the executor`)
  }

  /** Run until `h` ends (advancing virtual time when there is a clock) and return its outcome. */
  async settle<T, E>(h: JoinHandle<T, E>): Promise<Outcome<T, E>> {
    const clock = this.inst.clock
    if (clock === undefined) {
      await new Promise<void>((resolve) => {
        h.then(
          () => resolve(),
          () => resolve(),
        )
      })
      return h.outcome!
    }
    let idle = 0
    for (;;) {
      await this.flush()
      const o = h.outcome
      if (o !== undefined) return o
      if (clock.pendingTimers > 0) {
        idle = 0
        await clock.advanceAsync(Math.max(0, clock.nextDeadline - clock.now()), this.flush)
      } else if (++idle > 1000) {
        const dump = this.inst.executor.dump?.()
        throw new PollableError(
          `conformance: ${String(h)} is pending with no timer left and nothing queued (stalled)` +
            (dump === undefined ? "" : `\n${dump}`),
        )
      }
    }
  }

  /** Settle `h` and return its value; a failure or interruption is rethrown. */
  async value<T, E>(h: JoinHandle<T, E>): Promise<T> {
    const o = await this.settle(h)
    if (o._tag === "Success") return o.value
    if (o._tag === "Failure") throw o.error
    throw new PollableError(`conformance: ${String(h)} was interrupted`)
  }
}

/** Collects unhandled promise rejections while active (Node's process event, or the DOM event). @internal */
export function watchUnhandledRejections(): { stop(): unknown[] } | undefined {
  const seen: unknown[] = []
  const proc = (globalThis as { process?: { on?: Function; off?: Function } }).process
  if (typeof proc?.on === "function" && typeof proc.off === "function") {
    const listener = (reason: unknown) => seen.push(reason)
    proc.on("unhandledRejection", listener)
    return {
      stop() {
        proc.off!("unhandledRejection", listener)
        return seen
      },
    }
  }
  const g = globalThis as { addEventListener?: Function; removeEventListener?: Function }
  if (typeof g.addEventListener === "function" && typeof g.removeEventListener === "function") {
    const listener = (ev: { reason: unknown }) => seen.push(ev.reason)
    g.addEventListener("unhandledrejection", listener)
    return {
      stop() {
        g.removeEventListener!("unhandledrejection", listener)
        return seen
      },
    }
  }
  return undefined
}

/** True when {@link watchUnhandledRejections} can observe this host. @internal */
watchUnhandledRejections.available = (): boolean => {
  const w = watchUnhandledRejections()
  w?.stop()
  return w !== undefined
}
