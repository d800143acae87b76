// `npm run bench [-- --filter <substring>] [-- --node24]` — builds the packages, then runs
// every group of bench/cases/*.ts against the BUILT dist, each group over fresh processes, on
// Node 20 (the Node running this script) and Node 24 (the npm package `node@24` in
// tools/matrix). Each round measures every case of a group back to back (mitata), so every
// ratio is paired: case ÷ baseline within one round. It prints, per case, the median time
// (or bytes), the median paired ratio and its min–max over the rounds, and each goal as met
// or missed; a full run writes bench/results.json, bench/results.md and bench/results.svg.
// `BENCH_QUICK=1` runs tiny sizes, one short round, in this process (a smoke run).
// See bench/README.md.
import { spawn, spawnSync } from "node:child_process"
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { availableParallelism, tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { measure } from "mitata"
import { QUICK, type BenchCase, type BenchGroup } from "./lib.js"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..")

export interface Row {
  readonly group: BenchGroup
  readonly c: BenchCase
  /** Per round: ns per op (time, custom in ns), ms (custom in ms) or bytes per item (memory); NaN when it failed. */
  values: number[]
  /** Median of `values`. */
  value: number
  /** Median over the rounds of this case ÷ the baseline in the same round. */
  ratio: number
  ratioMin?: number
  ratioMax?: number
  error?: string
}

export interface GoalResult {
  readonly group: string
  readonly impl: string
  readonly versus: string
  readonly maxRatio: number
  /** Median over the rounds of impl ÷ versus in the same round. */
  readonly ratio: number
  readonly min?: number
  readonly max?: number
  readonly met: boolean
}

export interface Options {
  readonly filter?: string | undefined
  readonly rounds: number
  /** Minimum measured time per case per round, in ns (mitata's `min_cpu_time`). */
  readonly minTimeNs: number
  /** Also run on Node 24 (a full run does unless BENCH_NODES=20). */
  readonly node24: boolean
}

const parseArgs = (argv: readonly string[]): Options => {
  let filter: string | undefined
  let node24 = !QUICK && process.env.BENCH_NODES !== "20"
  let partial = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === "--filter") (filter = argv[++i]), (partial = true)
    else if (a.startsWith("--filter=")) (filter = a.slice("--filter=".length)), (partial = true)
    else if (a === "--node24") node24 = true
    else if (a === "--help" || a === "-h") {
      console.log(
        "usage: npm run bench [-- --filter <substring of group or impl>] [-- --node24]   " +
          "(env BENCH_QUICK=1: tiny smoke run; BENCH_NODES=20: Node 20 only)",
      )
      process.exit(0)
    } else {
      console.error(`bench: unknown argument ${a}; use --filter <substring> or --node24`)
      process.exit(2)
    }
  }
  // a filtered run is for looking at one thing: Node 20 only unless --node24 asks
  if (partial && !argv.includes("--node24")) node24 = false
  return QUICK ? { filter, rounds: 1, minTimeNs: 1e6, node24: false } : { filter, rounds: 9, minTimeNs: 50e6, node24 }
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
    first !== null &&
    typeof first === "object" &&
    !(first instanceof Promise) &&
    typeof (first as PromiseLike<unknown>).then === "function"
  if (first instanceof Promise) first.catch(() => {})
  return thenable ? () => Promise.resolve(fn() as PromiseLike<unknown>) : fn
}

export const median = (xs: readonly number[]): number => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const baselineOf = (g: BenchGroup): BenchCase => g.cases.find((c) => c.baseline === true) ?? g.cases[0]!

/** Per-round ratios a ÷ b (rounds where either failed are left out). */
const pairedRatios = (a: readonly number[], b: readonly number[]): number[] => {
  const out: number[] = []
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    const r = a[k]! / b[k]!
    if (Number.isFinite(r)) out.push(r)
  }
  return out
}

/** Fill `value`, `ratio`, `ratioMin`, `ratioMax` of every row from its per-round values. */
export function summarize(g: BenchGroup, rows: Row[]): Row[] {
  const base = rows.find((r) => r.c === baselineOf(g)) ?? rows[0]!
  for (const r of rows) {
    r.value = median(r.values)
    const rs = pairedRatios(r.values, base.values)
    r.ratio = median(rs)
    if (rs.length > 0) {
      r.ratioMin = Math.min(...rs)
      r.ratioMax = Math.max(...rs)
    }
  }
  return rows
}

