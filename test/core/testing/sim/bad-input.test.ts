import { InvalidArgument, ready, sleep, type Executor, type JoinHandle } from "@pollable/core"
import { SimulationStuck, simProperty, simulate, traceDiff, traceEquals } from "@pollable/core/testing"
import { describe, expect, it } from "vitest"

const body = () => ready(1)

describe("simulate: bad input gets a named error that says what to do", () => {
  it.each([
    [{ seed: 1.5 }, /seed.*whole number/],
    [{ seed: "1" }, /seed.*whole number/],
    [{ seed: 1, until: -1 }, /until.*>= 0/],
    [{ seed: 1, executor: "bun" }, /"bun" is not an executor kind/],
    [{ seed: 1, executor: 42 }, /expected an executor kind or an adapter object/],
    [{ seed: 1, net: { latency: 0.5 } }, /latency.*whole number/],
    [{ seed: 1, net: { bandwidth: 0 } }, /bandwidth.*> 0/],
  ])("simulate(%j) rejects with InvalidArgument", async (options, message) => {
    const p = simulate(options as never, body)
    await expect(p).rejects.toBeInstanceOf(InvalidArgument)
    await expect(p).rejects.toThrow(message)
  })

  it("a body that is not a function is refused", async () => {
    await expect(simulate({ seed: 1 }, 5 as never)).rejects.toThrow(/expected a function \(sim\) => future/)
  })

  it("two hosts with one name are refused", async () => {
    const r = await simulate({ seed: 1 }, (sim) => {
      sim.host("a", () => ready(0))
      sim.host("a", () => ready(0))
      return ready(0)
    })
    expect(r.outcome._tag).toBe("Failure")
    expect((r.outcome as { error: Error }).error).toBeInstanceOf(InvalidArgument)
    expect(String((r.outcome as { error: Error }).error)).toMatch(/a host named "a" exists already/)
  })

  it("crashing a host that does not exist names the hosts there are", async () => {
    const r = await simulate({ seed: 1 }, (sim) => {
      sim.host("db", () => ready(0))
      sim.crash("dbx")
      return ready(0)
    })
    expect(String((r.outcome as { error: Error }).error)).toMatch(/use one of: main, db/)
  })

  it("simProperty refuses seeds that are neither a count nor a list", async () => {
    await expect(simProperty({ seeds: -1 }, body)).rejects.toThrow(/a count or a list of whole-number seeds/)
  })

  it("traceEquals and traceDiff refuse what is not a trace", () => {
    expect(() => traceEquals({} as never, {} as never)).toThrow(InvalidArgument)
    expect(() => traceDiff([] as never, [] as never)).toThrow(/pass result.trace/)
  })

  it("an executor that never polls what it was handed fails the run with SimulationStuck", async () => {
    const lazy = {
      name: "lazy",
      createExecutor: (): Executor => ({
        spawn: () => ({ cancel() {} }) as unknown as JoinHandle<never, never>,
        timer: { now: () => 0, schedule: () => ({ cancel() {} }) },
      }),
    }
    await expect(simulate({ seed: 1, executor: lazy }, () => sleep(1))).rejects.toBeInstanceOf(SimulationStuck)
  })
})
