// listen(port, handler): one failing connection never stops the listener. A handler that
// throws, returns something that is not a future, or whose future fails gets its
// connection closed and its error reported to the fault reporter (rule 8), and the next
// connection is served — on real loopback sockets, on every executor.
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import {
  BrokenPipe,
  gen,
  InvalidArgument,
  read,
  setFaultReporter,
  type FaultReporter,
  type Future,
} from "@pollable/core"
import { connect, listen, type NodeFd } from "@pollable/adapter-native/io"
import { executors } from "./executors.js"
import { readToEnd } from "../../support/read-to-end.js"

const enc = (s: string) => new TextEncoder().encode(s)

/** Echo one request (read to EOF) back with a prefix. */
const echo = (fd: NodeFd) =>
  gen(function* () {
    const req = yield* readToEnd(fd)
    yield* fd.write(enc(`echo:${req}`))
    fd.shutdown()
  })

/** Connect, send `msg`, half-close, read the whole reply. */
const ask = (port: number, msg: string) =>
  gen(function* () {
    const fd = yield* connect("127.0.0.1", port)
    try {
      yield* fd.write(enc(msg))
      fd.shutdown()
      return yield* readToEnd(fd)
    } finally {
      fd.close()
    }
  })

let faults: { error: unknown; origin: string }[] = []
let previous: FaultReporter | undefined
beforeEach(() => {
  faults = []
  previous = setFaultReporter((error, origin) => faults.push({ error, origin }))
})
afterEach(() => {
  setFaultReporter(previous)
})

const boom = new Error("handler exploded")
const failures: {
  readonly what: string
  readonly first: (fd: NodeFd) => Future<unknown, unknown>
  readonly check: (e: unknown) => void
}[] = [
  {
    what: "throws",
    first: () => {
      throw boom
    },
    check: (e) => expect(e).toBe(boom),
  },
  {
    what: "returns a non-future",
    first: () => Promise.resolve("a promise, not a future") as unknown as Future<unknown, unknown>,
    check: (e) => {
      expect(e).toBeInstanceOf(InvalidArgument)
      expect((e as Error).message).toMatch(/handler returned a Promise.*return a future/)
    },
  },
  {
    what: "returns a future that fails",
    first: (fd) =>
      gen(function* () {
        yield* read(fd) // the request arrived: fail mid-conversation
        throw boom
      }),
    check: (e) => expect(e).toBe(boom),
  },
]

const rows = executors.flatMap((e) => failures.map((f) => ({ ...e, ...f })))

describe.each(rows)("listen(port, handler) on the $name executor: a handler that $what", ({ make, first, check }) => {
  it("closes that connection, reports the error, and serves the next connection", async () => {
    const ex = make()
    let n = 0
    const l = await ex.spawn(listen(0, (fd) => (++n === 1 ? first(fd) : echo(fd))))
    try {
      // the failing connection: the server closes it, so our read ends (EOF, or a reset), or
      // our write fails first with BrokenPipe blaming the peer (Bun reports EPIPE at once)
      const firstReply = await ex.spawn(
        gen(function* () {
          const fd = yield* connect("127.0.0.1", l.port)
          try {
            yield* fd.write(enc("one"))
            return yield* readToEnd(fd)
          } catch (e) {
            return e
          } finally {
            fd.close()
          }
        }),
      )
      expect(
        firstReply === "" ||
          (firstReply instanceof Error && firstReply.name === "ConnectionReset") ||
          (firstReply instanceof BrokenPipe && firstReply.by === "peer"),
      ).toBe(true)
      expect(faults).toHaveLength(1)
      check(faults[0]!.error)
      expect(faults[0]!.origin).toMatch(/^listen\(127\.0\.0\.1:\d+\) handler/)
      // the accept loop is alive: two more connections are served
      expect(await ex.spawn(ask(l.port, "two"))).toBe("echo:two")
      expect(await ex.spawn(ask(l.port, "three"))).toBe("echo:three")
      expect(n).toBe(3)
      expect(faults).toHaveLength(1)
    } finally {
      l.close()
    }
  })
})
