import type { Unregister } from "./source.js"

/**
 * One direction's one-shot readiness callback, the piece every `IoSource` keeps twice
 * (once for readable, once for writable): `onReadable(ready)` arms it, the event that makes
 * the source ready fires it, and the callback runs at most once per arming.
 *
 * @remarks
 * No allocation on the hot path: {@link ReadinessSlot.set} stores the callback and
 * {@link ReadinessSlot.disarm} is one closure made with the slot, so a source whose contract
 * allows one registration per direction at a time can arm and fire it again and again for
 * free. {@link ReadinessSlot.arm} returns an unregister that only clears the slot while it
 * still holds that same callback, for a source that must not let a stale unregister drop a
 * newer registration. {@link ReadinessSlot.fire} is a bound function, so it can be passed
 * straight to an event emitter as a listener.
 *
 * @example
 * ```ts
 * class Pipe implements IoSource {
 *   readonly #read = new ReadinessSlot()
 *   onReadable(ready: () => void): Unregister {
 *     if (this.#hasData()) { ready(); return () => {} }
 *     return this.#read.arm(ready)
 *   }
 *   // when data arrives: this.#read.fire()
 * }
 * ```
 */
export class ReadinessSlot {
  #ready: (() => void) | undefined = undefined

  /** Whether a callback is waiting to be fired. */
  get armed(): boolean {
    return this.#ready !== undefined
  }

  /**
   * Store `ready` (replacing any callback already there) and return an {@link Unregister}
   * that clears the slot only if it still holds `ready`; calling it after a fire, or after a
   * newer callback was armed, does nothing.
   */
  arm(ready: () => void): Unregister {
    this.#ready = ready
    return () => {
      if (this.#ready === ready) this.#ready = undefined
    }
  }

  /**
   * Store `ready`, replacing any callback already there, without making an unregister: pair
   * it with {@link ReadinessSlot.disarm} when only one registration can be live at a time.
   */
  set(ready: () => void): void {
    this.#ready = ready
  }

  /** Clear the slot, whatever callback it holds; made once per slot, so returning it allocates nothing. */
  readonly disarm: Unregister = () => {
    this.#ready = undefined
  }

  /** Empty the slot, then run the callback it held (if any). A bound function: safe to pass as a listener. */
  readonly fire = (): void => {
    const ready = this.#ready
    this.#ready = undefined
    ready?.()
  }
}
