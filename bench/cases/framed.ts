// Framed decoding over a loopback TCP socket: framed(fd, linesCodec()) and
// framed(fd, lengthDelimited()) versus Node's readline and a hand-written 'data' parser
// reading the same bytes. The writer is a separate Node process (it writes FRAMED_BENCH_MIB
// MiB — default 32 — of pre-built frames to each connection, then closes), so the time and
// CPU measured here are the reader's. Every reader returns (frames, payload bytes), checked
// equal across implementations.
//
// Standalone (paired ratios, CPU per MiB): node --conditions=@pollable/source --import tsx bench/cases/framed.ts
import { spawn, type ChildProcess } from "node:child_process"
import * as net from "node:net"
import * as readline from "node:readline"
import { pathToFileURL } from "node:url"
import { Done, framed, gen, lengthDelimited, linesCodec, type Codec } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { connect } from "@pollable/adapter-native/io"
import { QUICK, type BenchCase, type BenchGroup } from "../lib.js"

const _MIB = 1 << 20
const mib = Number(process.env.FRAMED_BENCH_MIB ?? (QUICK ? 1 : 32))

// The writer builds its payload once: text lines of 20–120 bytes, or length-prefixed frames
// (4-byte big-endian length) of 20–220 bytes, filling `mib` MiB.
const writerSource = `
const net = require("node:net")
const [kind, mib] = [process.argv[1], Number(process.argv[2])]
const parts = []
let size = 0, x = 7
while (size < mib * 1048576) {
  x = (x * 1103515245 + 12345) >>> 0
  const n = 20 + ((x >>> 16) % (kind === "lines" ? 100 : 200))
  const body = Buffer.alloc(n, 97 + (x % 26))
  if (kind === "lines") { parts.push(body, Buffer.from("\\n")); size += n + 1 }
  else { const h = Buffer.alloc(4); h.writeUInt32BE(n); parts.push(h, body); size += n + 4 }
}
const payload = Buffer.concat(parts)
const server = net.createServer((s) => {
  s.on("error", () => {})
  let off = 0
  const pump = () => {
    while (off < payload.length) {
      const end = Math.min(off + 256 * 1024, payload.length)
      const ok = s.write(payload.subarray(off, end))
      off = end
      if (!ok) return void s.once("drain", pump)
    }
    s.end()
  }
  pump()
})
server.listen(0, "127.0.0.1", () => process.stdout.write(server.address().port + "\\n"))
process.stdin.on("end", () => process.exit(0)).resume()
`

const writers = new Map<string, Promise<{ port: number; child: ChildProcess }>>()
/** One writer process per kind; it exits when this process does (its stdin closes). */
function writerPort(kind: "lines" | "length"): Promise<number> {
  let w = writers.get(kind)
  if (w === undefined) {
    w = new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ["-e", writerSource, kind, String(mib)], {
        stdio: ["pipe", "pipe", "inherit"],
      })
      child.once("error", reject)
      child.stdout!.once("data", (d: Buffer) => {
        child.unref()
        for (const s of [child.stdin, child.stdout]) (s as unknown as { unref?: () => void }).unref?.()
        resolve({ port: Number(d.toString().trim()), child })
      })
    })
    writers.set(kind, w)
  }
  return w.then((x) => x.port)
}

/** What every reader returns: frames and payload bytes (line lengths in characters; ASCII here). */
type Tally = `${number} frames, ${number} bytes`
const tally = (frames: number, bytes: number): Tally => `${frames} frames, ${bytes} bytes`

// ---- lines --------------------------------------------------------------------------------

/**
 * The hand-written 'data' parser people write: concat the leftover with the new chunk, let
 * `parse(buf, frame)` take the whole frames (calling `frame(size)` for each) and return
 * where it stopped; keep the rest.
 */
const byData = (parse: (buf: Buffer, frame: (size: number) => void) => number) => (port: number) =>
  new Promise<Tally>((resolve, reject) => {
    let frames = 0
    let bytes = 0
    const frame = (size: number) => {
      frames++
      bytes += size
    }
    let rest: Buffer | undefined
    const s = net.connect({ host: "127.0.0.1", port })
    s.on("data", (chunk: Buffer) => {
      const buf = rest === undefined ? chunk : Buffer.concat([rest, chunk])
      const used = parse(buf, frame)
      rest = used < buf.length ? buf.subarray(used) : undefined
    })
    s.once("end", () => resolve(tally(frames, bytes)))
    s.once("error", reject)
  })

/** Lines: split on \n, decode each line. */
const linesByData = byData((buf, frame) => {
  let start = 0
  for (let i; (i = buf.indexOf(10, start)) >= 0; start = i + 1) frame(buf.toString("utf8", start, i).length)
  return start
})

const linesByReadline = (port: number) =>
  new Promise<Tally>((resolve, reject) => {
    let frames = 0
    let bytes = 0
    const s = net.connect({ host: "127.0.0.1", port })
    s.once("error", reject)
    const rl = readline.createInterface({ input: s, crlfDelay: Infinity })
    rl.on("line", (line: string) => {
      frames++
      bytes += line.length
    })
    rl.once("close", () => resolve(tally(frames, bytes)))
  })

const native = new NativeExecutor()

