import type { Future } from "../contracts/future.js"
import type { TimeoutError } from "../errors.js"
import type { FutureBase } from "../future-base.js"
import { Deadline, checkDeadline } from "../combinators/sleep.js"
import { Timeout } from "../combinators/timeout.js"

/**
 * Fail with `TimeoutError` if `future` has not finished when the executor's clock reaches
 * `deadline` (absolute, in `now()` units); `future` is then cancelled. Like `timeout`, the
 * inner future gets one last poll at the deadline, so a value ready exactly then wins. Share
 * one deadline between several steps to give them one budget.
 * @throws InvalidArgument when `deadline` is not a finite number (at call time).
 * @throws MissingCapability at poll when the executor supplies no timer (`future` is cancelled).
 * @remarks Cancel safety: cancels `future` and removes the timer entry.
 * @example
 * ```ts
 * const deadline = (yield* now()) + 2_000
 * const user = yield* timeoutAt(fetchUser(id), deadline)     // Future<User, FetchError | TimeoutError>
 * const posts = yield* timeoutAt(fetchPosts(user), deadline) // whatever is left of the 2 s
 * ```
 */
export const timeoutAt = <T, E>(future: Future<T, E>, deadline: number): FutureBase<T, E | TimeoutError> =>
  new Timeout(
    future,
    new Deadline(Number.NaN, checkDeadline("timeoutAt(future, deadline)", deadline)),
    `timeoutAt(${deadline})`,
  )
