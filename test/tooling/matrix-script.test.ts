// scripts/matrix.mjs (`npm run test:matrix`): a runtime that cannot start prints why — in
// full, with the fix — and the exit status says so. Only the cheap paths run here (nothing
// is launched); the real matrix runs in .ci/run.
import { spawnSync } from "node:child_process"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")

const matrix = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(root, "scripts/matrix.mjs"), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  })

describe("npm run test:matrix when a runtime cannot start", () => {
  it("prints the whole reason and the fix for a missing chromium, and exits non-zero", () => {
    const r = matrix(["chromium"], { CHROMIUM_PATH: "/nonexistent/chromium" })
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/^chromium\s+cannot start\s+0\s+0\s+0\s+0\.0$/m)
    expect(r.stdout).toContain(
      "chromium: cannot start: no chromium binary at /nonexistent/chromium " +
        "(apt-get install -y chromium, or set CHROMIUM_PATH)",
    )
    expect(r.stdout).toContain("matrix: 0 passed, 1 failed")
  })

  it("names the runtimes it knows when asked for an unknown one, and exits non-zero", () => {
    const r = matrix(["node21"])
    expect(r.status).toBe(1)
    expect(r.stdout).toContain("node21: unknown runtime; known: node20, node24, bun, deno, chromium")
  })
})
