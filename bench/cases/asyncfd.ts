// Loopback TCP transfer: reader CPU and throughput of AsyncFd reads versus the same transfer
// read with 'data' events and with net.Socket's `onread` + a reused buffer (the floor).
//
// The writer is a separate Node process (a tiny server that writes ASYNCFD_BENCH_MIB MiB —
// default 256 — to each connection from a reused buffer, then closes), so
// process.cpuUsage() here measures the reader only.
//
// `npm run bench -- --filter asyncfd` runs it inside the suite (time per MiB; the CPU group
// reports µs per MiB in the "bytes" column). Run it standalone for the ratio table:
//   node --conditions=@pollable/source --import tsx bench/cases/asyncfd.ts
import { spawn, type ChildProcess } from "node:child_process"
import * as net from "node:net"
import { pathToFileURL } from "node:url"
import { gen, type Executor } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { connect } from "@pollable/adapter-native/io"
import { QUICK, type BenchCase, type BenchGroup } from "../lib.js"

const MIB = 1 << 20
const mib = Number(process.env.ASYNCFD_BENCH_MIB ?? (QUICK ? 4 : 256))
const SIZE = mib * MIB

const writerSource = `
const net = require("node:net")
const size = Number(process.env.ASYNCFD_WRITER_BYTES)
const chunk = Buffer.alloc(256 * 1024, 0x61)
const server = net.createServer((s) => {
  s.on("error", () => {})
  let left = size
  const pump = () => {
    while (left > 0) {
      const n = Math.min(left, chunk.length)
      left -= n
      if (!s.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void s.once("drain", pump)
    }
    s.end()
  }
  pump()
})
server.listen(0, "127.0.0.1", () => process.stdout.write(server.address().port + "\\n"))
process.stdin.on("end", () => process.exit(0)).resume()
`

let writer: Promise<{ port: number; child: ChildProcess }> | undefined
/** Start the writer process once; it exits when this process does (its stdin closes). */
function writerPort(): Promise<number> {
  writer ??= new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", writerSource], {
      stdio: ["pipe", "pipe", "inherit"],
      // the size goes in the environment: where `-e` code's argv starts differs between runtimes
      env: { ...process.env, ASYNCFD_WRITER_BYTES: String(SIZE) },
    })
    child.once("error", reject)
    child.stdout!.once("data", (d: Buffer) => {
      // From now on only our transfers keep the process alive: the writer never does.
      child.unref()
      for (const s of [child.stdin, child.stdout]) (s as unknown as { unref?: () => void }).unref?.()
      resolve({ port: Number(d.toString().trim()), child })
    })
  })
  return writer.then((w) => w.port)
}

/** One transfer's measurements. */
interface Sample {
  readonly bytes: number
  readonly cpuUs: number
  readonly wallMs: number
}

const measured = async (run: (port: number) => Promise<number>): Promise<Sample> => {
  const port = await writerPort()
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  const bytes = await run(port)
  const wallMs = performance.now() - t0
  const c = process.cpuUsage(c0)
  if (bytes !== SIZE) throw new Error(`asyncfd bench: received ${bytes} of ${SIZE} bytes`)
  return { bytes, cpuUs: c.user + c.system, wallMs }
}

/** 'data' events (flowing mode): one fresh Buffer per chunk. */
const viaData = (port: number) =>
  new Promise<number>((resolve, reject) => {
    let n = 0
    let x = 0
    const s = net.connect({ host: "127.0.0.1", port })
    s.on("data", (c: Buffer) => {
      n += c.length
      x ^= c[0]!
    })
    s.once("end", () => resolve(n + (x & 0)))
    s.once("error", reject)
  })

/** `onread` with one reused buffer: no allocation per chunk — the floor. */
const viaOnread = (port: number) =>
  new Promise<number>((resolve, reject) => {
    let n = 0
    let x = 0
    const s = net.connect({
      host: "127.0.0.1",
      port,
      onread: {
        buffer: Buffer.allocUnsafe(64 * 1024),
        callback(nread: number, buf: Buffer) {
          n += nread
          x ^= buf[0]!
          return true
        },
      },
    })
    s.once("end", () => resolve(n + (x & 0)))
    s.once("error", reject)
  })

