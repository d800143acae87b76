import { gen, lines, sleep, type Future } from "@pollable/core"
import { simulate, traceDiff, traceEquals, type Simulation } from "@pollable/core/testing"
import { native } from "@pollable/adapter-native"
import { rxjs } from "@pollable/adapter-rxjs"
import { effect } from "@pollable/adapter-effect"
import { describe, expect, it } from "vitest"
import { lineServer } from "./line-server.js"

const enc = new TextEncoder()

/** An echo server and three clients racing to it: the order they are served in depends on the schedule. */
const echoRace = (sim: Simulation): Future<string[], unknown> => {
  lineServer(sim, (line) => `${line}!`)
  const got: string[] = []
  for (const name of ["a", "b", "c"]) {
    sim.host(name, (h) =>
      gen(function* () {
        yield* sleep(1)
        const fd = yield* h.connect("server", 7)
        for (let i = 0; i < 3; i++) {
          yield* fd.write(enc.encode(`${name}${i}\n`))
          const reply = yield* lines(fd).next()
          got.push(String(reply))
        }
        fd.close()
      }),
    )
  }
  return gen(function* () {
    yield* sleep(200)
    return got
  })
}

const executors = [
  ["reference", undefined],
  ["native", native],
  ["rxjs", rxjs],
  ["effect", effect],
] as const

describe("simulate", () => {
  it("runs a client/server system on virtual time and returns the body's value", async () => {
    const r = await simulate({ seed: 1 }, echoRace)
    expect(r.outcome._tag).toBe("Success")
    const got = (r.outcome as { value: string[] }).value
    expect([...got].sort()).toEqual(["a0!", "a1!", "a2!", "b0!", "b1!", "b2!", "c0!", "c1!", "c2!"])
    expect(r.virtualMs).toBe(200)
    expect(r.leakedTimers).toBe(0)
  })

  it("the same seed gives a byte-identical trace on every run", async () => {
    const a = await simulate({ seed: 7, tracePolls: true }, echoRace)
    const b = await simulate({ seed: 7, tracePolls: true }, echoRace)
    expect(traceDiff(a.trace, b.trace)).toBeUndefined()
    expect(a.trace.digest).toBe(b.trace.digest)
  })

  it("different seeds explore different schedules", async () => {
    const digests = new Set<string>()
    for (let seed = 0; seed < 10; seed++)
      digests.add((await simulate({ seed, tracePolls: true }, echoRace)).trace.digest)
    expect(digests.size).toBeGreaterThan(5)
  })

  it.each(executors)("the trace on the %s executor equals the reference trace, poll by poll", async (_name, source) => {
    for (const seed of [3, 11, 12345]) {
      const ref = await simulate({ seed, tracePolls: true }, echoRace)
      const other = await simulate(
        source === undefined ? { seed, tracePolls: true } : { seed, tracePolls: true, executor: source },
        echoRace,
      )
      expect(traceDiff(ref.trace, other.trace)).toBeUndefined()
      expect(traceEquals(ref.trace, other.trace)).toBe(true)
      expect(other.outcome).toEqual(ref.outcome)
    }
  })
})
