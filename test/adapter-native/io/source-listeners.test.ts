/**
 * Rule 4 for the socket sources, on real loopback sockets: after close(), or after a
 * cancelled read, the socket holds no listener the source added (counted per event with
 * `listenerCount`), no timer was left behind, and a cancelled read's waker is never woken.
 */
import { once } from "node:events"
import type * as net from "node:net"
import { PassThrough } from "node:stream"
import { describe, expect, it } from "vitest"
import { AsyncFd, read } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { connect, fromSocket, fromStream, OnreadSource, type NodeFd } from "@pollable/adapter-native/io"
import { cleanups, counts, peer, pollPending, rawSocket, SOCKET_EVENTS, timers, turn, until } from "./leak-helpers.js"

const socketOf = (fd: NodeFd): net.Socket =>
  fd.source instanceof OnreadSource ? fd.source.socket! : (fd.source.readable as net.Socket)

type Opened = { fd: NodeFd; socket: net.Socket; baseline: Record<string, number> }

const sources: { name: string; open: (port: number) => Promise<Opened> }[] = [
  {
    name: "StreamSource via fromSocket",
    open: async (port) => {
      const socket = await rawSocket(port)
      const baseline = counts(socket)
      return { fd: fromSocket(socket) as NodeFd, socket, baseline }
    },
  },
  {
    name: "OnreadSource attached by hand",
    open: async (port) => {
      const src = new OnreadSource("audit")
      const socket = await rawSocket(port, { onread: src.socketOptions() } as Partial<net.NetConnectOpts>)
      const baseline = counts(socket)
      src.attach(socket)
      return { fd: new AsyncFd(src) as NodeFd, socket, baseline }
    },
  },
  ...[false, true].map((onread) => ({
    name: `connect() with onread: ${String(onread)}`,
    open: async (port: number): Promise<Opened> => {
      const baseline = counts(await rawSocket(port)) // what Node itself puts on a connected socket
      const fd = await new NativeExecutor().spawn(connect("127.0.0.1", port, { onread }))
      const socket = socketOf(fd)
      cleanups.push(() => fd.close())
      return { fd, socket, baseline }
    },
  })),
]

describe.each(sources)("$name leaves no listener behind", ({ open }) => {
  it("a cancelled read adds none and is never woken; close() removes every one it added", async () => {
    const p = await peer()
    const t0 = timers()
    const { fd, socket, baseline } = await open(p.port)
    await until(() => p.peers.length === 1)
    const open_ = counts(socket)

    const r = read(fd)
    const w = pollPending(r)
    r.cancel()
    expect(counts(socket)).toEqual(open_)
    p.peers[0]!.write("after cancel")
    await until(() => socket.readableLength > 0 || fd.source instanceof OnreadSource)
    await turn()
    expect(w.count).toBe(0) // rule 4: nothing the cancelled read registered runs

    const closed = once(socket, "close")
    fd.close()
    // at once: only the guard against a late teardown error (and its 'close' remover) may stay
    const now = counts(socket)
    for (const ev of SOCKET_EVENTS) if (ev !== "error" && ev !== "close") expect(now[ev], ev).toBe(baseline[ev])
    await closed
    expect(counts(socket)).toEqual(baseline)
    expect(timers()).toBeLessThanOrEqual(t0) // io sets no timer (others may have ended meanwhile)
  })
})

describe("StreamSource over separate streams, and after the peer closed first", () => {
  it(
    "fromStream({ readable, writable }) (a child's stdout + stdin): " + "close() restores both streams' counts",
    async () => {
      const r = new PassThrough()
      const w = new PassThrough()
      const before = [counts(r), counts(w)]
      const fd = fromStream({ readable: r, writable: w }, "pipes")
      const closed = Promise.all([once(r, "close"), once(w, "close")])
      fd.close()
      await closed
      expect([counts(r), counts(w)]).toEqual(before)
    },
  )

  it("a socket the peer already closed loses every listener at close() at once", async () => {
    const p = await peer()
    const socket = await rawSocket(p.port)
    const baseline = counts(socket)
    const fd = fromSocket(socket)
    await until(() => p.peers.length === 1)
    const closed = once(socket, "close")
    p.peers[0]!.destroy()
    // the peer's EOF leaves our write side open (half-close); ending it lets the socket close
    fd.shutdown()
    await until(() => socket.readableLength > 0 || socket.readableEnded || socket.destroyed)
    socket.read() // consume the EOF, as a reader of the fd would
    await closed
    fd.close()
    expect(counts(socket)).toEqual(baseline)
  })
})
