// Prints vitest's JSON report as one plain line: "N passed, N failed, N skipped".
import { existsSync, readFileSync } from "node:fs"

const file = process.argv[2] ?? ".vitest-results.json"
if (!existsSync(file)) {
  console.log("tests: 0 passed, 1 failed (no vitest report was written)")
  process.exit(1)
}
const r = JSON.parse(readFileSync(file, "utf8"))
const passed = r.numPassedTests ?? 0
// a file that fails to load has no failed test but a failed suite: count it once
const failed = Math.max(r.numFailedTests ?? 0, r.numFailedTestSuites ?? 0)
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