/** Frames of `codec()` through framed(fd, codec) on the native executor; `size` measures a frame. */
const byFramed =
  <T>(codec: () => Codec<T>, size: (frame: T) => number) =>
  (onread: boolean) =>
  (port: number) =>
    Promise.resolve(
      native.spawn(
        gen(function* () {
          const fd = yield* connect("127.0.0.1", port, { onread })
          try {
            const conn = framed(fd, codec())
            let frames = 0
            let bytes = 0
            for (let f; (f = yield* conn.next()) !== Done; ) {
              frames++
              bytes += size(f)
            }
            return tally(frames, bytes)
          } finally {
            fd.close()
          }
        }),
      ),
    )
const linesByFramed = byFramed(linesCodec, (l: string) => l.length)

// ---- length-delimited ----------------------------------------------------------------------

/** Length-delimited: read 4-byte lengths, copy out each body (an owned frame, as framed returns). */
const lengthByData = byData((buf, frame) => {
  let o = 0
  while (buf.length - o >= 4) {
    const n = buf.readUInt32BE(o)
    if (buf.length - o - 4 < n) break
    frame(Buffer.from(buf.subarray(o + 4, o + 4 + n)).length)
    o += 4 + n
  }
  return o
})

const lengthByFramed = byFramed(lengthDelimited, (f: Uint8Array) => f.length)

interface Impl {
  readonly impl: string
  readonly baseline?: boolean
  readonly kind: "lines" | "length"
  readonly run: (port: number) => Promise<Tally>
}

const lineImpls: readonly Impl[] = [
  { impl: "hand-written 'data' parser", baseline: true, kind: "lines", run: linesByData },
  { impl: "node:readline", kind: "lines", run: linesByReadline },
  { impl: "framed lines, onread source", kind: "lines", run: linesByFramed(true) },
  { impl: "framed lines, paused-mode source", kind: "lines", run: linesByFramed(false) },
]
const lengthImpls: readonly Impl[] = [
  { impl: "hand-written 'data' parser", baseline: true, kind: "length", run: lengthByData },
  { impl: "framed lengthDelimited, onread source", kind: "length", run: lengthByFramed(true) },
  { impl: "framed lengthDelimited, paused-mode source", kind: "length", run: lengthByFramed(false) },
]

const toCases = (impls: readonly Impl[]): BenchCase[] =>
  impls.map((i) => ({
    impl: i.impl,
    ...(i.baseline === true ? { baseline: true } : {}),
    fn: async () => i.run(await writerPort(i.kind)),
  }))

export const groups: BenchGroup[] = [
  {
    name: `framed A. ${mib} MiB of text lines over loopback TCP, time per MiB`,
    ops: mib,
    sameResult: true,
    cases: toCases(lineImpls),
    goals: [{ impl: "framed lines, onread source", maxRatio: 1.0 }],
  },
  {
    name: `framed B. ${mib} MiB of length-delimited frames over loopback TCP, time per MiB`,
    ops: mib,
    sameResult: true,
    cases: toCases(lengthImpls),
    goals: [{ impl: "framed lengthDelimited, onread source", maxRatio: 1.0 }],
  },
]

/**
 * Standalone: interleaved rounds; per impl the median wall time and CPU per MiB, and the paired ratio to the baseline.
 */
async function main(rounds = Number(process.env.FRAMED_BENCH_ROUNDS ?? 7)): Promise<void> {
  for (const impls of [lineImpls, lengthImpls]) {
    const port = await writerPort(impls[0]!.kind)
    for (const i of impls) await i.run(port) // warm-up
    const ratios = new Map<string, { wall: number[]; cpu: number[]; cpuPerMiB: number[] }>()
    for (let k = 0; k < rounds; k++) {
      let base: { wall: number; cpu: number } | undefined
      for (const i of impls) {
        const c0 = process.cpuUsage()
        const t0 = performance.now()
        await i.run(port)
        const wall = performance.now() - t0
        const c = process.cpuUsage(c0)
        const cpu = c.user + c.system
        base ??= { wall, cpu }
        const r = ratios.get(i.impl) ?? { wall: [], cpu: [], cpuPerMiB: [] }
        r.wall.push(wall / base.wall)
        r.cpu.push(cpu / base.cpu)
        r.cpuPerMiB.push(cpu / mib)
        ratios.set(i.impl, r)
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
    console.log(
      `\n${impls[0]!.kind === "lines" ? "text lines" : "length-delimited frames"}, ` +
        `${mib} MiB per transfer, ${rounds} interleaved rounds, median paired ratio to the baseline`,
    )
    console.log("impl                                           wall ×base   CPU ×base   CPU µs/MiB")
    for (const i of impls) {
      const r = ratios.get(i.impl)!
      console.log(
        `${i.impl.padEnd(46)} ${median(r.wall).toFixed(2).padStart(10)}   ` +
          `${median(r.cpu).toFixed(2).padStart(9)}   ${median(r.cpuPerMiB).toFixed(0).padStart(10)}`,
      )
    }
  }
}

const entry = process.argv[1]
if (entry !== undefined && (import.meta.url === pathToFileURL(entry).href || entry.endsWith("bench/cases/framed.ts"))) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}
