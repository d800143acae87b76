import { execFileSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")

describe("pending changesets", () => {
  it("parse, and release the four packages together at one 0.x minor version, never a major", () => {
    const dir = mkdtempSync(join(tmpdir(), "pollable-changesets-"))
    try {
      const out = join(dir, "plan.json")
      execFileSync(join(root, "node_modules/.bin/changeset"), ["status", "--output", relative(root, out)], {
        cwd: root,
        stdio: "pipe",
      })
      const plan = JSON.parse(readFileSync(out, "utf8")) as {
        releases: { name: string; type: string; newVersion: string }[]
      }
      const names = plan.releases.map((r) => r.name).sort()
      if (names.length === 0) return // nothing pending: nothing to check
      expect(names).toEqual([
        "@pollable/adapter-effect",
        "@pollable/adapter-native",
        "@pollable/adapter-rxjs",
        "@pollable/core",
      ])
      expect(plan.releases.filter((r) => r.type === "major")).toEqual([])
      expect(new Set(plan.releases.map((r) => r.newVersion)).size).toBe(1)
      expect(plan.releases[0]!.newVersion).toMatch(/^0\./)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