/** AsyncFd reads driven by `ex`: paused-mode source + `read()`, or onread source + `readLent()`. */
const viaAsyncFd = (ex: Executor, onread: boolean, lent: boolean) => (port: number) =>
  Promise.resolve(
    ex.spawn(
      gen(function* () {
        const fd = yield* connect("127.0.0.1", port, { onread })
        let n = 0
        let x = 0
        try {
          for (;;) {
            const c = yield* lent ? fd.readLent() : fd.read()
            if (c.length === 0) return n + (x & 0)
            n += c.length
            x ^= c[0]!
          }
        } finally {
          fd.close()
        }
      }),
    ),
  )

const native = new NativeExecutor()
const impls: readonly { impl: string; baseline?: boolean; run: (port: number) => Promise<number> }[] = [
  { impl: "onread + reused buffer", baseline: true, run: viaOnread },
  { impl: "'data' events", run: viaData },
  { impl: "AsyncFd read, paused-mode source", run: viaAsyncFd(native, false, false) },
  { impl: "AsyncFd read, onread source", run: viaAsyncFd(native, true, false) },
  { impl: "AsyncFd readLent, onread source", run: viaAsyncFd(native, true, true) },
]

const cases: BenchCase[] = impls.map((i) => ({
  impl: i.impl,
  ...(i.baseline === true ? { baseline: true } : {}),
  fn: () => measured(i.run),
}))

export const groups: BenchGroup[] = [
  {
    name: `asyncfd A. loopback TCP ${mib} MiB, reader wall time per MiB`,
    ops: mib,
    cases,
    goals: [{ impl: "AsyncFd readLent, onread source", maxRatio: 1.11 } /* throughput ≥ 0.9× */],
  },
  {
    name: `asyncfd B. loopback TCP ${mib} MiB, reader CPU µs per MiB (shown in the bytes column)`,
    kind: "memory",
    cases,
    measure: async (c) => {
      const i = impls.find((x) => x.impl === c.impl)!
      const s = await measured(i.run)
      return s.cpuUs / (s.bytes / MIB)
    },
    goals: [{ impl: "AsyncFd readLent, onread source", maxRatio: 1.1 }],
  },
]

/** Standalone: `rounds` interleaved transfers per impl; prints throughput, CPU and ratios to onread. */
async function main(rounds = Number(process.env.ASYNCFD_BENCH_ROUNDS ?? 5)): Promise<void> {
  const best = new Map<string, { mbps: number; cpuPerMiB: number }>()
  for (const i of impls) await measured(i.run) // warm-up
  for (let k = 0; k < rounds; k++) {
    for (const i of impls) {
      const s = await measured(i.run)
      const mbps = s.bytes / MIB / (s.wallMs / 1000)
      const cpu = s.cpuUs / (s.bytes / MIB)
      const b = best.get(i.impl)
      best.set(i.impl, { mbps: Math.max(b?.mbps ?? 0, mbps), cpuPerMiB: Math.min(b?.cpuPerMiB ?? Infinity, cpu) })
    }
  }
  const base = best.get(impls[0]!.impl)!
  console.log(`loopback TCP, ${mib} MiB per transfer, best of ${rounds} (writer in a separate process)`)
  console.log("impl (native executor for AsyncFd)  MiB/s   ×onread   reader CPU µs/MiB   ×onread")
  for (const i of impls) {
    const r = best.get(i.impl)!
    console.log(
      `${i.impl.padEnd(34)} ${r.mbps.toFixed(0).padStart(6)}   ${(r.mbps / base.mbps).toFixed(2).padStart(6)} ` +
        `  ${r.cpuPerMiB.toFixed(0).padStart(17)}   ${(r.cpuPerMiB / base.cpuPerMiB).toFixed(2).padStart(6)}`,
    )
  }
  console.log("goals: AsyncFd throughput ≥ 0.9× onread, reader CPU ≤ 1.1× onread")
}

const entry = process.argv[1]
if (
  entry !== undefined &&
  (import.meta.url === pathToFileURL(entry).href || entry.endsWith("bench/cases/asyncfd.ts"))
) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}
