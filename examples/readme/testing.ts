// Tests with no runtime at all: core's VirtualClock and a manual executor.
import { VirtualClock, ManualExecutor } from "@pollable/core/testing"
import { fetchBoth, slowly } from "./library.js"

export function main(): string {
  const clock = new VirtualClock()
  const ex = new ManualExecutor({ timer: clock })
  const h = ex.spawn(fetchBoth(slowly("a", 10), slowly("b", 20)))

  clock.advance(119)
  const before = h.outcome // undefined: still waiting for the last 1 ms
  clock.advance(1)
  return `${String(before)} then ${JSON.stringify(h.outcome)} at ${clock.now()} ms`
  // "undefined then {"_tag":"Success","value":"a+b"} at 120 ms"
}
