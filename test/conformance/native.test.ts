import { describe, expect, it } from "vitest"
import { NativeExecutor } from "@pollable/adapter-native"
import { testExecutor } from "@pollable/core/conformance"
import { VirtualClock } from "@pollable/core/testing"

const harness = { describe, it, expect }

// Real timers (setTimeout, one armed host timer), unref'd so a failing case cannot hold the process.
testExecutor({
  name: "native (NativeExecutor, setTimeout)",
  make: () => ({ executor: new NativeExecutor({ unref: true }) }),
  harness,
})

// The native executor with a VirtualClock as its timer.
testExecutor({
  name: "native (NativeExecutor, VirtualClock)",
  make: () => {
    const clock = new VirtualClock()
    return { executor: new NativeExecutor({ timer: clock }), clock }
  },
  capabilities: { virtualTime: true },
  harness,
})
