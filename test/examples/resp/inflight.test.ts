// The RESP client's FIFO of in-flight requests, stepped deterministically over the
// in-memory pair: what a cancel does at each stage (before the first poll, queued but not
// written, partly written, sent), concurrent commands, and the hand-over of driving the
// connection when the request the fd would wake is cancelled.
import { describe, expect, it } from "vitest"
import { AsyncFd, gen, join, select, type JoinHandle } from "@pollable/core"
import { ManualExecutor, memoryPair, type MemoryPairOptions } from "@pollable/core/testing"
import { encodeCommand, RespClient, RespConnectionBroken, RespClosed } from "../../../examples/resp/client.js"

const text = (b: Uint8Array) => new TextDecoder().decode(b)
const bytes = (s: string) => new TextEncoder().encode(s)
const bulk = (s: string) => `$${bytes(s).length}\r\n${s}\r\n`

function setup(options: MemoryPairOptions = {}) {
  const [a, b] = memoryPair(options)
  const server = new AsyncFd(a)
  const client = new RespClient(new AsyncFd(b))
  const ex = new ManualExecutor()
  /** Everything the client has sent so far. */
  const sent = () => {
    let s = ""
    for (;;) {
      const c = server.tryRead()
      if (typeof c === "symbol" || c.length === 0) return s
      s += text(c)
    }
  }
  const reply = (s: string) => ex.blockOn(server.write(bytes(s)))
  const outcome = <T>(h: JoinHandle<T, unknown>) => {
    const o: { value?: T; error?: unknown; settled: boolean } = { settled: false }
    h.then(
      (v) => Object.assign(o, { value: v, settled: true }),
      (e: unknown) => Object.assign(o, { error: e, settled: true }),
    )
    return o
  }
  /** Run until nothing can progress, including the microtasks that settle handles. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      ex.runUntilStalled()
      await Promise.resolve()
    }
  }
  return { ex, server, client, sent, reply, outcome, settle }
}

const cmd = (...args: string[]) => text(encodeCommand(args))

describe("RESP client: cancelling at each stage of a request", () => {
  it("cancelled before its first poll: nothing is sent", () => {
    const { ex, client, sent, reply } = setup()
    const f = client.get("never")
    f.cancel()
    const h = ex.spawn(client.get("b"))
    ex.runUntilStalled()
    expect(sent()).toBe(cmd("GET", "b"))
    reply(bulk("vb"))
    expect(ex.blockOn(h)).toBe("vb")
  })

  it("sent, then cancelled (select lost): its reply is read and discarded; the next command gets its own", () => {
    const { ex, client, sent, reply } = setup()
    const h = ex.spawn(
      gen(function* () {
        return yield* select(client.get("a"), client.get("b")) // both are sent
      }),
    )
    ex.runUntilStalled()
    expect(sent()).toBe(cmd("GET", "a") + cmd("GET", "b"))
    reply(bulk("va"))
    const r = ex.blockOn(h)
    expect(r).toMatchObject({ index: 0, value: "va" }) // a won; b was cancelled after it was sent
    const next = ex.spawn(client.get("c"))
    ex.runUntilStalled()
    expect(sent()).toBe(cmd("GET", "c"))
    reply(bulk("vb") + bulk("vc")) // b's late reply, then c's
    expect(ex.blockOn(next)).toBe("vc")
  })

  it("queued behind a blocked write and cancelled before any byte went out: never sent", async () => {
    // capacity 8: the first command fills the pipe and waits for the server to read
    const { ex, client, sent, reply, outcome, settle } = setup({ capacity: 8 })
    const a = outcome(ex.spawn(client.get("aaaaaaaa")))
    const hb = ex.spawn(client.get("b"))
    const b = outcome(hb)
    await settle()
    hb.cancel()
    const c = outcome(ex.spawn(client.get("c")))
    let got = ""
    for (let i = 0; i < 100 && got.length < (cmd("GET", "aaaaaaaa") + cmd("GET", "c")).length; i++) {
      got += sent()
      await settle()
    }
    expect(got).toBe(cmd("GET", "aaaaaaaa") + cmd("GET", "c")) // no trace of GET b
    reply(bulk("va") + bulk("vc"))
    await settle()
    expect([a.value, b.error?.constructor.name, c.value]).toEqual(["va", "Interrupted", "vc"])
  })

  it(
    "partly written, then cancelled: the rest of it still goes out " + "(no torn command), and its reply is discarded",
    async () => {
      const { ex, client, sent, reply, outcome, settle } = setup({ capacity: 8 })
      const ha = ex.spawn(client.set("key", "a long value that does not fit in 8 bytes"))
      await settle()
      let got = sent() // only a prefix went out so far
      expect(got.length).toBeGreaterThan(0)
      expect(got.length).toBeLessThan(cmd("SET", "key", "a long value that does not fit in 8 bytes").length)
      ha.cancel()
      const b = outcome(ex.spawn(client.get("key")))
      const want = cmd("SET", "key", "a long value that does not fit in 8 bytes") + cmd("GET", "key")
      for (let i = 0; i < 1000 && got.length < want.length; i++) {
        await settle()
        got += sent()
      }
      expect(got).toBe(want)
      reply(`+OK\r\n${bulk("a long value that does not fit in 8 bytes")}`)
      await settle()
      expect(b.value).toBe("a long value that does not fit in 8 bytes")
    },
  )
})

describe("RESP client: concurrent commands share the connection in order", () => {
  it("join of three commands: one write each, replies matched in order, whatever the split", () => {
    const { ex, client, sent, reply } = setup({ readChunk: 1 })
    const h = ex.spawn(join(client.get("x"), client.incr("n"), client.get("y")))
    ex.runUntilStalled()
    expect(sent()).toBe(cmd("GET", "x") + cmd("INCR", "n") + cmd("GET", "y"))
    reply(`${bulk("vx")}:7\r\n${bulk("vy")}`)
    expect(ex.blockOn(h)).toEqual(["vx", 7, "vy"])
  })

  it("the request the fd's readiness woke is cancelled before it ran: the next waiting one takes over", async () => {
    const { ex, server, client, outcome, settle } = setup()
    const ha = ex.spawn(client.get("a")) // the oldest: readiness wakes it
    const b = outcome(ex.spawn(client.get("b")))
    await settle()
    server.tryWrite(bytes(bulk("va") + bulk("vb"))) // readable: a is woken (scheduled, not yet polled)
    ha.cancel() // ...and gives up before running: b must be woken instead
    await settle()
    expect(b.value).toBe("vb")
  })

  it("EOF with commands in flight: they fail with RespClosed, later commands with RespConnectionBroken", async () => {
    const { ex, server, client, outcome, settle } = setup()
    const a = outcome(ex.spawn(client.get("a")))
    const b = outcome(ex.spawn(client.get("b")))
    await settle()
    server.close()
    await settle()
    expect(a.error).toBeInstanceOf(RespClosed)
    expect(b.error).toBeInstanceOf(RespClosed)
    const c = outcome(ex.spawn(client.ping()))
    await settle()
    expect(c.error).toBeInstanceOf(RespConnectionBroken)
    expect(client.fd.closed).toBe(true)
  })
})
