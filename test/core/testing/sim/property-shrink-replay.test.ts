import { gen, lines, sleep, timeout, type Future } from "@pollable/core"
import { SimPropertyFailed, simProperty, simulate, traceEquals, type Simulation } from "@pollable/core/testing"
import { describe, expect, it } from "vitest"
import { lineServer } from "./line-server.js"

const enc = new TextEncoder()

/**
 * A client that asks a server ten times, one second apart, and gives up after 300 ms:
 * fails when a fault hits a request.
 */
const fragile = (sim: Simulation): Future<number, unknown> => {
  lineServer(sim, (line) => line)
  sim.host("client", (h) =>
    gen(function* () {
      yield* sleep(1)
      const fd = yield* h.connect("server", 7)
      for (let i = 0; i < 10; i++) {
        yield* fd.write(enc.encode(`${i}\n`))
        yield* timeout(lines(fd).next(), 300)
        yield* sleep(1000)
      }
    }),
  )
  return gen(function* () {
    yield* sleep(12_000)
    return 0
  })
}

/** The client's outcome is read from the trace: it failed when its start task failed. */
const clientOk = (r: { trace: { lines: readonly string[] } }): boolean =>
  !r.trace.lines.some((l) => l.includes(" fail client/"))

describe("simProperty", () => {
  it("passes when every seed satisfies the check, and counts what it simulated", async () => {
    const report = await simProperty({ seeds: 5, check: clientOk }, fragile)
    expect(report.runs).toBe(5)
    expect(report.virtualMs).toBe(5 * 12_000)
  })

  it("a failing seed is reported with a shrunk fault script that replays the failure exactly", async () => {
    const printed: string[] = []
    let err: SimPropertyFailed | undefined
    try {
      await simProperty(
        {
          seeds: 50,
          faults: { hosts: ["client", "server"], until: 11_000, every: 300, kinds: ["partition", "reset"] },
          check: clientOk,
          print: (s) => printed.push(s),
        },
        fragile,
      )
    } catch (e) {
      err = e as SimPropertyFailed
    }
    expect(err).toBeInstanceOf(SimPropertyFailed)
    if (err === undefined) return
    expect(err.drawn).toBeGreaterThan(err.faults.length)
    // one partition (or one reset) is enough to break a request
    expect(err.faults.length).toBe(1)
    expect(err.message).toContain(`seed ${err.seed}`)
    expect(printed[0]).toContain(`simulate({ seed: ${err.seed}, faults: `)
    // replaying the printed script gives the failing run again, line for line
    const replay = await simulate({ seed: err.seed, faults: err.faults }, fragile)
    expect(clientOk(replay)).toBe(false)
    expect(traceEquals(replay.trace, err.trace)).toBe(true)
    // and without the fault the same seed passes: the fault is the cause
    expect(clientOk(await simulate({ seed: err.seed, faults: [] }, fragile))).toBe(true)
  })
})
