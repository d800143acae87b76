import { ConnectionReset, gen, lines, readExact, sleep, type Future } from "@pollable/core"
import { simulate, type Simulation } from "@pollable/core/testing"
import { describe, expect, it } from "vitest"
import { lineServer } from "./line-server.js"

const enc = new TextEncoder()

/** A server on `server:7` that records every line it reads, and answers each with `ok`. */
const recorder = (sim: Simulation, seen: string[]): void =>
  lineServer(sim, (line) => {
    seen.push(line)
    return "ok"
  })

const run = <T>(body: (sim: Simulation) => Future<T, unknown>, seed = 1, extra: object = {}) =>
  simulate({ seed, ...extra }, body)

describe("simulated network", () => {
  it("TCP stays ordered under jitter: 200 writes arrive in the order written", async () => {
    for (const seed of [1, 2, 3]) {
      const seen: string[] = []
      const r = await run(
        (sim) => {
          recorder(sim, seen)
          return gen(function* () {
            const fd = yield* sim.main.connect("server", 7)
            for (let i = 0; i < 200; i++) yield* fd.write(enc.encode(`${i}\n`))
            yield* sleep(1000)
          })
        },
        seed,
        { net: { latency: 1, jitter: 20 } },
      )
      expect(r.outcome._tag).toBe("Success")
      expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => String(i)))
    }
  })

  it("latency and bandwidth set when bytes arrive", async () => {
    const r = await run((sim) => {
      sim.link("main", "server", { latency: 10, jitter: 0, bandwidth: 100 })
      sim.host("server", (h) =>
        h.listen(7, (fd) =>
          gen(function* () {
            yield* readExact(fd, 1000)
            yield* fd.write(enc.encode("done\n"))
          }),
        ),
      )
      return gen(function* () {
        const fd = yield* sim.main.connect("server", 7)
        const t0 = sim.now()
        yield* fd.write(new Uint8Array(1000))
        yield* lines(fd).next()
        return sim.now() - t0
      })
    }, 1)
    // 1000 B at 100 B/ms = 10 ms on the wire, +10 ms latency there; the 5-byte reply takes
    // 1 ms on the wire (rounded up) and 10 ms back
    expect(r.outcome).toEqual({ _tag: "Success", value: 31 })
  })

  it("a partition holds bytes in flight; healing delivers them, in order", async () => {
    const seen: string[] = []
    const r = await run((sim) => {
      recorder(sim, seen)
      return gen(function* () {
        const fd = yield* sim.main.connect("server", 7)
        sim.partition("main", "server")
        yield* fd.write(enc.encode("a\nb\n"))
        yield* fd.write(enc.encode("c\n"))
        yield* sleep(500)
        const during = [...seen]
        sim.heal("main", "server")
        yield* sleep(100)
        return { during, after: [...seen] }
      })
    })
    expect(r.outcome).toEqual({ _tag: "Success", value: { during: [], after: ["a", "b", "c"] } })
    expect(r.trace.lines.some((l) => l.includes("hold #1"))).toBe(true)
  })

  it("connect across a partition fails with ConnectFailed ETIMEDOUT after connectTimeout", async () => {
    const r = await run(
      (sim) => {
        recorder(sim, [])
        sim.partition("main", "server")
        return sim.main.connect("server", 7)
      },
      1,
      { net: { connectTimeout: 250 } },
    )
    expect(r.outcome._tag).toBe("Failure")
    const e = (r.outcome as { error: { _tag: string; code: string } }).error
    expect(e._tag).toBe("ConnectFailed")
    expect(e.code).toBe("ETIMEDOUT")
    expect(r.virtualMs).toBe(250)
  })

  it("connect to a port nobody listens on is refused after one round trip", async () => {
    const r = await run(
      (sim) => {
        sim.host("server", () => sleep(0))
        return sim.main.connect("server", 9)
      },
      1,
      { net: { latency: 5, jitter: 0 } },
    )
    expect((r.outcome as { error: { code: string } }).error.code).toBe("ECONNREFUSED")
    expect(r.virtualMs).toBe(10)
  })

  it("reset: both ends read ConnectionReset", async () => {
    const r = await run((sim) => {
      recorder(sim, [])
      return gen(function* () {
        const fd = yield* sim.main.connect("server", 7)
        sim.reset("main", "server")
        yield* sleep(1)
        return yield* fd.read()
      })
    })
    expect(r.outcome._tag).toBe("Failure")
    expect((r.outcome as { error: unknown }).error).toBeInstanceOf(ConnectionReset)
  })

  it("half-close: the server reads everything then EOF, and can still answer", async () => {
    const r = await run((sim) => {
      sim.host("server", (h) =>
        h.listen(7, (fd) =>
          gen(function* () {
            let n = 0
            for (;;) {
              const line = yield* lines(fd).next()
              if (typeof line !== "string") break
              n++
            }
            yield* fd.write(enc.encode(`got ${n}\n`))
          }),
        ),
      )
      return gen(function* () {
        const fd = yield* sim.main.connect("server", 7)
        yield* fd.write(enc.encode("x\ny\nz\n"))
        fd.shutdown()
        return yield* lines(fd).next()
      })
    })
    expect(r.outcome).toEqual({ _tag: "Success", value: "got 3" })
  })

  it("rule 4: crash cancels the host's tasks and timers and resets its sockets; restart keeps the disk", async () => {
    const r = await run((sim) => {
      sim.host("server", (h) =>
        gen(function* () {
          const boots = ((h.disk.get("boots") as number | undefined) ?? 0) + 1
          h.disk.set("boots", boots)
          h.spawn(sleep(10_000), "sleeper")
          yield* h.listen(7, (fd) =>
            gen(function* () {
              yield* fd.write(enc.encode(`boot ${boots}\n`))
              yield* sleep(10_000)
            }),
          )
        }),
      )
      return gen(function* () {
        yield* sleep(5)
        const fd = yield* sim.main.connect("server", 7)
        const first = yield* lines(fd).next()
        sim.crash("server")
        yield* sleep(1)
        let readAfterCrash = "no error"
        try {
          yield* fd.read()
        } catch (e) {
          readAfterCrash = (e as Error).name
        }
        // the crashed host's two 10-second sleeps released their timers
        const timersWhileDown = sim.clock.pendingTimers
        sim.restart("server")
        yield* sleep(5)
        const fd2 = yield* sim.main.connect("server", 7)
        const second = yield* lines(fd2).next()
        return { first, readAfterCrash, timersWhileDown, second }
      })
    })
    expect(r.outcome).toEqual({
      _tag: "Success",
      value: { first: "boot 1", readAfterCrash: "ConnectionReset", timersWhileDown: 0, second: "boot 2" },
    })
    // the server's sleeper and its connection handler were cancelled by the crash
    const crashAt = r.trace.lines.findIndex((l) => l.endsWith("crash server"))
    const cancelled = r.trace.lines.slice(crashAt).filter((l) => / cancel server\//.test(l))
    expect(cancelled.some((l) => l.includes("sleeper"))).toBe(true)
    expect(cancelled.length).toBeGreaterThanOrEqual(3)
    expect(r.leakedTimers).toBe(0)
  })

  it("rule 8: a failing connection handler is reported into the trace; the listener keeps serving", async () => {
    const r = await run((sim) => {
      let n = 0
      sim.host("server", (h) =>
        h.listen(7, (fd) =>
          gen(function* () {
            if (++n === 1) throw new Error("first handler broke")
            yield* fd.write(enc.encode("fine\n"))
          }),
        ),
      )
      return gen(function* () {
        const first = yield* sim.main.connect("server", 7)
        const eof = yield* lines(first).next()
        const second = yield* sim.main.connect("server", 7)
        return [typeof eof, yield* lines(second).next()]
      })
    })
    expect(r.outcome).toEqual({ _tag: "Success", value: ["symbol", "fine"] })
    expect(r.reported).toEqual([
      "listen(server:7) handler (AsyncFd(tcp server:7<-main:49152)): Error: first handler broke",
    ])
    expect(r.trace.lines.some((l) => l.includes("fault listen(server:7) handler"))).toBe(true)
  })
})

describe("simulated network: one connection", () => {
  it("sim.reset(fd.source.conn) resets that connection only", async () => {
    const r = await simulate({ seed: 1 }, (sim) => {
      recorder(sim, [])
      return gen(function* () {
        const a = yield* sim.main.connect("server", 7)
        const b = yield* sim.main.connect("server", 7)
        sim.reset(a.source.conn)
        yield* b.write(enc.encode("still here\n"))
        const reply = yield* lines(b).next()
        let aRead = "no error"
        try {
          yield* a.read()
        } catch (e) {
          aRead = (e as Error).name
        }
        return [reply, aRead]
      })
    })
    expect(r.outcome).toEqual({ _tag: "Success", value: ["ok", "ConnectionReset"] })
  })
})
