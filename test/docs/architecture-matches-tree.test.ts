import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")
const text = readFileSync(join(root, "ARCHITECTURE.md"), "utf8")
const coreSrc = join(root, "packages/core/src")
const folders = readdirSync(coreSrc, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
// Every `name/` written in a table cell of the folder map, e.g. `| `stream/` | … |`.
const named = [...text.matchAll(/`([a-z][a-z-]*)\/`/g)].map((m) => m[1]!)

describe("ARCHITECTURE.md matches the source tree", () => {
  it("names every folder of packages/core/src", () => {
    expect(folders.filter((f) => !text.includes(`\`${f}/\``))).toEqual([])
  })
  it("names no core folder that does not exist", () => {
    const packageFolders = new Set(["packages", "core", "adapter-native", "adapter-rxjs", "adapter-effect", "test"])
    const missing = named.filter(
      (f) => !packageFolders.has(f) && !existsSync(join(coreSrc, f)) && !existsSync(join(root, f)),
    )
    expect(missing).toEqual([])
  })
  it("names every package", () => {
    for (const p of readdirSync(join(root, "packages"))) expect(text).toContain(p)
  })
})
