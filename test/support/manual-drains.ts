import { LocalExecutor } from "@pollable/core"

/**
 * A `LocalExecutor` whose drains wait in a list until the test runs them: `drains.length`
 * tells whether anything was scheduled, `drain()` runs them all (and those they schedule).
 */
export const manualDrains = () => {
  const drains: (() => void)[] = []
  const ex = new LocalExecutor({ schedule: (d) => drains.push(d), yieldToHost: (d) => drains.push(d) })
  const drain = () => {
    while (drains.length > 0) drains.shift()!()
  }
  return { ex, drains, drain }
}
