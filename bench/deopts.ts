// `npm run bench:deopts [-- <group name prefix>]` — looks for deoptimization loops in
// pollable's built code: runs every time group's cases for a while in one process under
// `--trace-deopt`, on Node 20 and on Node 24 (as `npm run bench` finds it), and lists each
// piece of optimized code in packages/*/dist that was deoptimized again and again. A loop
// like that usually means a long loop compiled while it ran (on-stack replacement) with code
// after it that had not run yet: every later call deoptimizes at that spot. Exits 1 when it
// finds one.
import { spawnSync } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { discover, node24Binary } from "./run.js"

const here = dirname(fileURLToPath(import.meta.url))
/** The same code deoptimized more often than this is a loop, not warm-up. */
const LOOP = 20

if (process.argv[2] === "--child") {
  const prefix = process.argv[3]
  for (const { groups } of await discover()) {
    for (const g of groups) {
      if (g.kind === "memory" || g.kind === "custom") continue
      if (prefix !== undefined && !g.name.startsWith(prefix)) continue
      for (const c of g.cases) {
        const start = performance.now()
        for (let n = 0; n < 200 && performance.now() - start < 300; n++) await c.fn()
      }
      process.stderr.write(`deopts: ran ${g.name}\n`)
    }
  }
  process.exit(0)
}

/** Runs the cases on `node` under --trace-deopt; counts bailouts per piece of pollable's code. */
function deoptsOn(node: string): Map<string, number> {
  const r = spawnSync(
    node,
    ["--trace-deopt-verbose", ...process.execArgv, fileURLToPath(import.meta.url), "--child", ...process.argv.slice(2)],
    { cwd: join(here, ".."), encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "inherit"] },
  )
  if (r.status !== 0) {
    console.error(`bench:deopts: the run on ${node} failed (exit ${r.status})`)
    process.exit(2)
  }
  // each bailout names the code (`opt id`) and, two or three lines later, where it deoptimized
  const counts = new Map<string, number>()
  const lines = r.stdout.split("\n")
  for (let i = 0; i < lines.length; i++) {
    const id = /opt id (\d+)/.exec(lines[i]!)
    if (id === null || !lines[i]!.includes("bailout")) continue
    const at = lines
      .slice(i + 1, i + 4)
      .map((l) => /;;; deoptimize at <(.*)>/.exec(l)?.[1])
      .find((x) => x !== undefined)
    if (at === undefined || !/packages\/[^/]+\/dist\//.test(at)) continue
    const key = `${at} (opt id ${id[1]})`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

const nodes = [process.execPath, node24Binary()].filter((n): n is string => n !== undefined)
const loops: [string, number][] = []
for (const node of nodes) {
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim()
  for (const [at, n] of deoptsOn(node)) if (n > LOOP) loops.push([`node ${version}: ${at}`, n])
}
loops.sort((a, b) => b[1] - a[1])
if (loops.length === 0) {
  console.log(
    `bench:deopts: no code in packages/*/dist deoptimized more than ${LOOP} times (${nodes.length} Node versions)`,
  )
  process.exit(0)
}
for (const [at, n] of loops) console.log(`${String(n).padStart(5)} deopts  ${at}`)
process.exit(1)
