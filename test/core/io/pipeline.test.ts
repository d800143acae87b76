// pipeline(framed, { maxInFlight }): replies matched to requests in order; a cancelled call's
// reply is dropped, never handed to another caller; bounded pipelining; explored schedules
// with random cancellation.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  Done,
  framed,
  gen,
  join,
  joinAll,
  linesCodec,
  NeedMore,
  sleep,
  pipeline,
  PipelineClosed,
  timeout,
  TimeoutError,
  yieldNow,
  type AsyncFd,
  type Future,
  type JoinHandle,
} from "@pollable/core"
import { ExploringExecutor, ManualExecutor, seededChoose, VirtualClock, type Choose } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"
import { fds } from "./io-helpers.js"

/**
 * A line server on `fd`: answers "q <id>" with "r <id>", after `delay(id)` yields; records
 * how many requests were outstanding at most. "multi <id>" is answered by three lines.
 */
function server(fd: AsyncFd, delay: (id: string) => number = () => 0, sleepMs: (id: string) => number = () => 0) {
  const stats = { maxOutstanding: 0, received: 0 }
  const conn = framed(fd, linesCodec())
  const task = gen(function* () {
    const replies: string[] = []
    let outstanding = 0
    const answer = gen(function* () {
      for (;;) {
        const l = yield* conn.next()
        if (l === Done) return
        stats.received++
        outstanding++
        stats.maxOutstanding = Math.max(stats.maxOutstanding, outstanding)
        const [kind, id] = l.split(" ")
        for (let i = delay(id!); i > 0; i--) yield* yieldNow()
        if (sleepMs(id!) > 0) yield* sleep(sleepMs(id!))
        if (kind === "multi") for (const part of ["a", "b", "end"]) replies.push(`${part} ${id}`)
        else replies.push(`r ${id}`)
        for (const r of replies.splice(0)) yield* conn.feed(r)
        outstanding--
        yield* conn.flush()
      }
    })
    yield* answer
    yield* conn.close()
  })
  return { stats, task }
}