/** Measure every case of `g` for `rounds` rounds in this process; each round runs the cases in order. */
async function runGroup(g: BenchGroup, opts: Pick<Options, "rounds" | "minTimeNs">): Promise<Row[]> {
  const rows: Row[] = g.cases.map((c) => ({ group: g, c, values: [], value: NaN, ratio: NaN }))
  const ops = g.ops ?? 1
  const fns: ((() => unknown) | undefined)[] = rows.map(() => undefined)
  // time groups run one round more, first, that is not counted: until every case of the group
  // has run once, the JIT is still compiling what the later rounds measure (memory and custom
  // groups set up their own state, X measures a cold start on purpose, and a process-per-round
  // group such as G3 measures what its earlier cases leave behind for the later ones)
  const warmUp = !QUICK && g.processPerRound !== true && g.kind !== "memory" && g.kind !== "custom" ? 1 : 0
  for (let k = -warmUp; k < opts.rounds; k++) {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!
      if (r.error !== undefined) {
        if (k >= 0) r.values.push(NaN)
        continue
      }
      try {
        if (g.kind === "memory" || g.kind === "custom") {
          if (g.measure === undefined) throw new Error(`${g.kind} group "${g.name}" has no measure()`)
          r.values.push(await g.measure(r.c))
        } else {
          const fn = (fns[i] ??= asMeasurable(r.c.fn))
          // gc: false — mitata would run a full GC before every measurement, and V8 drops
          // optimized code after one (group X measures that on purpose): these groups
          // measure the steady state
          const s = await measure(fn, {
            gc: false,
            min_cpu_time: opts.minTimeNs,
            min_samples: QUICK ? 1 : 3,
            max_samples: QUICK ? 3 : 1e4,
          })
          if (k >= 0) r.values.push(s.p50 / ops)
        }
      } catch (e) {
        r.error = e instanceof Error ? e.message : String(e)
        if (k >= 0) r.values.push(NaN)
      }
    }
  }
  return summarize(g, rows)
}

export function goalsOf(g: BenchGroup, rows: readonly Row[]): GoalResult[] {
  const byImpl = new Map(rows.map((r) => [r.c.impl, r]))
  const base = baselineOf(g).impl
  const out: GoalResult[] = []
  for (const goal of g.goals ?? []) {
    const r = byImpl.get(goal.impl)
    const versus = goal.versus ?? base
    const v = byImpl.get(versus)
    if (r === undefined || v === undefined) continue
    const rs = pairedRatios(r.values, v.values)
    const ratio = rs.length > 0 ? median(rs) : r.value / v.value
    out.push({
      group: g.name,
      impl: goal.impl,
      versus,
      maxRatio: goal.maxRatio,
      ratio,
      ...(rs.length > 0 ? { min: Math.min(...rs), max: Math.max(...rs) } : {}),
      met: ratio <= goal.maxRatio,
    })
  }
  return out
}

const unitOf = (g: BenchGroup): "ns" | "ms" | "bytes" =>
  g.kind === "memory" ? "bytes" : g.kind === "custom" ? (g.unit ?? "ns") : "ns"

const fmtValue = (g: BenchGroup, v: number): string => {
  if (Number.isNaN(v)) return "failed"
  const u = unitOf(g)
  if (u === "bytes") return `${v.toFixed(0)} B`
  if (u === "ms") return `${v.toFixed(2)} ms`
  return v >= 1e6 ? `${(v / 1e6).toFixed(2)} ms` : v >= 1e3 ? `${(v / 1e3).toFixed(2)} µs` : `${v.toFixed(1)} ns`
}

const fmtRatio = (r: number): string => (Number.isNaN(r) ? "-" : `${r.toFixed(2)}×`)
const fmtRange = (r: Row): string =>
  r.ratioMin === undefined || r.ratioMax === undefined ? "" : `${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)}`
