// Large loopback transfers with checksums, and a writer faster than its reader.
// Size: the 1 GiB on the default (paused-mode) source, every run (about 3 s on loopback);
// 64 MiB on the onread source. POLLABLE_IO_TRANSFER_MIB=<n> sets both (e.g. 1024, or 16 when iterating).
import { createHash } from "node:crypto"
import type * as net from "node:net"
import { describe, expect, it } from "vitest"
import { gen, sleep, tryJoin } from "@pollable/core"
import { connect, listen, OnreadSource, type NodeFd } from "@pollable/adapter-native/io"
import { executors } from "./executors.js"

const MIB = 1 << 20
const override = process.env.POLLABLE_IO_TRANSFER_MIB
const sizeMib = (fallback: number) => (override === undefined || override === "" ? fallback : Number(override))

const base = (() => {
  const b = Buffer.allocUnsafe(MIB)
  let x = 99
  for (let i = 0; i < MIB; i += 4) {
    x = (x * 1103515245 + 12345) >>> 0
    b.writeUInt32LE(x, i)
  }
  return b
})()

/** Chunk i: the base pattern stamped with its index (a fresh buffer: the socket keeps a reference). */
const chunk = (i: number) => {
  const b = Buffer.from(base)
  b.writeUInt32LE(i, 0)
  b.writeUInt32LE((i * 2654435761) >>> 0, MIB - 4)
  return b
}

const sockOf = (fd: NodeFd): net.Socket =>
  fd.source instanceof OnreadSource ? fd.source.socket! : (fd.source.writable as net.Socket)

describe.each([
  { source: "paused-mode + read()", onread: false, mib: sizeMib(1024) },
  { source: "onread + readLent()", onread: true, mib: sizeMib(64) },
])("loopback transfer of $source", ({ onread, mib }) => {
  it(`${mib} MiB with sha256 equal on both ends`, { timeout: 120_000 }, async () => {
    const ex = executors[0]!.make()
    const l = await ex.spawn(listen(0))
    try {
      const [sent, got] = await ex.spawn(
        tryJoin(
          gen(function* () {
            const fd = yield* l.accept()
            const h = createHash("sha256")
            try {
              for (let i = 0; i < mib; i++) {
                const c = chunk(i)
                h.update(c)
                yield* fd.write(c)
              }
              fd.shutdown()
              return h.digest("hex")
            } catch (e) {
              fd.close()
              throw e
            }
          }),
          gen(function* () {
            const fd = yield* connect("127.0.0.1", l.port, { onread })
            const h = createHash("sha256")
            let n = 0
            try {
              for (;;) {
                const c = yield* onread ? fd.readLent() : fd.read()
                if (c.length === 0) break
                h.update(c)
                n += c.length
              }
            } finally {
              fd.close()
            }
            return [n, h.digest("hex")] as const
          }),
        ),
      )
      expect(got[0]).toBe(mib * MIB)
      expect(got[1]).toBe(sent)
    } finally {
      l.close()
    }
  })
})

describe.each(executors)("writer faster than reader on the $name executor", ({ make }) => {
  it("the writer waits on backpressure; queued memory stays bounded on both sides", async () => {
    const ex = make()
    const l = await ex.spawn(listen(0))
    let written = 0
    let maxQueued = 0
    let maxUnread = 0
    let hwm = 0
    try {
      const writer = ex.spawn(
        gen(function* () {
          const fd = yield* connect("127.0.0.1", l.port)
          const s = sockOf(fd)
          hwm = s.writableHighWaterMark
          try {
            for (let i = 0; i < 64; i++) {
              yield* fd.write(chunk(i))
              written += MIB
              maxQueued = Math.max(maxQueued, s.writableLength)
            }
          } finally {
            fd.close()
          }
        }),
      )
      const reader = await ex.spawn(
        gen(function* () {
          const fd = yield* l.accept()
          const s = sockOf(fd)
          let n = 0
          for (let i = 0; i < 30; i++) {
            yield* sleep(2) // a slow consumer
            n += (yield* fd.read()).length
            maxUnread = Math.max(maxUnread, s.readableLength)
          }
          return { fd, n }
        }),
      )
      // The writer is stuck on backpressure, far from done; nothing piles up in memory.
      expect(written).toBeLessThan(64 * MIB)
      expect(maxQueued).toBeLessThanOrEqual(hwm + MIB)
      expect(maxUnread).toBeLessThanOrEqual(MIB)
      reader.fd.close()
      writer.cancel()
    } finally {
      l.close()
    }
  })
})
