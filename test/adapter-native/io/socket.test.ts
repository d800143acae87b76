import { createHash } from "node:crypto"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "vitest"
import {
  ConnectionReset,
  copy,
  Done,
  gen,
  join,
  lines,
  read,
  readExact,
  select,
  sleep,
  UnexpectedEof,
  type Future,
} from "@pollable/core"
import {
  connect as connectTo,
  connectUnix,
  ConnectFailed,
  OnreadSource,
  fromFd,
  fromStream,
  listen,
  RegularFileNotPollable,
  type NodeFd,
} from "@pollable/adapter-native/io"
import { executors } from "./executors.js"

const enc = (s: string) => new TextEncoder().encode(s)
const dec = (b: Uint8Array) => new TextDecoder().decode(b)

/** A plain net server for the peer side, so faults can be injected with Node's own API. */
async function rawServer(onConn: (s: net.Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const socks = new Set<net.Socket>()
  const server = net.createServer((s) => {
    socks.add(s)
    s.on("close", () => socks.delete(s))
    s.on("error", () => {})
    onConn(s)
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of socks) s.destroy()
        server.close(() => r())
      }),
  }
}

/** Read until EOF, hashing as we go; returns [bytes, sha256]. */
const drainHash = (fd: NodeFd, lent = false) =>
  gen(function* () {
    const h = createHash("sha256")
    let n = 0
    for (;;) {
      const c = yield* lent ? fd.readLent() : read(fd)
      if (c.length === 0) return [n, h.digest("hex")] as const
      h.update(c)
      n += c.length
    }
  })

function pattern(n: number): Buffer {
  const b = Buffer.allocUnsafe(n)
  let x = 12345
  for (let i = 0; i < n; i += 4) {
    x = (x * 1103515245 + 12345) >>> 0
    b.writeUInt32LE(x, i)
  }
  return b
}

const sockOf = (fd: NodeFd): net.Socket =>
  fd.source instanceof OnreadSource ? fd.source.socket! : (fd.source.writable as net.Socket)

const rows = executors.flatMap((e) => [
  { ...e, source: "paused-mode", onread: false },
  { ...e, source: "onread", onread: true },
])

