// `npm run bench [-- --filter <substring>]` — runs every group of bench/cases/*.ts side by
// side in one process (mitata), prints a table per group (ns/op or bytes/task, ratio to the
// group's baseline, goals), and writes bench/results.json, bench/results.md and
// bench/results.svg. `BENCH_QUICK=1` runs tiny sizes with one short round (a smoke run).
// See bench/README.md.
import { spawnSync } from "node:child_process"
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { measure } from "mitata"
import { QUICK, type BenchCase, type BenchGroup } from "./lib.js"

const here = dirname(fileURLToPath(import.meta.url))

interface Row {
  readonly group: BenchGroup
  readonly c: BenchCase
  /** ns per op for time groups, bytes per item for memory groups; NaN when the case failed. */
  value: number
  ratio: number
  error?: string
}

interface GoalResult {
  readonly group: string
  readonly impl: string
  readonly versus: string
  readonly maxRatio: number
  readonly ratio: number
  readonly met: boolean
}

export interface Options {
  readonly filter?: string | undefined
  readonly rounds: number
  /** Minimum measured time per case per round, in ns (mitata's `min_cpu_time`). */
  readonly minTimeNs: number
  readonly memoryRounds: number
}

const parseArgs = (argv: readonly string[]): Options => {
  let filter: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === "--filter") filter = argv[++i]
    else if (a.startsWith("--filter=")) filter = a.slice("--filter=".length)
    else if (a === "--help" || a === "-h") {
      console.log("usage: npm run bench [-- --filter <substring of group or impl>]   (env BENCH_QUICK=1: tiny smoke run)")
      process.exit(0)
    } else {
      console.error(`bench: unknown argument ${a}; use --filter <substring>`)
      process.exit(2)
    }
  }
  return QUICK
    ? { filter, rounds: 1, minTimeNs: 1e6, memoryRounds: 1 }
    : { filter, rounds: 3, minTimeNs: 250e6, memoryRounds: 3 }
}

/** Every group of every bench/cases/*.ts file, files in name order. */
export async function discover(dir = join(here, "cases")): Promise<{ file: string; groups: BenchGroup[] }[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort()
  const out: { file: string; groups: BenchGroup[] }[] = []
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { groups?: BenchGroup[] }
    if (!Array.isArray(mod.groups)) throw new Error(`bench/cases/${f} must export \`groups: BenchGroup[]\``)
    out.push({ file: f, groups: mod.groups })
  }
  return out
}

/** Keep a group whole when its name matches; else keep its matching cases plus the baseline. */
export function applyFilter(groups: readonly BenchGroup[], filter: string | undefined): BenchGroup[] {
  if (filter === undefined || filter === "") return [...groups]
  const f = filter.toLowerCase()
  const out: BenchGroup[] = []
  for (const g of groups) {
    if (g.name.toLowerCase().includes(f)) {
      out.push(g)
      continue
    }
    const cases = g.cases.filter((c) => c.baseline === true || c.impl.toLowerCase().includes(f))
    if (cases.some((c) => c.baseline !== true)) out.push({ ...g, cases })
  }
  return out
}

