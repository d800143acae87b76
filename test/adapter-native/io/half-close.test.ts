// Half-close on real loopback sockets, both directions, TCP and Unix, paused-mode and
// onread sources, on every executor: "write request, shutdown(), read reply" works, a
// peer's half-close still lets us write, and a BrokenPipe says which side is gone.
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { BrokenPipe, ConnectionReset, gen, type Future, type Pollable } from "@pollable/core"
import { connect, connectUnix, listen, type Listener, type NodeFd } from "@pollable/adapter-native/io"
import { executors } from "./executors.js"
import { readToEnd } from "../../support/read-to-end.js"
import { itUnless, skipOn } from "../../support/runtime.js"

const enc = (s: string) => new TextEncoder().encode(s)

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pollable-half-close-"))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
let seq = 0

type Spawn = { spawn<T>(f: Future<T, unknown>): PromiseLike<T> }

/** A listener and a way to dial it, over TCP (port 0) or a Unix socket in a temp dir. */
interface Transport {
  readonly name: string
  open(
    ex: Spawn,
    handler?: (fd: NodeFd) => Future<unknown, unknown>,
  ): Promise<{ l: Listener; dial(onread: boolean): Pollable<NodeFd, unknown> }>
}

const transports: Transport[] = [
  {
    name: "tcp",
    async open(ex, h) {
      const l = await ex.spawn(listen(0, h))
      return { l, dial: (onread) => connect("127.0.0.1", l.port, { onread }) }
    },
  },
  {
    name: "unix",
    async open(ex, h) {
      const p = path.join(dir, `s${++seq}.sock`)
      const l = await ex.spawn(listen({ path: p }, h))
      return { l, dial: (onread) => connectUnix(p, { onread }) }
    },
  },
]

const rows = executors.flatMap((e) =>
  transports.flatMap((t) => [
    { ...e, t, transport: t.name, source: "paused-mode", onread: false },
    { ...e, t, transport: t.name, source: "onread", onread: true },
  ]),
)

/** The outcome of a future: its value, or the error it failed with. */
const settled = <T>(p: PromiseLike<T>): Promise<T | Error> =>
  Promise.resolve(p).then(
    (v) => v,
    (e: Error) => e,
  )

describe.each(rows)("half-close on $transport sockets, $name executor, $source client", ({ make, t, onread }) => {
  /** Run `body` on a connected pair (our dialled fd, the accepted one); both and the listener are closed after. */
  const connected = async <T>(body: (cli: NodeFd, srv: NodeFd) => Pollable<T, unknown>): Promise<T | Error> => {
    const ex = make()
    const { l, dial } = await t.open(ex)
    try {
      return await settled(
        ex.spawn(
          gen(function* () {
            const cli = yield* dial(onread)
            const srv = yield* l.accept()
            try {
              return yield* body(cli, srv)
            } finally {
              cli.close()
              srv.close()
            }
          }),
        ),
      )
    } finally {
      l.close()
    }
  }

  it("write request, shutdown(), read reply: the accepted side still writes after reading EOF", async () => {
    const ex = make()
    // the server reads the whole request (to EOF), then answers and half-closes in turn
    const { l, dial } = await t.open(ex, (fd) =>
      gen(function* () {
        const req = yield* readToEnd(fd)
        yield* fd.write(enc(`got ${req.length} bytes: ${req}`))
        fd.shutdown()
      }),
    )
    try {
      const reply = await ex.spawn(
        gen(function* () {
          const fd = yield* dial(onread)
          try {
            yield* fd.write(enc("request"))
            fd.shutdown()
            return yield* readToEnd(fd)
          } finally {
            fd.close()
          }
        }),
      )
      expect(reply).toBe("got 7 bytes: request")
    } finally {
      l.close()
    }
  })

  it("the peer half-closes first: the connecting side reads EOF and can still write", async () => {
    const r = await connected((cli, srv) =>
      gen(function* () {
        yield* srv.write(enc("greeting"))
        srv.shutdown()
        const got = yield* readToEnd(cli) // EOF arrives: the peer's write side is done
        yield* cli.write(enc("thanks"))
        cli.shutdown()
        return [got, yield* readToEnd(srv)]
      }),
    )
    expect(r).toEqual(["greeting", "thanks"])
  })

  it("a write after our own shutdown() is a BrokenPipe that blames this side", async () => {
    const err = await connected((cli) =>
      gen(function* () {
        cli.shutdown()
        yield* cli.write(enc("late"))
      }),
    )
    expect(err).toBeInstanceOf(BrokenPipe)
    expect((err as BrokenPipe).by).toBe("shutdown")
    expect((err as Error).message).toMatch(/after shutdown\(\) on this side/)
  })

  // Bun, on a Unix socket, may close the descriptor itself after the peer's reset and then
  // fail a queued write with EBADF (NodeIoError) instead of EPIPE.
  const bunUnix = skipOn({ bun: "Bun may report a write to a Unix socket whose peer closed as EBADF, not EPIPE" })
  itUnless(t.name === "unix" ? bunUnix : undefined)(
    "a write to a peer that closed completely fails naming the peer, never this side",
    async () => {
      const err = await connected((cli, srv) =>
        gen(function* () {
          srv.close() // the whole socket: nobody reads what we send
          expect(yield* readToEnd(cli)).toBe("")
          // the first writes may still be accepted by the kernel; the peer's reset follows
          for (let i = 0; i < 10_000; i++) yield* cli.write(enc("x".repeat(1024)))
        }),
      )
      expect(err instanceof Error ? err.constructor.name : "no error").toMatch(/^(BrokenPipe|ConnectionReset)$/)
      if (err instanceof BrokenPipe) {
        expect(err.by).toBe("peer")
        expect(err.message).not.toMatch(/shutdown\(\) on this side/)
      } else expect(err).toBeInstanceOf(ConnectionReset)
    },
  )
})

describe("fromSocket on a socket created by the caller", () => {
  it("keeps the write side open after the peer's EOF (allowHalfOpen is turned on)", async () => {
    const { fromSocket } = await import("@pollable/adapter-native/io")
    const ex = executors[1]!.make()
    const server = net.createServer((s) => {
      s.on("error", () => {})
      s.resume() // drain what the client sends, so the socket closes once the client does
      s.end("bye")
    })
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
    const port = (server.address() as net.AddressInfo).port
    const sock = net.connect(port, "127.0.0.1") // default allowHalfOpen: false
    await new Promise((r) => sock.once("connect", r))
    const fd = fromSocket(sock)
    try {
      const r = await ex.spawn(
        gen(function* () {
          const got = yield* readToEnd(fd)
          yield* fd.write(enc("still here"))
          return got
        }),
      )
      expect(r).toBe("bye")
      expect(sock.writableEnded).toBe(false)
    } finally {
      fd.close()
      await new Promise((r) => server.close(r))
    }
  })
})
