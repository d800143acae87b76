import * as net from "node:net"
import { describe, expect, it } from "vitest"
import { NativeExecutor } from "@pollable/adapter-native"
import { listen, type NodeFd } from "@pollable/adapter-native/io"

const dial = (port: number): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => resolve(s))
    s.on("error", reject)
  })

describe("Listener with more than one pending accept", () => {
  it("two concurrent accept() futures each get a connection (neither is stranded)", async () => {
    const ex = new NativeExecutor()
    const l = await ex.spawn(listen(0))
    const a = ex.spawn(l.accept())
    const b = ex.spawn(l.accept())
    await new Promise((r) => setTimeout(r, 0)) // both polled and pending
    const c1 = await dial(l.port)
    const c2 = await dial(l.port)
    const fds: NodeFd[] = await Promise.all([a, b])
    expect(fds).toHaveLength(2)
    for (const fd of fds) fd.close()
    c1.destroy()
    c2.destroy()
    l.close()
  })

  it("cancelling one pending accept does not drop the other's waker", async () => {
    const ex = new NativeExecutor()
    const l = await ex.spawn(listen(0))
    const a = ex.spawn(l.accept())
    const b = ex.spawn(l.accept())
    await new Promise((r) => setTimeout(r, 0))
    b.cancel()
    const c1 = await dial(l.port)
    const fd = await a
    fd.close()
    c1.destroy()
    l.close()
  })
})
