// Shared by the listener-leak tests: per-event listener counts, a loopback peer, raw sockets.
import { once } from "node:events"
import * as net from "node:net"
import { afterEach, expect } from "vitest"
import { Pending, type Future } from "@pollable/core"
import { contextOf, CountingWaker } from "@pollable/core/testing"

export const SOCKET_EVENTS = [
  "readable",
  "data",
  "end",
  "error",
  "close",
  "drain",
  "connect",
  "timeout",
  "finish",
] as const
export const SERVER_EVENTS = ["connection", "error", "close", "listening"] as const
export const counts = (e: NodeJS.EventEmitter, events: readonly string[] = SOCKET_EVENTS) =>
  Object.fromEntries(events.map((n) => [n, e.listenerCount(n)]))
export const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length
export const turn = () => new Promise<void>((r) => setImmediate(r))
export const until = async (cond: () => boolean) => {
  for (let i = 0; i < 2000 && !cond(); i++) await turn()
}

export const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A plain net server for the other end; `peers` are its sockets in arrival order. */
export async function peer(): Promise<{ port: number; peers: net.Socket[] }> {
  const peers: net.Socket[] = []
  const server = net.createServer((s) => {
    s.on("error", () => {})
    peers.push(s)
  })
  server.listen(0, "127.0.0.1")
  await once(server, "listening")
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of peers) s.destroy()
        server.close(() => r())
      }),
  )
  return { port: (server.address() as net.AddressInfo).port, peers }
}

/** A connected raw socket nobody added a listener to: the baseline counts. */
export async function rawSocket(port: number, options: Partial<net.NetConnectOpts> = {}): Promise<net.Socket> {
  const s = net.connect({ port, host: "127.0.0.1", ...options } as net.NetConnectOpts)
  await once(s, "connect")
  cleanups.push(() => void s.destroy())
  return s
}

/** Poll `f` once with a counting waker; it must be pending. */
export function pollPending(f: Future<unknown, unknown>): CountingWaker {
  const w = new CountingWaker()
  expect(f.poll(contextOf(w))).toBe(Pending)
  return w
}
