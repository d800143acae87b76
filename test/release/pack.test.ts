import { execFileSync } from "node:child_process"
import { existsSync, readFileSync, readdirSync } from "node:fs"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { exportTargets } from "./export-targets.js"

const root = resolve(import.meta.dirname, "../..")
const packages = readdirSync(join(root, "packages"))

interface PackFile {
  path: string
}

/** The file list `npm pack --dry-run` would publish. */
function packList(dir: string): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: dir, encoding: "utf8" })
  const [info] = JSON.parse(out) as [{ files: PackFile[] }]
  return info.files.map((f) => f.path)
}

describe("release configuration", () => {
  it("ships an MIT licence text at the root and in every package (package.json says MIT)", () => {
    for (const dir of [root, ...packages.map((p) => join(root, "packages", p))]) {
      const file = join(dir, "LICENSE")
      expect(existsSync(file), `${file} exists`).toBe(true)
      expect(readFileSync(file, "utf8")).toMatch(/^MIT License\n/)
    }
  })

  it("changesets releases the four packages in one fixed version group", () => {
    const config = JSON.parse(readFileSync(join(root, ".changeset/config.json"), "utf8"))
    const names = packages.map(
      (p) => JSON.parse(readFileSync(join(root, "packages", p, "package.json"), "utf8")).name as string,
    )
    expect(names).toHaveLength(4)
    expect(config.fixed).toHaveLength(1)
    expect([...config.fixed[0]].sort()).toEqual([...names].sort())
    expect(config.access).toBe("public")
  })
})

describe.each(packages)("package @pollable/%s is publishable", (name) => {
  const dir = join(root, "packages", name)
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))

  it("declares the release metadata users and bundlers rely on", () => {
    expect(pkg.name).toBe(`@pollable/${name}`)
    expect(pkg.type).toBe("module")
    expect(pkg.sideEffects).toBe(false)
    expect(pkg.engines?.node).toBe(">=20")
    expect(pkg.license).toBe("MIT")
    expect(pkg.files).toEqual(expect.arrayContaining(["dist", "README.md"]))
  })

  it(
    "every export offers `types` then `default` " +
      "(after the source condition), so import and require() both resolve",
    () => {
      for (const [sub, entry] of Object.entries(pkg.exports as Record<string, unknown>)) {
        if (typeof entry === "string") continue
        const keys = Object.keys(entry as object)
        // an `import`-only map makes require() fail with ERR_PACKAGE_PATH_NOT_EXPORTED
        expect(keys, `${sub}`).not.toContain("import")
        expect(
          keys.filter((k) => k !== "@pollable/source"),
          `${sub}`,
        ).toEqual(["types", "default"])
      }
    },
  )

  it("adapters take core and their runtime as peer dependencies, core has no dependencies", () => {
    if (name === "core") {
      expect(pkg.dependencies ?? {}).toEqual({})
      // only optional peers (the OpenTelemetry API its tracing bridge accepts): nothing is installed with core
      const meta = (pkg as { peerDependenciesMeta?: Record<string, { optional?: boolean }> }).peerDependenciesMeta ?? {}
      for (const peer of Object.keys(pkg.peerDependencies ?? {})) expect(meta[peer]?.optional, peer).toBe(true)
    } else {
      expect(Object.keys(pkg.peerDependencies)).toContain("@pollable/core")
      if (name === "adapter-rxjs") expect(Object.keys(pkg.peerDependencies)).toContain("rxjs")
      if (name === "adapter-effect") expect(Object.keys(pkg.peerDependencies)).toContain("effect")
      expect(Object.keys(pkg.dependencies ?? {})).not.toContain("@pollable/core")
    }
  })

  it("npm pack ships README, package.json and every file the export maps point at, and no tests", () => {
    const files = packList(dir)
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE", "src/index.ts"]))
    expect(files.some((f) => /(^|\/)test\//.test(f) || f.endsWith(".test.ts"))).toBe(false)
    const built = existsSync(join(dir, "dist"))
    for (const t of exportTargets(pkg)) {
      const rel = t.replace(/^\.\//, "")
      if (rel.startsWith("dist/") && !built) continue // built by `npm run build` (CI builds before testing)
      expect(files, `${t} is referenced by package.json but not packed`).toContain(rel)
    }
  })
})