/** mitata detects async cases by `instanceof Promise`; turn other thenables (JoinHandle) into one. */
export const asMeasurable = (fn: () => unknown): (() => unknown) => {
  const first = fn()
  const thenable =
    first !== null && typeof first === "object" && !(first instanceof Promise) && typeof (first as PromiseLike<unknown>).then === "function"
  if (first instanceof Promise) first.catch(() => {})
  return thenable ? () => Promise.resolve(fn() as PromiseLike<unknown>) : fn
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const baselineOf = (g: BenchGroup): BenchCase => g.cases.find((c) => c.baseline === true) ?? g.cases[0]!

async function runGroup(g: BenchGroup, opts: Options): Promise<Row[]> {
  const rows: Row[] = g.cases.map((c) => ({ group: g, c, value: NaN, ratio: NaN }))
  const ops = g.ops ?? 1
  if (g.kind === "memory") {
    if (g.measure === undefined) throw new Error(`memory group "${g.name}" has no measure()`)
    for (const r of rows) {
      const xs: number[] = []
      try {
        for (let k = 0; k < opts.memoryRounds; k++) xs.push(await g.measure(r.c))
        r.value = median(xs)
      } catch (e) {
        r.error = String(e)
      }
    }
  } else {
    // Rounds interleave the cases so a burst of load from other processes hits them alike;
    // each case keeps its best round (the median sample of that round).
    const best = rows.map(() => Infinity)
    const fns: ((() => unknown) | undefined)[] = rows.map(() => undefined)
    for (let k = 0; k < opts.rounds; k++) {
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!
        if (r.error !== undefined) continue
        try {
          const fn = (fns[i] ??= asMeasurable(r.c.fn))
          const s = await measure(fn, { min_cpu_time: opts.minTimeNs, min_samples: QUICK ? 1 : 5, max_samples: QUICK ? 3 : 1e4 })
          best[i] = Math.min(best[i]!, s.p50)
        } catch (e) {
          r.error = e instanceof Error ? e.message : String(e)
        }
      }
    }
    rows.forEach((r, i) => {
      if (r.error === undefined) r.value = best[i]! / ops
    })
  }
  const base = rows.find((r) => r.c === baselineOf(g))!
  for (const r of rows) r.ratio = r.value / base.value
  return rows
}

function goalsOf(g: BenchGroup, rows: readonly Row[]): GoalResult[] {
  const byImpl = new Map(rows.map((r) => [r.c.impl, r]))
  const base = baselineOf(g).impl
  const out: GoalResult[] = []
  for (const goal of g.goals ?? []) {
    const r = byImpl.get(goal.impl)
    const versus = goal.versus ?? base
    const v = byImpl.get(versus)
    if (r === undefined || v === undefined) continue
    const ratio = r.value / v.value
    out.push({ group: g.name, impl: goal.impl, versus, maxRatio: goal.maxRatio, ratio, met: ratio <= goal.maxRatio })
  }
  return out
}

const fmtValue = (g: BenchGroup, v: number): string => {
  if (Number.isNaN(v)) return "failed"
  if (g.kind === "memory") return `${v.toFixed(0)} B`
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)} ms` : v >= 1e3 ? `${(v / 1e3).toFixed(2)} µs` : `${v.toFixed(1)} ns`
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length))
const padL = (s: string, n: number): string => (s.length >= n ? s : " ".repeat(n - s.length) + s)

export function formatTable(g: BenchGroup, rows: readonly Row[], goals: readonly GoalResult[]): string {
  const unit = g.kind === "memory" ? "bytes/task" : "time/op"
  const head = ["impl", unit, "ratio", "goal", "status"]
  const body = rows.map((r) => {
    const gs = goals.filter((x) => x.impl === r.c.impl)
    return [
      r.c.impl + (r.c.baseline === true ? " (baseline)" : ""),
      fmtValue(g, r.value),
      Number.isNaN(r.ratio) ? "-" : `${r.ratio.toFixed(2)}×`,
      gs.map((x) => `≤ ${x.maxRatio}× ${x.versus === baselineOf(g).impl ? "base" : x.versus}`).join("; "),
      r.error !== undefined ? `error: ${r.error}` : gs.map((x) => (x.met ? "met" : `missed (${x.ratio.toFixed(2)}×)`)).join("; "),
    ]
  })
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 1 || i === 2 ? padL(c, widths[i]!) : pad(c, widths[i]!))).join("  ").trimEnd()
  return [g.name, line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n")
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/** A horizontal bar chart of ratios to each group's baseline (log scale), one panel per group. */
export function renderSvg(results: readonly { group: BenchGroup; rows: readonly Row[]; goals: readonly GoalResult[] }[]): string {
  const W = 900
  const labelW = 300
  const barH = 18
  const gap = 6
  const chartW = W - labelW - 90
  const lo = Math.log10(0.01)
  const hi = Math.log10(100)
  const x = (ratio: number): number => labelW + ((Math.log10(Math.min(100, Math.max(0.01, ratio))) - lo) / (hi - lo)) * chartW
  let y = 30
  const parts: string[] = []
  parts.push(`<text x="10" y="20" font-size="14" font-weight="bold">pollable benchmarks — ratio to each group's baseline (log scale, lower is better)</text>`)
  for (const { group, rows, goals } of results) {
    y += 16
    parts.push(`<text x="10" y="${y}" font-size="13" font-weight="bold">${esc(group.name)}</text>`)
    y += 8
    const top = y
    for (const r of rows) {
      const ok = goals.filter((gl) => gl.impl === r.c.impl)
      const colour = r.c.baseline === true ? "#888" : ok.length === 0 ? "#6a9fd8" : ok.every((gl) => gl.met) ? "#3a9a4a" : "#d0543c"
      const w = Number.isFinite(r.ratio) ? Math.max(1, x(r.ratio) - labelW) : 0
      parts.push(`<text x="${labelW - 6}" y="${y + barH - 5}" font-size="12" text-anchor="end">${esc(r.c.impl)}</text>`)
      parts.push(`<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${colour}"/>`)
      const label = Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}× (${fmtValue(group, r.value)})` : "failed"
      parts.push(`<text x="${(labelW + w + 4).toFixed(1)}" y="${y + barH - 5}" font-size="11">${esc(label)}</text>`)
      y += barH + gap
    }
    const one = x(1)
    parts.push(`<line x1="${one.toFixed(1)}" y1="${top - 2}" x2="${one.toFixed(1)}" y2="${y - gap + 2}" stroke="#333" stroke-dasharray="3,3"/>`)
    for (const gl of goals) {
      const gx = x(gl.maxRatio * (rows.find((r) => r.c.impl === gl.versus)?.ratio ?? 1))
      parts.push(`<line x1="${gx.toFixed(1)}" y1="${top - 2}" x2="${gx.toFixed(1)}" y2="${y - gap + 2}" stroke="#d0543c" stroke-opacity="0.35"/>`)
    }
  }
  y += 20
  parts.push(
    `<text x="10" y="${y}" font-size="11">grey: baseline · green: goal met · red: goal missed · blue: no goal · dashed: 1× · faint red: goal lines</text>`,
  )
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y + 10}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join("\n")}\n</svg>\n`
}

