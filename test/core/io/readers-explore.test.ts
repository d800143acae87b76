// Schedule exploration of framed and BufReader over the in-memory pair with WouldBlock storms: the reader
// keeps abandoning pending next() calls (a select lost to yieldNow) and the writer batches
// feeds and flushes; under every schedule every frame arrives once, whole and in order.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { BufReader, Done, framed, gen, lengthDelimited, linesCodec, select, yieldNow, type Codec } from "@pollable/core"
import { ExploringExecutor, seededChoose } from "@pollable/core/testing"
import { fds, pattern, same } from "./io-helpers.js"

/** How the reader takes items: a framed stream's next(), or a BufReader's readLine(). */
type ReadWith = "framed" | "bufReader"

const scenario = <T>(
  seed: number,
  codec: () => Codec<T>,
  frames: readonly T[],
  eq: (a: T, b: T) => boolean,
  readWith: ReadWith = "framed",
) => {
  const choose = seededChoose(seed)
  let x = seed >>> 0
  const coin = (n: number) => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) % n === 0
  const ex = new ExploringExecutor({ choose, spuriousEvery: 5 })
  const { fa, fb, a } = fds({
    readChunk: 1 + (seed & 7),
    writeChunk: 3 + (seed & 15),
    capacity: 64,
    storm: () => coin(5),
  })
  const w = framed(fa, codec(), { highWaterMark: 48 })
  const r = framed(fb, codec(), { readCapacity: 16 })
  const br = new BufReader(fb, { capacity: 4 })
  const next = () => (readWith === "framed" ? r.next() : (br.readLine() as unknown as ReturnType<typeof r.next>))
  ex.spawn(
    gen(function* () {
      for (const f of frames) {
        yield* w.feed(f)
        if (coin(3)) yield* w.flush()
      }
      yield* w.close()
    }),
  )
  let abandoned = 0
  const reader = ex.spawn(
    gen(function* () {
      const got: T[] = []
      for (;;) {
        const s = yield* select(next(), yieldNow())
        if (s.index === 1) {
          abandoned++ // the pending next() was cancelled by select
          continue
        }
        if (s.value === Done) return got
        got.push(s.value as T)
      }
    }),
  )
  ex.run()
  const o = reader.outcome
  expect(o?._tag).toBe("Success")
  const got = (o as { value: T[] }).value
  expect(got.length).toBe(frames.length)
  expect(got.every((g, i) => eq(g, frames[i]!))).toBe(true)
  expect(ex.liveTasks).toBe(0)
  return { abandoned, storms: a.storms }
}

describe("framed and BufReader under explored schedules, storms and abandoned reads", () => {
  it("length-delimited frames arrive once, whole and in order", () => {
    let abandoned = 0
    fc.assert(
      fc.property(fc.integer(), fc.array(fc.nat({ max: 90 }), { minLength: 1, maxLength: 12 }), (seed, sizes) => {
        const frames = sizes.map((n, i) => pattern(n, i + seed))
        abandoned += scenario(seed, () => lengthDelimited({ lengthBytes: 2 }), frames, same).abandoned
      }),
      { numRuns: 120 },
    )
    expect(abandoned).toBeGreaterThan(0) // the property did exercise cancelled reads
  })

  it("lines arrive once, whole and in order (multi-byte characters split across chunks)", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(
          fc.string({ unit: "grapheme", maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, "")),
          { minLength: 1, maxLength: 12 },
        ),
        (seed, lines) => {
          scenario(
            seed,
            () => linesCodec(),
            lines,
            (a, b) => a === b,
          )
        },
      ),
      { numRuns: 120 },
    )
  })

  it("BufReader.readLine: lines arrive once, whole and in order, though most readLine calls are abandoned", () => {
    let abandoned = 0
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(
          fc.string({ unit: "grapheme", maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, "")),
          { minLength: 1, maxLength: 12 },
        ),
        (seed, lines) => {
          abandoned += scenario(
            seed,
            () => linesCodec(),
            lines,
            (a, b) => a === b,
            "bufReader",
          ).abandoned
        },
      ),
      { numRuns: 120 },
    )
    expect(abandoned).toBeGreaterThan(0)
  })
})
