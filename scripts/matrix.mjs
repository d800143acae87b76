// `npm run test:matrix [-- runtimes...]`: runs the runtime-neutral suites (test/matrix,
// test/conformance) on Node 20 (system), Node 24 (npm `node`), Bun, Deno and Chromium
// (vitest browser mode on Debian's chromium), then prints one table row per runtime.
// Exit status is non-zero if any selected runtime failed or could not start.
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const bin = (p) => join(root, p)
const vitest = bin("node_modules/vitest/vitest.mjs")
const suites = ["test/matrix", "test/conformance"]
const outDir = bin("node_modules/.cache/matrix")
mkdirSync(outDir, { recursive: true })

const systemNode = existsSync("/usr/bin/node") ? "/usr/bin/node" : process.execPath
const node24 = bin("tools/matrix/node_modules/.bin/node")

function ensureNode24() {
  if (existsSync(node24)) return null
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", bin("tools/matrix")], { stdio: "inherit" })
  return r.status === 0 && existsSync(node24) ? null : "npm ci in tools/matrix failed (node@24 package)"
}

const runtimes = {
  node20: { cmd: systemNode, args: [vitest, "run", ...suites], check: () => null },
  node24: { cmd: node24, args: [vitest, "run", ...suites], check: ensureNode24 },
  bun: { cmd: bin("node_modules/.bin/bun"), args: ["--bun", vitest, "run", ...suites], check: () => null },
  deno: { cmd: bin("node_modules/.bin/deno"), args: ["run", "-A", vitest, "run", ...suites], check: () => null },
  chromium: {
    cmd: systemNode,
    args: [vitest, "run", "--config", "vitest.browser.config.ts"],
    check: () => {
      const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
      return existsSync(path) ? null : `no chromium binary at ${path} (apt-get install -y chromium, or set CHROMIUM_PATH)`
    },
  },
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"))
const selected = wanted.length > 0 ? wanted : Object.keys(runtimes)
const rows = []
for (const name of selected) {
  const rt = runtimes[name]
  if (rt === undefined) {
    rows.push({ name, status: "unknown runtime", why: `unknown runtime; known: ${Object.keys(runtimes).join(", ")}`, passed: 0, failed: 0, ms: 0 })
    continue
  }
  const why = rt.check()
  if (why !== null) {
    rows.push({ name, status: "cannot start", why: `cannot start: ${why}`, passed: 0, failed: 0, ms: 0 })
    continue
  }
  const report = join(outDir, `${name}.json`)
  rmSync(report, { force: true })
  const t0 = Date.now()
  const r = spawnSync(rt.cmd, [...rt.args, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, POLLABLE_MATRIX_RUNTIME: name === "chromium" ? "" : name },
  })
  const ms = Date.now() - t0
  let passed = 0
  let failed = 0
  if (existsSync(report)) {
    const j = JSON.parse(readFileSync(report, "utf8"))
    passed = j.numPassedTests ?? 0
    failed = Math.max(j.numFailedTests ?? 0, j.numFailedTestSuites ?? 0)
  }
  const status = r.error ? "cannot start" : r.status === 0 && failed === 0 ? "ok" : `failed (exit ${r.status ?? r.signal})`
  rows.push({ name, status, why: r.error ? `cannot start: ${r.error.message}` : undefined, passed, failed, ms })
}

console.log("\ncross-runtime matrix")
console.log("runtime   status                         passed  failed  seconds")
for (const r of rows) {
  console.log(
    `${r.name.padEnd(9)} ${r.status.padEnd(30).slice(0, 30)} ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${(r.ms / 1000).toFixed(1).padStart(7)}`,
  )
}
// the reasons in full, below the table (a table cell would cut them)
for (const r of rows) if (r.why !== undefined) console.log(`${r.name}: ${r.why}`)
const bad = rows.filter((r) => r.status !== "ok")
console.log(`matrix: ${rows.length - bad.length} passed, ${bad.length} failed`)
process.exit(bad.length === 0 ? 0 : 1)
