// lines() over a loopback socket: a next() that lost a select keeps the partial line for a fresh lines(fd).
import { once } from "node:events"
import * as net from "node:net"
import { afterEach, describe, expect, it, vi } from "vitest"
import { lines, select, sleep } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { connect } from "@pollable/adapter-native/io"

afterEach(() => {
  vi.restoreAllMocks()
})

describe("lines() over a loopback socket", () => {
  it(
    "a next() that lost a select leaves the fd readable by a fresh lines(fd), " + "and the partial line is kept",
    async () => {
      const server = net.createServer()
      server.listen(0, "127.0.0.1")
      await once(server, "listening")
      const peerP = once(server, "connection") as Promise<[net.Socket]>
      const ex = new NativeExecutor()
      const port = (server.address() as net.AddressInfo).port
      const fd = await ex.spawn(connect("127.0.0.1", port))
      const [peer] = await peerP
      try {
        peer.write("hel")
        // the read side gets "hel", then the sleep wins and the lines() stream is abandoned
        const first = await ex.spawn(select(lines(fd).next(), sleep(20)))
        expect(first.index).toBe(1)
        peer.write("lo\n")
        expect(await ex.spawn(lines(fd).next())).toBe("hello")
      } finally {
        fd.close()
        peer.destroy()
        await new Promise((r) => server.close(r))
      }
    },
  )
})
