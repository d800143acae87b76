import type { Future } from "../contracts/future.js"
import { Pending } from "../contracts/poll.js"

/**
 * A future nothing polls or cancels: what the idle instances of hot classes wrap, so they
 * keep nothing of the program alive (see ARCHITECTURE.md, "Idle instances").
 * @internal
 */
export const idleFuture: Future<never, never> = { poll: () => Pending, cancel: () => {} }
