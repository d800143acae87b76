import { describe, expect, it } from "vitest"
import { LocalExecutor, TimerQueue, hostClock } from "@pollable/core"
import { testExecutor } from "@pollable/core/conformance"
import { VirtualClock } from "@pollable/core/testing"

const harness = { describe, it, expect }

// The reference executor on host time (unref'd alarms, so a failed case cannot hold the process).
testExecutor({
  name: "reference (LocalExecutor, hostClock)",
  make: () => ({
    executor: new LocalExecutor({ timer: new TimerQueue(hostClock({ unref: true })), name: "reference" }),
  }),
  harness,
})

// The same executor on virtual time: the suite advances the clock.
testExecutor({
  name: "reference (LocalExecutor, VirtualClock)",
  make: () => {
    const clock = new VirtualClock()
    return { executor: new LocalExecutor({ timer: clock, name: "reference" }), clock }
  },
  capabilities: { virtualTime: true },
  harness,
})
