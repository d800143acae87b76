/**
 * Issue 3, "Done when": the note says which versions were pinned and why. The README's
 * toolchain section must name every pinned tool at exactly the version package.json pins
 * (so the note cannot go stale silently) and give a reason for each.
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"

const root = new URL("../../", import.meta.url)
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as {
  devDependencies: Record<string, string>
  engines: { node: string }
}
const readme = readFileSync(new URL("README.md", root), "utf8")
const section = (() => {
  const start = readme.indexOf("\n## Toolchain")
  if (start < 0) return ""
  const end = readme.indexOf("\n## ", start + 1)
  return readme.slice(start, end < 0 ? undefined : end)
})()

const pinned = [
  "typescript",
  "vitest",
  "tsup",
  "rxjs",
  "effect",
  "fast-check",
  "mitata",
  "publint",
  "@arethetypeswrong/cli",
  "tsx",
]

describe("README toolchain note", () => {
  it("exists", () => {
    expect(section, "README.md needs a `## Toolchain` section listing pinned versions and why").not.toBe("")
  })
  it.each(pinned)("names %s at the version package.json pins, with a reason", (name) => {
    const version = pkg.devDependencies[name]
    expect(version, `${name} is a devDependency`).toBeDefined()
    const row = section.split("\n").find((l) => l.includes(`\`${name}\``))
    expect(row, `a row for \`${name}\` in the README toolchain table`).toBeDefined()
    expect(row).toContain(version!.replace(/^[\^~]/, ""))
    // | tool | version | why | — the reason column is not empty
    const cells = row!
      .split("|")
      .map((c) => c.trim())
      .filter((c) => c !== "")
    expect(cells.length).toBeGreaterThanOrEqual(3)
    expect(cells[cells.length - 1]!.length).toBeGreaterThan(10)
  })
  it("states the Node engine the library targets", () => {
    expect(section).toContain(`Node ${pkg.engines.node}`)
  })
})