describe.each(rows)("Node sockets on the $name executor ($source source)", ({ make, onread }) => {
  const run = <T>(f: Future<T, unknown>) => make().spawn(f) as PromiseLike<T>
  const connect = (host: string, port: number) => connectTo(host, port, { onread })

  it("echo over listen(port, handler) + connect + lines", async () => {
    const ex = make()
    const l = await ex.spawn(
      listen(0, (fd) =>
        gen(function* () {
          yield* copy(fd, fd)
          fd.shutdown()
        }),
      ),
    )
    try {
      const got = await ex.spawn(
        gen(function* () {
          const fd = yield* connect("127.0.0.1", l.port)
          try {
            yield* fd.write(enc("hello\r\nworld\n"))
            const a = yield* lines(fd).next()
            const b = yield* lines(fd).next()
            fd.shutdown()
            const c = yield* lines(fd).next()
            return [a, b, c]
          } finally {
            fd.close()
          }
        }),
      )
      expect(got).toEqual(["hello", "world", Done])
    } finally {
      l.close()
    }
  })

  it("8 MiB through an echo server: checksums equal on both ends, writer bounded by backpressure", async () => {
    const data = pattern(8 << 20)
    const want = createHash("sha256").update(data).digest("hex")
    const srv = await rawServer((s) => s.pipe(s))
    try {
      const ex = make()
      const [, [n, hash]] = await ex.spawn(
        gen(function* () {
          const fd = yield* connect("127.0.0.1", srv.port)
          const sock = sockOf(fd)
          let maxQueued = 0
          const writer = gen(function* () {
            for (let o = 0; o < data.length; o += 256 << 10) {
              yield* fd.write(data.subarray(o, o + (256 << 10)))
              maxQueued = Math.max(maxQueued, sock.writableLength)
            }
            fd.shutdown()
          })
          const r = yield* join(writer, drainHash(fd, onread)) // onread: hash the lent buffers in place
          fd.close()
          expect(maxQueued).toBeLessThanOrEqual(sock.writableHighWaterMark + (256 << 10))
          return r
        }),
      )
      expect(n).toBe(data.length)
      expect(hash).toBe(want)
    } finally {
      await srv.close()
    }
  })

  it("peer closes mid-read: readExact fails with UnexpectedEof, never hangs", async () => {
    const srv = await rawServer((s) => s.end("only-part"))
    try {
      const err = await run(
        gen(function* () {
          const fd = yield* connect("127.0.0.1", srv.port)
          try {
            yield* readExact(fd, 100)
            return undefined
          } catch (e) {
            return e
          } finally {
            fd.close()
          }
        }),
      )
      expect(err).toBeInstanceOf(UnexpectedEof)
      expect((err as UnexpectedEof).got).toBe(9)
    } finally {
      await srv.close()
    }
  })

  it("peer reset surfaces as ConnectionReset", async () => {
    const srv = await rawServer((s) => s.once("data", () => s.resetAndDestroy()))
    try {
      const err = await run(
        gen(function* () {
          const fd = yield* connect("127.0.0.1", srv.port)
          try {
            yield* fd.write(enc("x"))
            for (;;) if ((yield* read(fd)).length === 0) return "eof"
          } catch (e) {
            return e
          } finally {
            fd.close()
          }
        }),
      )
      expect(err).toBeInstanceOf(ConnectionReset)
    } finally {
      await srv.close()
    }
  })

  it("cancel of a pending read leaves the socket usable for the next read", async () => {
    let peer: net.Socket | undefined
    const srv = await rawServer((s) => (peer = s))
    try {
      const got = await run(
        gen(function* () {
          const fd = yield* connect("127.0.0.1", srv.port)
          try {
            const first = yield* select(read(fd), sleep(20)) // the read loses and is cancelled
            peer!.write("after-cancel")
            const second = yield* read(fd)
            return [first.index, dec(second)]
          } finally {
            fd.close()
          }
        }),
      )
      expect(got).toEqual([1, "after-cancel"])
    } finally {
      await srv.close()
    }
  })

  it("connect to a closed port fails with ConnectFailed", async () => {
    const srv = await rawServer(() => {})
    const port = srv.port
    await srv.close()
    await expect(run(connect("127.0.0.1", port))).rejects.toBeInstanceOf(ConnectFailed)
  })

  it("child_process pipes: write stdin, read stdout until EOF", async () => {
    const child = spawn(process.execPath, ["-e", "process.stdin.pipe(process.stdout)"], {
      stdio: ["pipe", "pipe", "inherit"],
    })
    const out = await run(
      gen(function* () {
        const w = fromStream(child.stdin, "child stdin")
        const r = fromStream(child.stdout, "child stdout")
        expect(w.source.readable).toBeUndefined() // child.stdin is a write-only socket
        yield* w.write(enc("line one\nline two\n"))
        w.shutdown()
        const a = yield* lines(r).next()
        const b = yield* lines(r).next()
        const c = yield* lines(r).next()
        r.close()
        w.close()
        return [a, b, c]
      }),
    )
    expect(out).toEqual(["line one", "line two", Done])
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)))
  })
})

describe("Node IO sources: unix sockets, bad input", () => {
  const ex = executors[0]!.make()
  const _connect = connectTo
  it("Unix domain socket: listen + accept + connectUnix", async () => {
    const p = path.join(os.tmpdir(), `pollable-asyncfd-${process.pid}.sock`)
    const l = await ex.spawn(listen({ path: p }))
    try {
      const [srv, cli] = await ex.spawn(join(l.accept(), connectUnix(p)))
      const got = await ex.spawn(
        gen(function* () {
          yield* cli.write(enc("over unix\n"))
          return yield* lines(srv).next()
        }),
      )
      expect(got).toBe("over unix")
      srv.close()
      cli.close()
    } finally {
      l.close()
    }
  })

  it("regular files are refused with RegularFileNotPollable", () => {
    const file = path.join(os.tmpdir(), `pollable-asyncfd-${process.pid}.txt`)
    fs.writeFileSync(file, "x")
    const fd = fs.openSync(file, "r")
    const rs = fs.createReadStream(file)
    rs.on("error", () => {}) // it opens asynchronously, after the file is gone
    // an fs stream on an open descriptor, as process.stdin is for `node app < file`
    const onFd = fs.createReadStream("", { fd: fs.openSync(file, "r") })
    try {
      expect(() => fromFd(fd)).toThrow(RegularFileNotPollable)
      expect(() => fromStream(rs)).toThrow(/fs\/promises|spawnBlocking/)
      expect(() => fromStream(onFd)).toThrow(RegularFileNotPollable)
    } finally {
      onFd.destroy()
      rs.destroy()
      fs.closeSync(fd)
      fs.unlinkSync(file)
    }
  })
})