const goalText = (g: BenchGroup, x: GoalResult): string =>
  `≤ ${x.maxRatio}× ${x.versus === baselineOf(g).impl ? "base" : x.versus}`
const statusText = (x: GoalResult): string =>
  x.met ? `met (${x.ratio.toFixed(2)}×)` : `missed (${x.ratio.toFixed(2)}×)`

const pad = (s: string, n: number): string => (s.length >= n ? s : s + " ".repeat(n - s.length))
const padL = (s: string, n: number): string => (s.length >= n ? s : " ".repeat(n - s.length) + s)

const unitHeader = (g: BenchGroup): string =>
  unitOf(g) === "bytes" ? "bytes/task" : unitOf(g) === "ms" ? "ms" : "time/op"

export function formatTable(g: BenchGroup, rows: readonly Row[], goals: readonly GoalResult[]): string {
  const head = ["impl", unitHeader(g), "ratio", "min–max", "goal", "status"]
  const body = rows.map((r) => {
    const gs = goals.filter((x) => x.impl === r.c.impl)
    return [
      r.c.impl + (r.c.baseline === true ? " (baseline)" : ""),
      fmtValue(g, r.value),
      fmtRatio(r.ratio),
      fmtRange(r),
      gs.map((x) => goalText(g, x)).join("; "),
      r.error !== undefined ? `error: ${r.error}` : gs.map(statusText).join("; "),
    ]
  })
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 1 || i === 2 ? padL(c, widths[i]!) : pad(c, widths[i]!)))
      .join("  ")
      .trimEnd()
  return [g.name, line(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n")
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

interface GroupResult {
  readonly group: BenchGroup
  readonly rows: readonly Row[]
  readonly goals: readonly GoalResult[]
}

/** A horizontal bar chart of ratios to each group's baseline (log scale), one panel per group. */
export function renderSvg(results: readonly GroupResult[], title = "pollable benchmarks"): string {
  const W = 900
  const labelW = 340
  const barH = 18
  const gap = 6
  const chartW = W - labelW - 90
  const lo = Math.log10(0.01)
  const hi = Math.log10(100)
  const x = (ratio: number): number =>
    labelW + ((Math.log10(Math.min(100, Math.max(0.01, ratio))) - lo) / (hi - lo)) * chartW
  let y = 30
  const parts: string[] = []
  parts.push(
    `<text x="10" y="20" font-size="14" font-weight="bold">${esc(title)} — ` +
      `median paired ratio to each group's baseline (log scale, lower is better)</text>`,
  )
  for (const { group, rows, goals } of results) {
    y += 16
    parts.push(`<text x="10" y="${y}" font-size="13" font-weight="bold">${esc(group.name)}</text>`)
    y += 8
    const top = y
    for (const r of rows) {
      const ok = goals.filter((gl) => gl.impl === r.c.impl)
      const colour =
        r.c.baseline === true ? "#888" : ok.length === 0 ? "#6a9fd8" : ok.every((gl) => gl.met) ? "#3a9a4a" : "#d0543c"
      const w = Number.isFinite(r.ratio) ? Math.max(1, x(r.ratio) - labelW) : 0
      parts.push(`<text x="${labelW - 6}" y="${y + barH - 5}" font-size="12" text-anchor="end">${esc(r.c.impl)}</text>`)
      parts.push(`<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${colour}"/>`)
      const label = Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}× (${fmtValue(group, r.value)})` : "failed"
      parts.push(`<text x="${(labelW + w + 4).toFixed(1)}" y="${y + barH - 5}" font-size="11">${esc(label)}</text>`)
      y += barH + gap
    }
    const one = x(1)
    parts.push(
      `<line x1="${one.toFixed(1)}" y1="${top - 2}" x2="${one.toFixed(1)}" ` +
        `y2="${y - gap + 2}" stroke="#333" stroke-dasharray="3,3"/>`,
    )
    for (const gl of goals) {
      const gx = x(gl.maxRatio * (rows.find((r) => r.c.impl === gl.versus)?.ratio ?? 1))
      parts.push(
        `<line x1="${gx.toFixed(1)}" y1="${top - 2}" x2="${gx.toFixed(1)}" ` +
          `y2="${y - gap + 2}" stroke="#d0543c" stroke-opacity="0.35"/>`,
      )
    }
  }
  y += 20
  parts.push(
    `<text x="10" y="${y}" font-size="11">grey: baseline · green: goal met · red: goal missed · blue: ` +
      `no goal · dashed: 1× · faint red: goal lines · "floor:" rows are no user's code</text>`,
  )
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y + 10}" font-family="sans-serif">\n` +
    `<rect width="100%" height="100%" fill="white"/>\n${parts.join("\n")}\n</svg>\n`
  )
}