describe("pipeline", () => {
  it("hands each caller its own reply, in order, with requests pipelined up to maxInFlight", () => {
    const { fa, fb } = fds({ readChunk: 7 })
    const ex = new ManualExecutor()
    const srv = server(fb, (id) => Number(id) % 3)
    ex.spawn(srv.task)
    const p = pipeline(framed(fa, linesCodec()), { maxInFlight: 4 })
    const ids = Array.from({ length: 20 }, (_, i) => i)
    const h = ex.spawn(joinAll(ids.map((i) => p.call(`q ${i}`))))
    let maxInFlight = 0
    while (ex.step()) maxInFlight = Math.max(maxInFlight, p.inFlight)
    expect(h.outcome).toEqual({ _tag: "Success", value: ids.map((i) => `r ${i}`) })
    expect(maxInFlight).toBe(4) // it did pipeline, and no further than allowed
    expect(p.inFlight).toBe(0)
  })

  it("a call cancelled by a timeout before its reply never hands that reply to the next caller", () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const { fa, fb } = fds()
    const srv = server(fb, undefined, (id) => (id === "slow" ? 10 : 0))
    const s = ex.spawn(srv.task)
    const p = pipeline(framed(fa, linesCodec()), { maxInFlight: 1 })
    const slow = ex.spawn(timeout(p.call("q slow"), 1))
    ex.runUntilStalled()
    clock.advance(1)
    ex.runUntilStalled()
    expect((slow.outcome as { error?: unknown }).error).toBeInstanceOf(TimeoutError)
    const next = ex.spawn(p.call("q next"))
    ex.runUntilStalled()
    expect(p.inFlight).toBe(1) // the abandoned request still holds the only slot
    clock.advance(10)
    ex.runUntilStalled()
    expect(next.outcome).toEqual({ _tag: "Success", value: "r next" }) // not "r slow"
    expect(srv.stats.received).toBe(2)
    expect(s.outcome).toBeUndefined()
  })

  it("a reply of several frames: assemble is called per frame until it returns the reply", () => {
    const { fa, fb } = fds({ readChunk: 3 })
    const ex = new ManualExecutor()
    ex.spawn(server(fb).task)
    const p = pipeline(framed(fa, linesCodec()))
    const collect = () => {
      const parts: string[] = []
      return (f: string) => (f.startsWith("end") ? [...parts] : (parts.push(f), NeedMore))
    }
    const [a, b] = ex.blockOn(join(p.call("multi 1", collect()), p.call("multi 2", collect())))
    expect(a).toEqual(["a 1", "b 1"])
    expect(b).toEqual(["a 2", "b 2"])
  })

  it("a request the encoder refuses fails alone; nothing is queued and the next call proceeds", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    ex.spawn(server(fb).task)
    const lines = linesCodec()
    const picky = {
      decode: lines.decode.bind(lines),
      encode(item: string, dst: import("@pollable/core").ByteBuffer) {
        if (item.includes("bad")) throw new RangeError("refused")
        lines.encode(item, dst)
      },
    }
    const p = pipeline(framed(fa, picky), { maxInFlight: 1 })
    const [bad, good] = [ex.spawn(p.call("q bad")), ex.spawn(p.call("q 7"))]
    ex.runUntilStalled()
    expect((bad.outcome as { error?: unknown }).error).toBeInstanceOf(RangeError)
    expect(good.outcome).toEqual({ _tag: "Success", value: "r 7" })
    expect(p.inFlight).toBe(0)
  })

  it(
    "call.inFlight: false until the request is queued, " +
      "true while its reply is awaited, false once the reply is in",
    () => {
      const { fa, fb } = fds()
      const ex = new ManualExecutor()
      const p = pipeline(framed(fa, linesCodec()))
      const c = p.call("q 1")
      expect(c.inFlight).toBe(false)
      const h = ex.spawn(c)
      ex.runUntilStalled()
      expect(c.inFlight).toBe(true) // sent; the server has not answered
      const srv = framed(fb, linesCodec())
      expect(ex.blockOn(srv.next())).toBe("q 1")
      ex.blockOn(srv.send("r 1"))
      ex.runUntilStalled()
      expect(h.outcome).toEqual({ _tag: "Success", value: "r 1" })
      expect(c.inFlight).toBe(false)
    },
  )

  it("PipelineClosed: the peer closing fails the waiting calls and every later call", () => {
    const { fa, fb } = fds()
    const ex = new ManualExecutor()
    const p = pipeline(framed(fa, linesCodec()))
    const h = ex.spawn(p.call("q 1"))
    ex.runUntilStalled()
    fb.close()
    ex.runUntilStalled()
    expect((h.outcome as { error?: unknown }).error).toBeInstanceOf(PipelineClosed)
    expect(() => ex.blockOn(p.call("q 2"))).toThrow(PipelineClosed)
    expect(p.closed).toBeInstanceOf(PipelineClosed)
  })

  it(
    "explored schedules with random cancellation: " +
      "every completed call got its own reply; the connection stays in sync",
    () => {
      fc.assert(
        fc.property(
          fc.integer(),
          fc.integer({ min: 1, max: 4 }),
          fc.array(fc.nat({ max: 200 }), { maxLength: 6 }),
          fc.boolean(),
          (seed, maxInFlight, cancelSteps, spurious) => {
            const choose: Choose = seededChoose(seed)
            const ex = new ExploringExecutor({ choose, spuriousEvery: spurious ? 4 : 0 })
            const { fa, fb } = fds({ readChunk: 1 + ((seed >>> 0) % 5), capacity: 64 })
            const srv = server(fb, (id) => Number(id) % 3)
            const srvTask = ex.spawn(srv.task)
            const p = pipeline(framed(fa, linesCodec()), { maxInFlight })
            const clients: JoinHandle<string, Error>[] = []
            for (let i = 0; i < 10; i++) clients.push(ex.spawn(p.call(`q ${i}`) as Future<string, Error>))
            for (let n = 0; n < 100_000; n++) {
              const k = cancelSteps.indexOf(n)
              if (k >= 0) clients[((k * 7 + seed) >>> 0) % clients.length]!.cancel()
              if (!ex.step()) break
            }
            clients.forEach((c, i) => {
              const o = c.outcome
              expect(o).toBeDefined()
              if (o!._tag === "Success") expect(o!.value).toBe(`r ${i}`)
              else expect(o!._tag).toBe("Interrupted")
            })
            // the dropped replies are read before the next call's own
            const last = ex.spawn(p.call("q last") as Future<string, Error>)
            ex.run()
            expect(last.outcome).toEqual({ _tag: "Success", value: "r last" })
            expect(p.inFlight).toBe(0)
            fa.shutdown()
            ex.run()
            expect(srvTask.outcome?._tag).toBe("Success")
            expect(ex.liveTasks).toBe(0)
          },
        ),
        { numRuns: 150 },
      )
    },
  )

  it("bad input: a non-framed connection, a bad maxInFlight or assemble", () => {
    refuses(() => pipeline({} as never), "pipeline(conn)", /framed connection/)
    const { fa } = fds()
    refuses(
      () => pipeline(framed(fa, linesCodec()), { maxInFlight: 0 }),
      "pipeline(conn, { maxInFlight })",
      /maxInFlight must be a whole number >= 1, got 0/,
    )
    const p = pipeline(framed(fds().fa, linesCodec()))
    refuses(() => p.call("x", 5 as never), undefined, /assemble must be a function/)
  })
})
