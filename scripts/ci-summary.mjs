// Prints vitest's JSON report as one plain line: "N passed, N failed, N skipped", preceded by
// the name and first message line of every failed test, so a CI log's tail says what broke.
import { existsSync, readFileSync } from "node:fs"
import { relative } from "node:path"

const file = process.argv[2] ?? ".vitest-results.json"
if (!existsSync(file)) {
  console.log("tests: 0 passed, 1 failed (no vitest report was written)")
  process.exit(1)
}
const r = JSON.parse(readFileSync(file, "utf8"))
const lines = []
let unloaded = 0
for (const suite of r.testResults ?? []) {
  const where = relative(process.cwd(), suite.name ?? "")
  const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === "failed")
  for (const t of failedTests) {
    const first = String(t.failureMessages?.[0] ?? "")
      .split("\n")[0]
      .slice(0, 300)
    lines.push(`failed: ${where} > ${t.fullName ?? t.title}\n        ${first}`)
  }
  if (failedTests.length === 0 && suite.status === "failed") {
    unloaded++
    lines.push(
      `failed: ${where} (file did not load)\n        ${String(suite.message ?? "")
        .split("\n")[0]
        .slice(0, 300)}`,
    )
  }
}
const passed = r.numPassedTests ?? 0
// a file that fails to load has no failed test but a failed suite: count it once
// (numFailedTestSuites also counts each describe block holding a failed test, so it is not used)
const failed = (r.numFailedTests ?? 0) + unloaded
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
if (lines.length > 0) console.log(lines.join("\n"))
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
