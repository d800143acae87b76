import { from, type Observable, type ObservableInput } from "rxjs"
import { InvalidArgument } from "@pollable/core"
import { checkMethods, describeArgument } from "@pollable/core/adapter"

/** @internal Throws `InvalidArgument` unless `x` is an RxJS `SchedulerLike` (`now()` and `schedule()`). */
export function checkScheduler(where: string, x: unknown): void {
  checkMethods(
    where,
    x,
    "an RxJS SchedulerLike",
    ["now", "schedule"],
    "pass asapScheduler, queueScheduler, asyncScheduler or a TestScheduler",
  )
}

/** @internal Throws `InvalidArgument` unless `policy` is `undefined`, `"complete"` or `"error"`. */
export function checkInterruptedPolicy(where: string, policy: unknown): void {
  if (policy !== undefined && policy !== "complete" && policy !== "error") {
    throw new InvalidArgument(
      where,
      `unknown policy ${JSON.stringify(policy)}`,
      'pass "complete" (the default) or "error"',
    )
  }
}

/**
 * @internal RxJS `from(input)`, with a wrong input refused as `InvalidArgument` instead of
 * RxJS's `TypeError` (`from` throws for anything that is not an `ObservableInput`).
 */
export function observableFrom<T>(where: string, input: ObservableInput<T>): Observable<T> {
  try {
    return from(input)
  } catch (e) {
    if (!(e instanceof TypeError)) throw e
    throw new InvalidArgument(
      where,
      `expected an ObservableInput (an Observable, a Promise, ` +
        `an array or other iterable, an async iterable), got ${describeArgument(input)}`,
      "pass an Observable, or wrap your value: of(value)",
    )
  }
}
