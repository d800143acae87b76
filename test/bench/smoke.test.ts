// Keeps `npm run bench` from rotting: every group of bench/cases runs once at
// BENCH_QUICK sizes. No timing assertions — only that each case completes and, where the
// group says so, returns the baseline's result.
import { beforeAll, describe, expect, it } from "vitest"
import type { BenchGroup } from "../../bench/lib.js"

process.env.BENCH_QUICK = "1"

let files: { file: string; groups: BenchGroup[] }[] = []

beforeAll(async () => {
  const { discover } = await import("../../bench/run.js")
  files = await discover()
})

describe("bench smoke (BENCH_QUICK sizes)", () => {
  it("discovers case files that each export groups with one baseline", () => {
    expect(files.length).toBeGreaterThan(0)
    for (const { file, groups } of files) {
      expect(groups.length, file).toBeGreaterThan(0)
      for (const g of groups) {
        expect(g.cases.filter((c) => c.baseline === true).length, g.name).toBe(1)
        const impls = new Set(g.cases.map((c) => c.impl))
        expect(impls.size, `${g.name}: impl names are unique`).toBe(g.cases.length)
        for (const goal of g.goals ?? []) {
          expect(impls.has(goal.impl), `${g.name}: goal names ${goal.impl}`).toBe(true)
          if (goal.versus !== undefined)
            expect(impls.has(goal.versus), `${g.name}: goal versus ${goal.versus}`).toBe(true)
        }
      }
    }
  })

  it(
    "has every comparison the benchmark issues ask for " + "(A–D, E AsyncFd, F = A–C through each adapter, S scope)",
    () => {
      const all = files.flatMap((f) => f.groups)
      const group = (prefix: string) => {
        const g = all.find((x) => x.name.startsWith(prefix))
        expect(g, `a group named ${prefix}…`).toBeDefined()
        return g!
      }
      const impls = (prefixes: string[]) => prefixes.flatMap((p) => group(p).cases.map((c) => c.impl))
      const has = (where: string[], ...needles: RegExp[]) => {
        const names = impls(where)
        for (const n of needles)
          expect(
            names.some((x) => n.test(x)),
            `${where.join("+")}: a case matching ${n}`,
          ).toBe(true)
      }
      has(
        ["A."],
        /^await loop$/,
        /\.then chain/,
        /RxJS concatMap/,
        /Effect\.gen runSync/,
        /Effect\.gen runPromise/,
        /andThen/,
        /pollable gen/,
      )
      has(["B."], /Promise\.all/, /RxJS forkJoin/, /Effect\.all unbounded/, /joinAll/, /spawn\+join/)
      has(["C."], /Promise ping-pong/, /RxJS asap/, /Effect\.yieldNow/, /pollable/)
      has(["D."], /pending Promise/, /async function/, /RxJS subscription/, /Effect fiber/, /pollable task/)
      has(["asyncfd"], /AsyncFd/)
      // F: each of A, B, C through toPromise, toObservable and toEffect, next to that runtime's idiom
      const f = all.filter((g) => /^F\d/.test(g.name))
      for (const job of ["A steps", "B fan-out", "C ping-pong"]) {
        const cases = f.filter((g) => g.name.includes(job)).flatMap((g) => g.cases.map((c) => c.impl))
        for (const adapter of [/^toPromise/, /^toObservable/, /^toEffect/]) {
          expect(
            cases.some((c) => adapter.test(c)),
            `F (${job}): a case matching ${adapter}`,
          ).toBe(true)
        }
      }
      has(["S."], /Promise\.all \+ AbortController/, /Effect forkScoped/, /Effect\.all/, /pollable scope/)
    },
  )

  it("measures the path users write, each next to its idiom and, for gen, the bare-generator floor", () => {
    const all = files.flatMap((f) => f.groups)
    const impls = (prefix: string) =>
      all.filter((g) => g.name.startsWith(prefix)).flatMap((g) => g.cases.map((c) => c.impl))
    const has = (prefix: string, ...needles: RegExp[]) => {
      const names = impls(prefix)
      for (const n of needles)
        expect(
          names.some((x) => n.test(x)),
          `${prefix}: a case matching ${n}`,
        ).toBe(true)
    }
    has(
      "G1.",
      /^await asyncStep/,
      /^floor: bare generators, inline/,
      /gen\(function\* \(\) \{…\}\) inline/,
      /step = fn/,
      /gen\(stepBody, x\)/,
    )
    has(
      "G2.",
      /^Promise\.all of async closures/,
      /^floor: bare generator closures/,
      /spawn\(gen\(function\*/,
      /spawn\(step\(i\)\)/,
    )
    has("G3.", /fresh process/, /after inline closures ran/)
    has("P1.", /^await asyncOne/, /^await toPromise\(one/)
    has("P2.", /of\(x\)\.pipe/, /toObservable/)
    has("P3.", /Effect\.fn/, /toEffect/)
    has("R.", /^Promise\.all/, /joinAll/, /spawn/)
    has("T.", /setTimeout/, /sleep/)
    has("W.", /sleep/, /Notify/, /mpsc recv/)
    has("X.", /steady state/, /first job after a full GC/)
    expect(all.filter((g) => g.name.startsWith("T.")).map((g) => g.name.split(": ")[1])).toEqual([
      "start cost (ns per sleep)",
      "CPU until the last fired (ns per sleep)",
      "lateness p50 (ms)",
      "lateness p99 (ms)",
    ])
    expect(all.find((g) => g.name.startsWith("G3."))?.processPerRound).toBe(true)
  })

  it("runs every case of every group once", async () => {
    let ran = 0
    for (const { groups } of files) {
      for (const g of groups) {
        if (g.kind === "memory" || g.kind === "custom") {
          for (const c of g.cases) {
            const bytes = await g.measure!(c)
            expect(Number.isFinite(bytes), `${g.name} / ${c.impl}`).toBe(true)
            ran++
          }
          continue
        }
        const base = g.cases.find((c) => c.baseline === true)!
        const expected = await base.fn()
        for (const c of g.cases) {
          const got = await c.fn()
          ran++
          if (g.sameResult === true) expect(got, `${g.name} / ${c.impl}`).toEqual(expected)
        }
      }
    }
    expect(ran).toBeGreaterThan(10)
  })
})

describe("bench report", () => {
  it("formats a table with goals and an SVG bar per case", async () => {
    const { formatTable, renderSvg, renderMarkdown } = await import("../../bench/run.js")
    const g: BenchGroup = {
      name: "X. demo",
      cases: [
        { impl: "base", baseline: true, fn: () => 1 },
        { impl: "fast <x>", fn: () => 1 },
      ],
      goals: [{ impl: "fast <x>", maxRatio: 0.5 }],
    }
    const { summarize, goalsOf } = await import("../../bench/run.js")
    // three rounds: the ratio is the median of the per-round ratios, not a ratio of medians
    const rows = summarize(g, [
      { group: g, c: g.cases[0]!, values: [100, 200, 100], value: NaN, ratio: NaN },
      { group: g, c: g.cases[1]!, values: [40, 60, 50], value: NaN, ratio: NaN },
    ])
    expect(rows[1]!.value).toBe(50)
    expect(rows[1]!.ratio).toBe(0.4)
    expect([rows[1]!.ratioMin, rows[1]!.ratioMax]).toEqual([0.3, 0.5])
    const goals = goalsOf(g, rows)
    expect(goals).toEqual([
      { group: g.name, impl: "fast <x>", versus: "base", maxRatio: 0.5, ratio: 0.4, min: 0.3, max: 0.5, met: true },
    ])
    const table = formatTable(g, rows, goals)
    expect(table).toContain("0.40×")
    expect(table).toContain("0.30–0.50")
    expect(table).toContain("met (0.40×)")
    const svg = renderSvg([{ group: g, rows, goals }])
    expect(svg.startsWith("<svg")).toBe(true)
    expect(svg.match(/<rect /g)?.length).toBe(3) // background + one bar per case
    expect(svg).toContain("fast &lt;x&gt;")
    expect(renderMarkdown([{ group: g, rows, goals }], "meta")).toContain(
      "| fast <x> | 50.0 ns | 0.40× | 0.30–0.50 | ≤ 0.5× base | met |",
    )
  })
})