export function renderMarkdown(results: readonly GroupResult[], meta: string): string {
  const out = [`<!-- generated by \`npm run bench\`; do not edit -->`, `${meta}`, ""]
  for (const { group, rows, goals } of results) {
    out.push(
      `### ${group.name}`,
      "",
      `| impl | ${unitHeader(group)} | ratio | min–max | goal | status |`,
      "|---|---:|---:|---|---|---|",
    )
    for (const r of rows) {
      const gs = goals.filter((x) => x.impl === r.c.impl)
      out.push(
        `| ${r.c.impl}${r.c.baseline === true ? " (baseline)" : ""} | ` +
          `${fmtValue(group, r.value)} | ${fmtRatio(r.ratio)} | ${fmtRange(r)} | ${gs
            .map((x) => `≤ ${x.maxRatio}× ${x.versus}`)
            .join("; ")} | ${r.error !== undefined ? "error" : gs.map((x) => (x.met ? "met" : "missed")).join("; ")} |`,
      )
    }
    out.push("")
  }
  return out.join("\n")
}

/** One table of every goal, a column per Node version (the root README shows it). */
export function renderGoals(
  summary: readonly { goal: string; byNode: ReadonlyMap<string, GoalResult> }[],
  nodes: readonly { label: string; version: string }[],
  how: string,
): string {
  const out = [
    `<!-- generated by \`npm run bench\`; do not edit -->`,
    `${process.platform}/${process.arch}, ${how}. Full tables: [bench/results.md](bench/results.md).`,
    "",
    `| group | case | goal | ${nodes.map((n) => n.label).join(" | ")} |`,
    `|---|---|---|${nodes.map(() => "---|").join("")}`,
  ]
  for (const s of summary) {
    const any = [...s.byNode.values()][0]!
    const cells = nodes.map((n) => {
      const x = s.byNode.get(n.version)
      if (x === undefined) return "-"
      const range = x.min !== undefined && x.max !== undefined ? ` (${x.min.toFixed(2)}–${x.max.toFixed(2)})` : ""
      return `${x.ratio.toFixed(2)}×${range} ${x.met ? "met" : "**missed**"}`
    })
    out.push(`| ${any.group.split(" ")[0]} | ${any.impl} | ≤ ${any.maxRatio}× ${any.versus} | ${cells.join(" | ")} |`)
  }
  return `${out.join("\n")}\n`
}

/** Node 24 from the npm package `node@24` in tools/matrix (installed on first use, like `npm run test:matrix`). */
export function node24Binary(): string | undefined {
  const bin = join(root, "tools/matrix/node_modules/.bin/node")
  if (!existsSync(bin)) {
    console.log("bench: installing Node 24 (npm ci in tools/matrix) …")
    spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", join(root, "tools/matrix")], { stdio: "inherit" })
  }
  if (!existsSync(bin)) return undefined
  // without its install script the package falls back to the system Node silently: check
  const v = spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim()
  return v.startsWith("v24.") ? bin : undefined
}

interface ChildRow {
  impl: string
  values: (number | null)[]
  error?: string
}

/** How many processes a group's rounds are spread over (9 rounds: 3 processes of 3). */
const PROCESSES = 3

