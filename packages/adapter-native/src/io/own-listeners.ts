import type { EventEmitter } from "node:events"

/** Node's listener type (its arguments depend on the event). */
type Listener = (...args: any[]) => void

interface Added {
  readonly emitter: EventEmitter
  readonly event: string
  readonly fn: Listener
}

/**
 * The listeners one IO source added to Node emitters (streams, sockets, servers), so that
 * closing the source takes exactly those off again and leaves other listeners alone.
 * @internal
 */
export class OwnListeners {
  readonly #added: Added[] = []

  /** `emitter.on(event, fn)`, remembered for {@link OwnListeners.detach}. */
  on(emitter: EventEmitter, event: string, fn: Listener): void {
    emitter.on(event, fn)
    this.#added.push({ emitter, event, fn })
  }

  /**
   * Remove this owner's listeners from `emitter`. `keepGuard` keeps its `'error'` and
   * `'close'` listeners: a destroyed stream may still emit an error from its teardown
   * before `'close'`, and an error nobody listens to crashes the process.
   */
  detach(emitter: EventEmitter, keepGuard = false): void {
    let j = 0
    for (const l of this.#added) {
      if (l.emitter === emitter && !(keepGuard && (l.event === "error" || l.event === "close"))) {
        emitter.off(l.event, l.fn)
      } else this.#added[j++] = l
    }
    this.#added.length = j
  }
}