export function renderMarkdown(results: readonly { group: BenchGroup; rows: readonly Row[]; goals: readonly GoalResult[] }[], meta: string): string {
  const out = [`<!-- generated by \`npm run bench\`; do not edit -->`, `${meta}`, ""]
  for (const { group, rows, goals } of results) {
    out.push(`### ${group.name}`, "", `| impl | ${group.kind === "memory" ? "bytes/task" : "time/op"} | ratio | goal | status |`, "|---|---:|---:|---|---|")
    for (const r of rows) {
      const gs = goals.filter((x) => x.impl === r.c.impl)
      out.push(
        `| ${r.c.impl}${r.c.baseline === true ? " (baseline)" : ""} | ${fmtValue(group, r.value)} | ${Number.isNaN(r.ratio) ? "-" : r.ratio.toFixed(2) + "×"} | ${gs
          .map((x) => `≤ ${x.maxRatio}× ${x.versus}`)
          .join("; ")} | ${r.error !== undefined ? "error" : gs.map((x) => (x.met ? "met" : "missed")).join("; ")} |`,
      )
    }
    out.push("")
  }
  return out.join("\n")
}

/** Runs group `index` in a child process (`--group <index> --out <file>`) and rebuilds its rows. */
function runGroupIsolated(g: BenchGroup, index: number): Row[] {
  const out = join(tmpdir(), `pollable-bench-${process.pid}-${index}.json`)
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--group", String(index), "--out", out], {
    stdio: ["ignore", "ignore", "inherit"],
    env: process.env,
  })
  try {
    if (r.status !== 0) throw new Error(`bench: group "${g.name}" failed in its process (exit ${r.status})`)
    const got = JSON.parse(readFileSync(out, "utf8")) as { impl: string; value: number | null; ratio: number | null; error?: string }[]
    return got.map((x) => {
      const c = g.cases.find((k) => k.impl === x.impl)!
      return { group: g, c, value: x.value ?? Number.NaN, ratio: x.ratio ?? Number.NaN, ...(x.error !== undefined ? { error: x.error } : {}) }
    })
  } finally {
    rmSync(out, { force: true })
  }
}

