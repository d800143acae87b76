/**
 * Rule 4 for Listener, on a real loopback server: a cancelled accept is never woken, close()
 * takes the listener's listeners off the server and closes the unaccepted connections, and
 * an error on a connection nobody accepted yet is kept for its fd instead of crashing.
 */
import { once } from "node:events"
import * as net from "node:net"
import { describe, expect, it } from "vitest"
import { ConnectionReset, read } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { listen, Listener } from "@pollable/adapter-native/io"
import { cleanups, counts, pollPending, rawSocket, SERVER_EVENTS, timers, turn } from "./leak-helpers.js"

describe("Listener leaves no listener behind", () => {
  it("a cancelled accept is never woken; close() takes the server's listeners off", async () => {
    const server = net.createServer()
    const baseline = counts(server, SERVER_EVENTS)
    const t0 = timers()
    const l = new Listener(server)
    server.listen(0, "127.0.0.1")
    await once(server, "listening")

    const a = l.accept()
    const w = pollPending(a)
    a.cancel()
    const c = await rawSocket(l.port)
    const fd = await new NativeExecutor().spawn(l.accept())
    expect(w.count).toBe(0)

    fd.close()
    c.destroy()
    const closed = once(server, "close")
    l.close()
    await closed
    expect(counts(server, SERVER_EVENTS)).toEqual(baseline)
    expect(timers()).toBeLessThanOrEqual(t0) // io sets no timer (others may have ended meanwhile)
  })

  it("closing the listener closes the connections nobody accepted", async () => {
    const l = await new NativeExecutor().spawn(listen(0))
    const c = await rawSocket(l.port)
    await turn() // the server side of `c` is queued inside the listener
    const ended = once(c, "close")
    l.close()
    await ended // the peer saw its connection closed: the queued fd was closed, not leaked
    expect(c.destroyed).toBe(true)
  })

  it(
    "a queued connection reset by its peer surfaces as " +
      "ConnectionReset on the accepted fd, not as an uncaught error",
    async () => {
      const ex = new NativeExecutor()
      const l = await ex.spawn(listen(0))
      cleanups.push(() => l.close())
      const uncaught: unknown[] = []
      const onUncaught = (e: unknown) => uncaught.push(e)
      process.prependListener("uncaughtException", onUncaught)
      cleanups.push(() => void process.off("uncaughtException", onUncaught))
      const c = await rawSocket(l.port)
      await turn() // the listener has the server side queued
      c.resetAndDestroy()
      await once(c, "close")
      for (let i = 0; i < 5; i++) await turn() // the reset reaches the queued server side
      const fd = await ex.spawn(l.accept())
      const got = await ex.spawn(read(fd)).then(
        (b) => b,
        (e: unknown) => e,
      )
      fd.close()
      expect(uncaught).toEqual([])
      expect(got).toBeInstanceOf(ConnectionReset)
    },
  )
})