/** Runs group `index` in a child process of `node` (`--group <index> --out <file>`) and returns its rows. */
function runGroupIsolated(g: BenchGroup, index: number, node: string, opts: Options): Row[] {
  // V8 decides what to inline once per process, and a decision holds for every round in it:
  // one process per group would make each ratio a single draw of those decisions (rounds of
  // one process agree within a few percent, processes differ by up to ~15%). The rounds are
  // spread over PROCESSES processes; `processPerRound` groups take a process per round.
  const processes = g.processPerRound === true ? opts.rounds : Math.min(PROCESSES, opts.rounds)
  const perProcess = Math.ceil(opts.rounds / processes)
  const rows: Row[] = g.cases.map((c) => ({ group: g, c, values: [], value: NaN, ratio: NaN }))
  for (let k = 0; k < processes; k++) {
    const out = join(tmpdir(), `pollable-bench-${process.pid}-${index}-${k}.json`)
    const r = spawnSync(
      node,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        "--group",
        String(index),
        "--out",
        out,
        "--rounds",
        String(perProcess),
        "--min-time",
        String(opts.minTimeNs),
        // the child measures the same cases as this side selected
        ...(opts.filter !== undefined ? ["--filter", opts.filter] : []),
      ],
      {
        stdio: ["ignore", "ignore", "inherit"],
        env: process.env,
      },
    )
    try {
      if (r.status !== 0) throw new Error(`bench: group "${g.name}" failed in its process (exit ${r.status})`)
      const got = JSON.parse(readFileSync(out, "utf8")) as ChildRow[]
      for (const x of got) {
        const row = rows.find((k) => k.c.impl === x.impl)!
        row.values.push(...x.values.map((v) => v ?? Number.NaN))
        if (x.error !== undefined) row.error = x.error
      }
    } finally {
      rmSync(out, { force: true })
    }
  }
  return summarize(g, rows)
}

/** Child side of {@link runGroupIsolated}: measure one group, write its rows as JSON. */
async function runOneGroup(
  index: number,
  out: string,
  rounds: number,
  minTimeNs: number,
  filter: string | undefined,
): Promise<void> {
  const groups = (await discover()).flatMap((f) => f.groups)
  const whole = groups[index]
  if (whole === undefined) throw new Error(`bench: no group #${index}`)
  // a group matched by some of its cases' names keeps only those (and its baseline)
  const g = applyFilter([whole], filter)[0] ?? whole
  const rows = await runGroup(g, { rounds, minTimeNs })
  const plain: ChildRow[] = rows.map((r) => ({
    impl: r.c.impl,
    values: r.values.map((v) => (Number.isNaN(v) ? null : v)),
    ...(r.error !== undefined ? { error: r.error } : {}),
  }))
  writeFileSync(out, JSON.stringify(plain))
}

/** Child side of a full run: every selected group, isolated, on `node`; raw rows per group to `out`. */
async function runNode(node: string, out: string, opts: Options): Promise<void> {
  const all = (await discover()).flatMap((f) => f.groups)
  const groups = applyFilter(all, opts.filter)
  const res = groups.map((g) => {
    // by name: a group matched by case names is a filtered copy, not an element of `all`
    const rows = runGroupIsolated(
      g,
      all.findIndex((x) => x.name === g.name),
      node,
      opts,
    )
    process.stderr.write(`bench (${node === process.execPath ? "this node" : node}): ${g.name} done\n`)
    return {
      name: g.name,
      rows: rows.map((r) => ({
        impl: r.c.impl,
        values: r.values.map((v) => (Number.isNaN(v) ? null : v)),
        ...(r.error !== undefined ? { error: r.error } : {}),
      })),
    }
  })
  writeFileSync(out, JSON.stringify(res))
}

/** Runs {@link runNode} in a child process and resolves to its groups' rows. */
function runNodeChild(bin: string, opts: Options): Promise<{ name: string; rows: ChildRow[] }[]> {
  const out = join(tmpdir(), `pollable-bench-node-${process.pid}-${Math.random().toString(36).slice(2)}.json`)
  const args = [
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    "--node-run",
    bin,
    "--out",
    out,
    ...(opts.filter !== undefined ? ["--filter", opts.filter] : []),
  ]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "inherit"], env: process.env })
    child.on("error", reject)
    child.on("exit", (code) => {
      try {
        if (code !== 0) throw new Error(`bench: the run on ${bin} failed (exit ${code})`)
        resolve(JSON.parse(readFileSync(out, "utf8")) as { name: string; rows: ChildRow[] }[])
      } catch (e) {
        reject(e)
      } finally {
        rmSync(out, { force: true })
      }
    })
  })
}