/** Child side of {@link runGroupIsolated}: measure one group, write its rows as JSON. */
async function runOneGroup(index: number, out: string, opts: Options): Promise<void> {
  const groups = (await discover()).flatMap((f) => f.groups)
  const g = groups[index]
  if (g === undefined) throw new Error(`bench: no group #${index}`)
  const rows = await runGroup(g, opts)
  const plain = rows.map((r) => ({ impl: r.c.impl, value: Number.isNaN(r.value) ? null : r.value, ratio: Number.isNaN(r.ratio) ? null : r.ratio, ...(r.error !== undefined ? { error: r.error } : {}) }))
  writeFileSync(out, JSON.stringify(plain))
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const gi = argv.indexOf("--group")
  if (gi >= 0) {
    const oi = argv.indexOf("--out")
    return runOneGroup(Number(argv[gi + 1]), argv[oi + 1]!, parseArgs([]))
  }
  const opts = parseArgs(argv)
  if (typeof (globalThis as { gc?: unknown }).gc !== "function") {
    console.warn("bench: run with --expose-gc (npm run bench does) for exact memory numbers")
  }
  const files = await discover()
  const groups = applyFilter(
    files.flatMap((f) => f.groups),
    opts.filter,
  )
  if (groups.length === 0) {
    console.error(`bench: no group or case matches --filter ${opts.filter}`)
    process.exit(2)
  }
  const meta = `node ${process.version}, ${process.platform}/${process.arch}, ${QUICK ? "BENCH_QUICK (smoke sizes, numbers meaningless)" : `${opts.rounds} rounds × ≥${opts.minTimeNs / 1e6} ms per case, best round's median`}`
  console.log(`pollable bench — ${meta}\n`)
  const results: { group: BenchGroup; rows: Row[]; goals: GoalResult[] }[] = []
  const isolate = opts.filter === undefined && !QUICK && process.env.BENCH_IN_PROCESS !== "1"
  for (const [i, g] of groups.entries()) {
    // A full run measures each group in a fresh process, so JIT feedback and heap state left
    // by earlier groups (a 256 MiB transfer, 1e5 pending tasks) cannot skew later ones.
    const rows = isolate ? runGroupIsolated(g, i) : await runGroup(g, opts)
    const goals = goalsOf(g, rows)
    results.push({ group: g, rows, goals })
    console.log(formatTable(g, rows, goals) + "\n")
  }
  const json = results.flatMap(({ group, rows, goals }) =>
    rows.map((r) => {
      const gs = goals.filter((x) => x.impl === r.c.impl)
      return {
        case: group.name,
        impl: r.c.impl,
        ns_per_op: group.kind === "memory" ? null : Number.isNaN(r.value) ? null : r.value,
        ...(group.kind === "memory" ? { bytes_per_task: Number.isNaN(r.value) ? null : r.value } : {}),
        ratio_to_baseline: Number.isNaN(r.ratio) ? null : r.ratio,
        baseline: r.c.baseline === true,
        ...(gs.length > 0 ? { goals: gs.map((x) => ({ max_ratio: x.maxRatio, versus: x.versus, ratio: x.ratio, met: x.met })) } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
      }
    }),
  )
  const allGoals = results.flatMap((r) => r.goals)
  const met = allGoals.filter((x) => x.met).length
  console.log(`goals: ${met} met, ${allGoals.length - met} missed`)
  for (const x of allGoals.filter((x) => !x.met)) console.log(`  missed: ${x.impl} ${x.ratio.toFixed(2)}× ${x.versus} (goal ≤ ${x.maxRatio}×) in ${x.group}`)
  if (opts.filter !== undefined || QUICK) {
    console.log("(partial or quick run: bench/results.* not written)")
    return
  }
  writeFileSync(join(here, "results.json"), JSON.stringify(json, null, 2) + "\n")
  writeFileSync(join(here, "results.md"), renderMarkdown(results, meta))
  writeFileSync(join(here, "results.svg"), renderSvg(results))
  console.log("wrote bench/results.json, bench/results.md, bench/results.svg")
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}
