// RESP: 10,000 commands (5,000 SET + 5,000 GET) sent as one pipeline to a real redis-server,
// through the client of examples/resp (framed + pipeline, native executor) and through the
// ioredis package (the baseline). A throwaway redis-server is started on first use under a
// watchdog shell that stops it when this process ends, however it ends.
import { spawn } from "node:child_process"
import { Redis } from "ioredis"
import { NativeExecutor } from "@pollable/adapter-native"
import { connect } from "@pollable/adapter-native/io"
import { RespClient, type RespArg } from "../../examples/resp/client.js"
import { freePort, pingOnce } from "../../test/e2e/redis-server.js"
import { size, type BenchGroup } from "../lib.js"

const N = size(10_000, 50)
const commands: RespArg[][] = Array.from({ length: N }, (_, i) =>
  i % 2 === 0 ? ["SET", `bench:${i >> 1}`, `value-${i}`] : ["GET", `bench:${i >> 1}`],
)

/** redis-server (no persistence) on a free port; it stops when our end of the watchdog's stdin closes. */
async function startTiedRedis(): Promise<{ port: number }> {
  const port = await freePort()
  const watchdog =
    'redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --dir /tmp & pid=$!; read _; kill "$pid"'
  const child = spawn("sh", ["-c", watchdog, "sh", String(port)], { stdio: ["pipe", "ignore", "inherit"] })
  child.unref()
  // Bun's child stdin has no unref(); there the pipe simply closes when this process exits
  ;(child.stdin as unknown as { unref?(): void }).unref?.()
  for (let i = 0; i < 200; i++) {
    if (await pingOnce(port)) return { port }
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error("redis-server did not answer PING within 5 s: install it with `apt-get install -y redis-server`")
}

let server: Promise<{ port: number }> | undefined
const redis = () => (server ??= startTiedRedis())

const native = new NativeExecutor()
let ours: Promise<RespClient> | undefined
let theirs: Promise<Redis> | undefined
const pollableClient = () =>
  (ours ??= redis().then((s) =>
    native.spawn(connect("127.0.0.1", s.port, { onread: true })).then((fd) => new RespClient(fd)),
  ))
const ioredisClient = () =>
  (theirs ??= redis().then(async (s) => {
    const c = new Redis({ host: "127.0.0.1", port: s.port, lazyConnect: true, enableAutoPipelining: false })
    await c.connect()
    return c
  }))

/** What both return: the number of replies and the last GET's value. */
const summary = (replies: readonly unknown[]) =>
  `${replies.length} replies, last ${String(replies[replies.length - 1])}`

export const groups: BenchGroup[] = [
  {
    name: `resp A. a pipeline of ${N} SET/GET commands to redis-server, time per command`,
    ops: N,
    sameResult: true,
    cases: [
      {
        impl: "ioredis pipeline",
        baseline: true,
        fn: async () => {
          const c = await ioredisClient()
          const p = c.pipeline()
          for (const [cmd, ...args] of commands) p.call(String(cmd), ...(args as string[]))
          const r = (await p.exec())!
          return summary(r.map(([, v]) => v))
        },
      },
      {
        impl: "examples/resp pipeline on framed + pipeline (native)",
        fn: async () => summary(await native.spawn((await pollableClient()).pipeline(commands))),
      },
    ],
    goals: [{ impl: "examples/resp pipeline on framed + pipeline (native)", maxRatio: 1.2 }],
  },
]
