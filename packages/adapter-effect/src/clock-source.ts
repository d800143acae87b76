import type { ClockSource } from "@pollable/core"
import type * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Scheduler from "effect/Scheduler"
import { checkEffectService } from "./errors.js"

/**
 * A {@link ClockSource} on Effect's `Clock`: `now()` is `clock.currentTimeMillisUnsafe()` and
 * the host alarm is a small fiber running `clock.sleep(delay)`, forked on `scheduler`.
 *
 * So a `TimerQueue` over it keeps pollable time on whatever `Clock` the Effect program runs
 * with: the live clock (`setTimeout`), or `TestClock`, where `TestClock.adjust` fires
 * pollable `sleep`/`timeout` exactly like `Effect.sleep`. Only one alarm fiber exists at a
 * time per queue (for the earliest deadline); disarming interrupts it, which removes its
 * `setTimeout` or its TestClock entry.
 *
 * @param clock the Effect clock to read and sleep on.
 * @param scheduler the Effect scheduler the alarm fiber runs on. Pass the program's
 *   scheduler under `TestClock` (its scheduler tracks the work a clock step causes, so
 *   `adjust` returns after the woken futures ran). Default: Effect's default scheduler.
 */
export function effectClockSource(clock: Clock.Clock, scheduler?: Scheduler.Scheduler): ClockSource {
  checkEffectService(
    "effectClockSource(clock)",
    clock,
    "currentTimeMillisUnsafe",
    "an Effect Clock (e.g. the one Effect.clockWith gives you)",
    false,
  )
  checkEffectService("effectClockSource(clock, scheduler)", scheduler, "makeDispatcher", "an Effect Scheduler")
  const options = scheduler === undefined ? undefined : { scheduler }
  return {
    now: () => clock.currentTimeMillisUnsafe(),
    setAlarm(deadline, fire) {
      const ms = Math.ceil(deadline - clock.currentTimeMillisUnsafe())
      // A TestClock sleep of <= 0 returns synchronously; `TimerQueue` must never see `fire`
      // on its own `setAlarm` stack, so a due deadline goes through one scheduler yield.
      const wait = ms > 0 ? clock.sleep(Duration.millis(ms)) : Effect.yieldNow
      const fiber = Effect.runFork(
        Effect.andThen(
          wait,
          Effect.sync(() => fire()),
        ),
        options,
      )
      return () => fiber.interruptUnsafe()
    },
  }
}
