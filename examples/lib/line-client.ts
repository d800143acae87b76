// A socket future woken by readiness, grown into a line client: written once on AsyncFd
// (pollable's counterpart of tokio's AsyncFd). It
// needs only a waker, so the same code runs on every executor. The server is a plain Node
// net server on 127.0.0.1 embedded in the demo process.
import { createServer, type AddressInfo } from "node:net"
import { fn, lines, stream } from "@pollable/core"
import { connect } from "@pollable/adapter-native/io"
import type { Scenario } from "./scenarios.js"

const encoder = new TextEncoder()

/** Sends each command on its own line and collects one reply line per command. */
export const lineClient = fn(function* lineClient(port: number, commands: readonly string[]) {
  const fd = yield* connect("127.0.0.1", port)
  try {
    yield* fd.write(encoder.encode(commands.map((c) => `${c}\r\n`).join("")))
    const replies = yield* stream.collect(stream.take(lines(fd), commands.length))
    return replies.join(" ")
  } finally {
    fd.close()
  }
})

/** A loopback server answering PING with +PONG and ECHO x with x, line by line. */
export async function lineServer(): Promise<{ port: number; close(): void }> {
  const server = createServer((sock) => {
    let buf = ""
    sock.setEncoding("utf8")
    sock.on("data", (chunk: string) => {
      buf += chunk
      let i: number
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i).replace(/\r$/, "")
        buf = buf.slice(i + 1)
        sock.write(
          line === "PING" ? "+PONG\r\n" : line.startsWith("ECHO ") ? `${line.slice(5)}\r\n` : `-ERR ${line}\r\n`,
        )
      }
    })
    sock.on("error", () => {})
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  return { port: (server.address() as AddressInfo).port, close: () => server.close() }
}

export const lineClientScenario = (port: number): Scenario => ({
  name: "line client over loopback (AsyncFd)",
  make: () => lineClient(port, ["PING", "ECHO hi", "PING"]),
})