const num = (v: number | undefined): number | null => (v === undefined || Number.isNaN(v) ? null : v)

/** The rows of results.json for one Node version. */
function jsonRows(results: readonly GroupResult[], node: string): unknown[] {
  return results.flatMap(({ group, rows, goals }) =>
    rows.map((r) => {
      const gs = goals.filter((x) => x.impl === r.c.impl)
      const unit = unitOf(group)
      return {
        case: group.name,
        impl: r.c.impl,
        node,
        ns_per_op: unit === "ns" ? num(r.value) : null,
        ...(unit === "bytes" ? { bytes_per_task: num(r.value) } : {}),
        ...(unit === "ms" ? { ms: num(r.value) } : {}),
        ratio: num(r.ratio),
        ratio_min: num(r.ratioMin),
        ratio_max: num(r.ratioMax),
        goal: gs.length === 0 ? null : gs.map((x) => `≤ ${x.maxRatio}× ${x.versus}`).join("; "),
        met: gs.length === 0 ? null : gs.every((x) => x.met),
        ...(gs.length > 0
          ? {
              goals: gs.map((x) => ({
                max_ratio: x.maxRatio,
                versus: x.versus,
                ratio: x.ratio,
                min: num(x.min),
                max: num(x.max),
                met: x.met,
              })),
            }
          : {}),
        baseline: r.c.baseline === true,
        floor: r.c.impl.startsWith("floor"),
        rounds: r.values.length,
        values: r.values.map((v) => num(v)),
        ...(r.error !== undefined ? { error: r.error } : {}),
      }
    }),
  )
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const gi = argv.indexOf("--group")
  const at = (flag: string): string => argv[argv.indexOf(flag) + 1]!
  if (gi >= 0)
    return runOneGroup(
      Number(argv[gi + 1]),
      at("--out"),
      Number(at("--rounds")),
      Number(at("--min-time")),
      argv.includes("--filter") ? at("--filter") : undefined,
    )
  const ni = argv.indexOf("--node-run")
  if (ni >= 0) {
    const opts = parseArgs(
      argv.filter(
        (a, i) => !(a === "--node-run" || a === "--out" || argv[i - 1] === "--node-run" || argv[i - 1] === "--out"),
      ),
    )
    return runNode(argv[ni + 1]!, at("--out"), opts)
  }
  const opts = parseArgs(argv)
  if (typeof (globalThis as { gc?: unknown }).gc !== "function") {
    console.warn("bench: run with --expose-gc (npm run bench does) for exact memory numbers")
  }
  const core = import.meta.resolve("@pollable/core")
  const onDist = core.includes("/dist/")
  if (!onDist && !QUICK)
    console.warn(
      `bench: @pollable/core resolves to ${core}, not the built dist; run \`npm run bench\` (it builds first)`,
    )
  const files = await discover()
  const groups = applyFilter(
    files.flatMap((f) => f.groups),
    opts.filter,
  )
  if (groups.length === 0) {
    console.error(`bench: no group or case matches --filter ${opts.filter}`)
    process.exit(2)
  }
  const nodes: { label: string; bin: string; version: string }[] = [
    { label: `node ${process.version}`, bin: process.execPath, version: process.version },
  ]
  if (opts.node24) {
    const bin = node24Binary()
    if (bin === undefined) console.warn("bench: Node 24 unavailable (tools/matrix install failed); Node 20 only")
    else
      nodes.push({
        label: `node ${spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim()}`,
        bin,
        version: spawnSync(bin, ["--version"], { encoding: "utf8" }).stdout.trim(),
      })
  }
  const how = QUICK
    ? "BENCH_QUICK (smoke sizes, numbers meaningless)"
    : `${opts.rounds} rounds × ≥${opts.minTimeNs / 1e6} ms per case, each group over ${PROCESSES} fresh processes, ` +
      `${onDist ? "built dist" : "sources"}; ratio = median over rounds of case ÷ baseline in the same round`
  const json: unknown[] = []
  const md: string[] = []
  const svgs: string[] = []
  const summary: { key: string; goal: string; byNode: Map<string, GoalResult> }[] = []
  // A full run measures each group in a fresh process, so JIT feedback and heap state left by
  // earlier groups (a 256 MiB transfer, 1e5 pending tasks) cannot skew later ones. The Node
  // versions run side by side only with cores to spare: each process also runs V8's parallel
  // GC threads, and two of them on two cores slow each other's collections, which the
  // allocation-heavy groups (R, G2) then read as noise.
  const inProcess = QUICK || process.env.BENCH_IN_PROCESS === "1"
  const sideBySide = availableParallelism() >= 4
  const raw: { name: string; rows: ChildRow[] }[][] = []
  if (!inProcess && sideBySide) raw.push(...(await Promise.all(nodes.map((n) => runNodeChild(n.bin, opts)))))
  else if (!inProcess) for (const n of nodes) raw.push(await runNodeChild(n.bin, opts))
  for (const [k, node] of nodes.entries()) {
    const meta = `${node.label}, ${process.platform}/${process.arch}, ${how}`
    console.log(`pollable bench — ${meta}\n`)
    const results: GroupResult[] = []
    for (const g of groups) {
      let rows: Row[]
      if (inProcess) rows = await runGroup(g, opts)
      else {
        const got = raw[k]!.find((x) => x.name === g.name)?.rows ?? []
        rows = summarize(
          g,
          g.cases.map((c) => {
            const x = got.find((r) => r.impl === c.impl)
            return {
              group: g,
              c,
              values: (x?.values ?? []).map((v) => v ?? Number.NaN),
              value: NaN,
              ratio: NaN,
              ...(x?.error !== undefined ? { error: x.error } : {}),
            }
          }),
        )
      }
      const goals = goalsOf(g, rows)
      results.push({ group: g, rows, goals })
      console.log(`${formatTable(g, rows, goals)}\n`)
      for (const x of goals) {
        const key = `${x.group} | ${x.impl} ≤ ${x.maxRatio}× ${x.versus}`
        let s = summary.find((e) => e.key === key)
        if (s === undefined)
          summary.push((s = { key, goal: `${x.impl} ≤ ${x.maxRatio}× ${x.versus} (${x.group})`, byNode: new Map() }))
        s.byNode.set(node.version, x)
      }
    }
    json.push(...jsonRows(results, node.version))
    md.push(renderMarkdown(results, meta))
    svgs.push(renderSvg(results, `pollable benchmarks, ${node.label}`))
  }
  const allGoals = summary.flatMap((s) => [...s.byNode.values()])
  const met = allGoals.filter((x) => x.met).length
  console.log(`goals (median paired ratio, min–max over rounds): ${met} met, ${allGoals.length - met} missed`)
  for (const s of summary) {
    const cells = nodes.map((n) => {
      const x = s.byNode.get(n.version)
      return x === undefined
        ? `${n.label}: -`
        : `${n.label}: ${x.ratio.toFixed(2)}× ` +
            `[${x.min?.toFixed(2) ?? "?"}–${x.max?.toFixed(2) ?? "?"}] ${x.met ? "met" : "MISSED"}`
    })
    console.log(`  ${s.goal}\n      ${cells.join("   ")}`)
  }
  if (opts.filter !== undefined || QUICK) {
    console.log("(partial or quick run: bench/results.* not written)")
    return
  }
  writeFileSync(join(here, "results.json"), `${JSON.stringify(json, null, 2)}\n`)
  writeFileSync(join(here, "results-goals.md"), renderGoals(summary, nodes, how))
  writeFileSync(join(here, "results.md"), md.join("\n"))
  // tables are written unpadded: format them as the linter expects (`npm run lint`)
  spawnSync("npx", ["biome", "format", "--write", "results-goals.md", "results.md"], { cwd: here, stdio: "ignore" })
  writeFileSync(join(here, "results.svg"), svgs[0]!)
  if (svgs[1] !== undefined) writeFileSync(join(here, "results-node24.svg"), svgs[1])
  console.log(
    `wrote bench/results.json, bench/results.md, ` +
      `bench/results.svg${svgs[1] !== undefined ? ", bench/results-node24.svg" : ""}`,
  )
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
