/**
 * connect() / listen() are cancelled after the socket connected (or the server started
 * listening) but before the task polled the value out — e.g. the losing branch of
 * `race(connect(a), connect(b))` when both connected in the same turn. Nobody can ever
 * close that socket or server, so the future must: otherwise it leaks a live handle.
 */
import * as net from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { ManualExecutor } from "@pollable/core/testing"
import { connect, listen } from "@pollable/adapter-native/io"

const turn = () => new Promise<void>((r) => setImmediate(r))
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 2000 && !cond(); i++) await turn()
}
const servers = () => process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap").length

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function peer(): Promise<{ port: number; closedByClient: () => boolean }> {
  let closed = false
  const socks = new Set<net.Socket>()
  const server = net.createServer((s) => {
    socks.add(s)
    s.on("error", () => {})
    s.on("close", () => (closed = true))
    s.resume()
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  cleanups.push(
    () =>
      new Promise((r) => {
        for (const s of socks) s.destroy() // a failing run must not hang the hook
        server.close(() => r())
      }),
  )
  return { port: (server.address() as net.AddressInfo).port, closedByClient: () => closed }
}

describe("cancel after the resource opened, before the value was taken", () => {
  for (const onread of [false, true]) {
    it(`connect(${onread ? "onread" : "paused"}): the connected socket is closed`, async () => {
      const p = await peer()
      const ex = new ManualExecutor()
      const h = ex.spawn(connect("127.0.0.1", p.port, { onread }))
      ex.runUntilStalled()
      await until(() => ex.queued > 0) // connected: the task was woken, not yet polled
      expect(ex.queued).toBe(1)
      h.cancel()
      await until(p.closedByClient)
      expect(p.closedByClient()).toBe(true)
    })
  }

  it("listen: the listening server is closed", async () => {
    const before = servers()
    const ex = new ManualExecutor()
    const h = ex.spawn(listen(0))
    ex.runUntilStalled()
    await until(() => ex.queued > 0)
    expect(ex.queued).toBe(1)
    h.cancel()
    await until(() => servers() === before)
    expect(servers()).toBe(before)
  })
})
