import { execFileSync } from "node:child_process"
import { resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { main as nativeMain } from "../../examples/readme/native.js"
import { main as rxjsMain } from "../../examples/readme/rxjs.js"
import { main as effectMain, recover as effectRecover } from "../../examples/readme/effect.js"
import { main as testingMain } from "../../examples/readme/testing.js"
import { main as handWrittenMain } from "../../examples/readme/hand-written.js"
import { main as bindMain } from "../../examples/readme/bind.js"
import { fetchAll, fetchAllStream } from "../../examples/readme/fetch-pages.js"
import { gen, sleep, type Future } from "@pollable/core"
import { virtualTime } from "@pollable/core/testing"

describe("the README's examples run and say what the README says", () => {
  it("native", async () => expect(await nativeMain()).toBe("a+b; user navigated away"))
  it("rxjs (marble test under TestScheduler)", () => expect(rxjsMain()).toBe("ok"))
  it("effect (TestClock)", async () => expect(await effectMain()).toBe("a+b"))
  it("effect: Effect.catchTag catches the library's RetriesExhausted after toEffect", async () =>
    expect(await effectRecover()).toBe("gave up after 3 tries"))
  it("testing kit (VirtualClock)", () =>
    expect(testingMain()).toBe('undefined then {"_tag":"Success","value":"a+b"} at 120 ms'))
  it("hand-written future", async () => expect(await handWrittenMain()).toBe("flag seen"))
  it("bind: the API published as Promise-returning functions", async () => expect(await bindMain()).toBe("a+b"))
})

describe("core README: fetch N pages with at most 4 in flight; cancel all on first error", () => {
  /** A fake fetch on virtual time: page `bad` fails after 1 ms, the others take 10 ms. */
  const pages = (bad?: string) => {
    let inFlight = 0
    let max = 0
    const cancelled: string[] = []
    const fetchPage = (url: string): Future<string, Error> =>
      gen(function* () {
        inFlight++
        max = Math.max(max, inFlight)
        let done = false
        try {
          yield* sleep(url === bad ? 1 : 10)
          done = true
          if (url === bad) throw new Error(`404 ${url}`)
          return `<${url}>`
        } finally {
          inFlight--
          if (!done) cancelled.push(url)
        }
      })
    return {
      fetchPage,
      cancelled,
      get max() {
        return max
      },
      get inFlight() {
        return inFlight
      },
    }
  }
  const urls = Array.from({ length: 10 }, (_, i) => `p${i}`)

  for (const [name, run] of [
    ["scope + Semaphore", fetchAll],
    ["mapConcurrent", fetchAllStream],
  ] as const) {
    it(`${name}: every page in order, never more than 4 at once`, () => {
      const { clock, ex } = virtualTime()
      const p = pages()
      expect(ex.blockOn(run(urls, p.fetchPage))).toEqual(urls.map((u) => `<${u}>`))
      expect(p.max).toBe(4)
      expect(clock.now()).toBe(30) // 10 pages, 4 at a time, 10 ms each
      expect(clock.pendingTimers).toBe(0)
    })

    it(`${name}: the first failure cancels every fetch in flight and is rethrown`, () => {
      const { clock, ex } = virtualTime()
      const p = pages("p5") // starts at t=10 with p4..p7, fails at t=11
      expect(() => ex.blockOn(run(urls, p.fetchPage))).toThrow("404 p5")
      expect(clock.now()).toBe(11)
      expect(p.cancelled.sort()).toEqual(["p4", "p6", "p7"])
      expect(p.inFlight).toBe(0)
      expect(clock.pendingTimers).toBe(0)
    })
  }
})

describe("README code blocks are generated from examples/readme", () => {
  it("is in sync (run `node scripts/sync-readme.mjs` after editing an example)", () => {
    const root = resolve(import.meta.dirname, "../..")
    const out = execFileSync(process.execPath, ["scripts/sync-readme.mjs", "--check"], { cwd: root, encoding: "utf8" })
    expect(out).toContain("in sync")
  })
})

describe("README library example: fail, catchTag and a retry helper", () => {
  it("retryOnTimeout retries after each TimeoutError, then fails with RetriesExhausted", async () => {
    const { firstLine, retryOnTimeout, RetriesExhausted, slowly } = await import("../../examples/readme/library.js")
    const { clock, ex } = virtualTime()
    let tries = 0
    const h = ex.spawn(retryOnTimeout(() => (tries++, slowly("late", 60_000)), 1_000, 3))
    ex.runUntilStalled()
    clock.advance(3_199)
    expect(h.outcome).toBeUndefined()
    clock.advance(1)
    expect(h.outcome).toEqual({ _tag: "Failure", error: new RetriesExhausted(3) })
    expect(tries).toBe(3)
    expect(clock.pendingTimers).toBe(0)
    // a try that answers in time wins; a later try after a timeout too
    let n = 0
    expect(ex.blockOn(firstLine(() => slowly("first\nsecond", n++ === 0 ? 5_000 : 10)))).toBe("first")
  })
  it("firstLine fails with NotFound through yield* fail(…); firstLineOrEmpty catches exactly that", async () => {
    const { firstLine, firstLineOrEmpty, NotFound, slowly } = await import("../../examples/readme/library.js")
    const { clock, ex } = virtualTime()
    const h = ex.spawn(firstLine(() => slowly("", 1)))
    ex.runUntilStalled()
    clock.runAll()
    expect(h.outcome).toEqual({ _tag: "Failure", error: new NotFound("the document is empty") })
    expect(ex.blockOn(firstLineOrEmpty(() => slowly("", 1)))).toBe("")
  })
})
