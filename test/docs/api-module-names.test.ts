// The API site (`npm run docs`, typedoc) documents every public entry point, each under the
// name users import it by: the `@module` tag of the entry file names its import path.
import { readFileSync, readdirSync } from "node:fs"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")
const typedoc = JSON.parse(readFileSync(join(root, "typedoc.json"), "utf8")) as { entryPoints: string[] }

/** Every public entry point: its import path and its source file, from each package's exports map. */
const entries = readdirSync(join(root, "packages")).flatMap((dir) => {
  const pkg = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8")) as {
    name: string
    exports: Record<string, unknown>
  }
  return Object.entries(pkg.exports).flatMap(([sub, target]) => {
    const source = (target as { "@pollable/source"?: string })["@pollable/source"]
    if (source === undefined) return [] // ./package.json
    return [{ importPath: `${pkg.name}${sub.slice(1)}`, file: join("packages", dir, source) }]
  })
})

describe("the API site", () => {
  it("documents every public entry point", () => {
    expect([...typedoc.entryPoints].sort()).toEqual(entries.map((e) => e.file).sort())
  })

  it.each(entries)("names the module of $file by its import path, $importPath", ({ importPath, file }) => {
    const head = readFileSync(join(root, file), "utf8").split("*/")[0] ?? ""
    // typedoc reads an unescaped `@pollable` as a tag of its own, hence the backslash
    expect(head).toContain(`@module \\${importPath}\n`)
  })
})
