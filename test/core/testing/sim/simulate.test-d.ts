import type { AsyncFd, Future, IoSource, Pollable } from "@pollable/core"
import { connect, listen } from "@pollable/adapter-native/io"
import {
  simProperty,
  simulate,
  traceEquals,
  type SimPropertyReport,
  type ConnectFailed,
  type Net,
  type SimResult,
  type SimSocket,
  type Simulation,
  type SimOutcome,
} from "@pollable/core/testing"
import { describe, expectTypeOf, it } from "vitest"

class Boom extends Error {
  readonly _tag = "Boom"
}

describe("simulation types", () => {
  it("the Node adapter's connect and listen fit Net, so code taking a Net runs on both", () => {
    expectTypeOf({ connect, listen }).toExtend<Net>()
  })

  it("a simulated host is a Net whose connect yields an AsyncFd over a SimSocket and fails with ConnectFailed", () => {
    const use = (sim: Simulation) => {
      expectTypeOf(sim.main).toExtend<Net>()
      expectTypeOf(sim.main.connect("server", 1)).toEqualTypeOf<Pollable<AsyncFd<SimSocket>, ConnectFailed>>()
      expectTypeOf<AsyncFd<SimSocket>>().toExtend<AsyncFd<IoSource>>()
    }
    void use
  })

  it("simulate keeps the body's value and error types in its outcome", () => {
    const body = (_sim: Simulation): Future<number, Boom> => null as never
    expectTypeOf(simulate({ seed: 1 }, body)).toEqualTypeOf<Promise<SimResult<number, Boom>>>()
    expectTypeOf<SimResult<number, Boom>["outcome"]>().toEqualTypeOf<SimOutcome<number, Boom>>()
    expectTypeOf<Extract<SimOutcome<number, Boom>, { _tag: "Failure" }>["error"]>().toEqualTypeOf<Boom>()
    expectTypeOf(traceEquals).returns.toEqualTypeOf<boolean>()
  })

  it("simProperty's check sees the body's typed result, and resolves to a report", () => {
    const body = (_sim: Simulation): Future<number, Boom> => null as never
    const p = simProperty(
      {
        seeds: 3,
        check: (r) => {
          expectTypeOf(r).toEqualTypeOf<SimResult<number, Boom>>()
          return true
        },
      },
      body,
    )
    expectTypeOf(p).toEqualTypeOf<Promise<SimPropertyReport>>()
  })
})
