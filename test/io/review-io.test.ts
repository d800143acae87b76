/**
 * Review of the shared stdin() fd and the listener cleanup (adapter-native/io).
 */
import { once } from "node:events"
import * as net from "node:net"
import { afterEach, describe, expect, it, vi } from "vitest"
import { Pending, lines, select, sleep } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { contextOf, ManualExecutor, noopWaker } from "@pollable/core/testing"
import { connect, stdin } from "@pollable/adapter-native/io"
import { fakeStdin } from "./fake-stdin.js"

afterEach(() => {
  vi.restoreAllMocks()
})

describe("review: shared stdin fd", () => {
  it(
    "a cancelled lines(stdin()).next() (a timeout, a lost select) " +
      "does not leave stdin busy for the rest of the process",
    () => {
      const pt = fakeStdin()
      pt.write("par") // a partial line: the first lines() reads it and waits for the rest
      const first = lines(stdin()).next()
      expect(first.poll(contextOf(noopWaker))).toBe(Pending)
      first.cancel() // e.g. timeout(lines(stdin()).next(), ms) fired; nobody holds that lines() stream
      pt.write("tial\n")
      const ex = new ManualExecutor()
      expect(ex.blockOn(lines(stdin()).next())).toBe("partial")
    },
  )
})

describe("review: lines() over a loopback socket", () => {
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
