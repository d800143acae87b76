// `npm run test:matrix [-- runtimes...]`: runs the test suite on Node 20 (system), Node 24
// (npm `node`), Bun, Deno and Chromium (vitest browser mode on Debian's chromium), then
// prints one table row per runtime: how many tests passed, failed and were skipped, and how
// many of Node 20's passing tests also passed there — and below the table, why the others
// did not run (a file left out for a reason in scripts/test-scope.mjs, or a test that
// skipped itself and said why). Type tests run once, in `npm test`: they test the compiler,
// not the runtime. Exit status is non-zero if any selected runtime failed or could not start.
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs"
import { join, relative } from "node:path"
import { bun, deno, ensureNode24, node24, root, systemNode } from "./runtimes.mjs"
import { notInBrowser, toolingOnly } from "./test-scope.mjs"

const vitest = join(root, "node_modules/vitest/vitest.mjs")
const outDir = join(root, "node_modules/.cache/matrix")
mkdirSync(outDir, { recursive: true })

const suite = ["run", "--typecheck.enabled=false", ...Object.keys(toolingOnly).flatMap((g) => ["--exclude", g])]

const runtimes = {
  node20: { cmd: systemNode, args: [vitest, ...suite], check: () => null },
  node24: { cmd: node24, args: [vitest, ...suite], check: ensureNode24 },
  bun: { cmd: bun, args: ["--bun", vitest, ...suite], check: () => null },
  deno: { cmd: deno, args: ["run", "-A", vitest, ...suite], check: () => null },
  chromium: {
    cmd: systemNode,
    args: [vitest, "run", "--config", "vitest.browser.config.ts"],
    check: () => {
      const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
      return existsSync(path)
        ? null
        : `no chromium binary at ${path} (apt-get install -y chromium, or set CHROMIUM_PATH)`
    },
  },
}
const leftOut = {
  node20: toolingOnly,
  node24: toolingOnly,
  bun: toolingOnly,
  deno: toolingOnly,
  chromium: notInBrowser,
}

/** A test's identity across runtimes: its file and full name, without a skip reason. */
const skipMark = / — skipped( on [a-z0-9]+)?: (.*)$/
const key = (file, fullName) => `${file} > ${fullName.replace(skipMark, "")}`

/** Per test key: "passed" | "failed" | the reason it skipped itself (or "skipped"). */
function outcomes(report) {
  const map = new Map()
  for (const file of report.testResults ?? []) {
    const rel = relative(root, file.name)
    for (const t of file.assertionResults ?? []) {
      const why = skipMark.exec(t.fullName)?.[2]
      const status =
        t.status === "passed" ? "passed" : t.status === "failed" ? "failed" : (why ?? "skipped, no reason given")
      map.set(key(rel, t.fullName), { file: rel, status })
    }
  }
  return map
}

/** Our globs (`**`, `*`, `!(a|b)`) as a RegExp over a path relative to the root. */
const globRegExp = (glob) =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}[\]\\]/g, "\\$&")
      .replace(/!\(([^)]*)\)/g, (_, alts) => `(?!(?:${alts})\\b)\u0001`)
      .replace(/\*\*/g, "\u0000")
      .replace(/\*/g, "\u0001")
      .replace(/\u0000/g, ".*")
      .replace(/\u0001/g, "[^/]*")}$`,
  )
const leftOutReason = (name, file) => Object.entries(leftOut[name] ?? {}).find(([g]) => globRegExp(g).test(file))?.[1]

const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"))
const selected = wanted.length > 0 ? wanted : Object.keys(runtimes)
const rows = []
for (const name of selected) {
  const rt = runtimes[name]
  if (rt === undefined) {
    rows.push({ name, status: "unknown runtime", why: `unknown runtime; known: ${Object.keys(runtimes).join(", ")}` })
    continue
  }
  const why = rt.check()
  if (why !== null) {
    rows.push({ name, status: "cannot start", why: `cannot start: ${why}` })
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
  const tests = existsSync(report) ? outcomes(JSON.parse(readFileSync(report, "utf8"))) : new Map()
  const count = (s) => [...tests.values()].filter((t) => t.status === s).length
  const passed = count("passed")
  const failed = count("failed")
  const status = r.error
    ? "cannot start"
    : r.status === 0 && failed === 0
      ? "ok"
      : `failed (exit ${r.status ?? r.signal})`
  rows.push({
    name,
    status,
    why: r.error ? `cannot start: ${r.error.message}` : undefined,
    passed,
    failed,
    skipped: tests.size - passed - failed,
    ms,
    tests,
  })
}

// Node 20 is the reference: this run's, else the last one saved.
const baseRow = rows.find((r) => r.name === "node20" && r.tests !== undefined)
const saved = join(outDir, "node20.json")
const base = baseRow?.tests ?? (existsSync(saved) ? outcomes(JSON.parse(readFileSync(saved, "utf8"))) : undefined)
const basePassed = base === undefined ? [] : [...base].filter(([, t]) => t.status === "passed")
const num = (v, w) => String(v ?? 0).padStart(w)

console.log("\ncross-runtime matrix")
console.log("runtime   status                         passed  failed  skipped  of node20's  seconds")
for (const r of rows) {
  const of =
    base === undefined || r.tests === undefined
      ? ""
      : `${basePassed.filter(([k]) => r.tests.get(k)?.status === "passed").length}/${basePassed.length}`
  console.log(
    `${r.name.padEnd(9)} ${r.status.padEnd(30).slice(0, 30)} ${num(r.passed, 6)}  ${num(r.failed, 6)} ` +
      ` ${num(r.skipped, 7)}  ${of.padStart(11)}  ${((r.ms ?? 0) / 1000).toFixed(1).padStart(7)}`,
  )
}
if (base !== undefined && baseRow === undefined)
  console.log("(node20's column compares with the last saved Node 20 run)")

// Why a runtime ran fewer of Node 20's passing tests: grouped reasons, biggest first.
for (const r of rows) {
  if (r.tests === undefined || base === undefined || r.name === "node20") continue
  const reasons = new Map()
  for (const [k, t] of basePassed) {
    const here = r.tests.get(k)?.status
    if (here === "passed") continue
    const why =
      here === undefined
        ? (leftOutReason(r.name, t.file) ?? "not run here (no result)")
        : here === "failed"
          ? "FAILED here"
          : here
    const group = reasons.get(why) ?? { n: 0, files: new Set() }
    group.n++
    group.files.add(t.file)
    reasons.set(why, group)
  }
  if (reasons.size === 0) continue
  console.log(
    `\n${r.name}: why ${[...reasons.values()].reduce((a, g) => a + g.n, 0)} ` +
      `of node20's passing tests did not pass here`,
  )
  for (const [why, g] of [...reasons].sort((a, b) => b[1].n - a[1].n)) {
    const files = [...g.files]
    console.log(
      `  ${num(g.n, 4)}  ${why}  ` +
        `(${files.slice(0, 3).join(", ")}${files.length > 3 ? `, +${files.length - 3} files` : ""})`,
    )
  }
}
const leftEverywhere = Object.entries(toolingOnly).map(([g, why]) => `${g} (${why})`)
console.log(`\nrun by \`npm test\` on Node 20 only: ${leftEverywhere.join("; ")}`)

// the reasons in full, below the table (a table cell would cut them)
for (const r of rows) if (r.why !== undefined) console.log(`${r.name}: ${r.why}`)
const bad = rows.filter((r) => r.status !== "ok")
console.log(`matrix: ${rows.length - bad.length} passed, ${bad.length} failed`)
process.exit(bad.length === 0 ? 0 : 1)
