import { Deadline, Sleep, checkDeadline } from "../combinators/sleep.js"

/**
 * Complete once the executor's clock (`cx.timer.now()`) reaches `deadline`; a deadline in
 * the past completes at the first poll. The deadline is absolute, so a loop that sleeps
 * until `start + k·period` does not drift. The returned {@link Sleep} can be moved with
 * `reset(deadline)`.
 * @throws InvalidArgument when `deadline` is not a finite number (at call time).
 * @throws MissingCapability at poll when the executor supplies no timer.
 * @remarks Cancel safety: cancelling removes the timer entry; only the latest waker is
 * registered (rule 1).
 * @example
 * ```ts
 * gen(function* () {
 *   const start = yield* now()
 *   for (let k = 1; k <= 3; k++) { yield* sleepUntil(start + k * 1_000); tick(k) }   // no drift
 * })
 * ```
 */
export const sleepUntil = (deadline: number): Sleep => {
  checkDeadline("sleepUntil(deadline)", deadline)
  return new Sleep(new Deadline(Number.NaN, deadline), `sleepUntil(${deadline})`)
}
