/**
 * The built packages keep class names: esbuild renames a class it has to hoist (`_EffectDefect`)
 * unless tsup's `keepNames` is on, and error names, executor descriptions and future labels
 * read them. Tests run on sources and never see the rename, so this one builds the four
 * packages with the real tsup.config.ts (JavaScript only, into a scratch node_modules) and
 * imports the built files in a plain Node process.
 */
import { execFileSync } from "node:child_process"
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { build, type Options } from "tsup"
import { beforeAll, describe, expect, it } from "vitest"
import configs from "../../tsup.config.js"

const root = resolve(import.meta.dirname, "../..")
// inside the repository, so `rxjs` and `effect` resolve from its node_modules
const scratch = join(root, "node_modules", ".cache", "pollable-keep-names")
const packages = ["core", "adapter-native", "adapter-rxjs", "adapter-effect"]

let report: Record<string, { name: string; tag?: string }>

beforeAll(async () => {
  rmSync(scratch, { recursive: true, force: true })
  for (const config of configs as Options[]) {
    const pkg = packages.find((p) => config.outDir === `packages/${p}/dist`)!
    const dir = join(scratch, "node_modules", "@pollable", pkg)
    mkdirSync(dir, { recursive: true })
    copyFileSync(join(root, "packages", pkg, "package.json"), join(dir, "package.json"))
    const entry = Object.fromEntries(
      Object.entries(config.entry as Record<string, string>).map(([k, v]) => [k, join(root, v)]),
    )
    await build({
      ...config,
      entry,
      outDir: join(dir, "dist"),
      dts: false,
      sourcemap: false,
      silent: true,
      config: false,
      tsconfig: join(root, "tsconfig.build.json"),
    })
  }
  // every exported class, with its runtime name (and, for errors, an instance's _tag)
  const probe = join(scratch, "probe.mjs")
  const specs = packages
    .map((p) => `@pollable/${p}`)
    .concat(
      "@pollable/core/testing",
      "@pollable/core/adapter",
      "@pollable/adapter-native/io",
      "@pollable/adapter-native/blocking",
    )
  writeFileSync(
    probe,
    `const out = {}
for (const spec of ${JSON.stringify(specs)}) {
  const mod = await import(spec)
  for (const [key, value] of Object.entries(mod)) {
    if (typeof value !== "function" || !/^class\\b/.test(Function.prototype.toString.call(value))) continue
    const entry = { name: value.name }
    if (value.prototype instanceof Error) {
      try {
        const instance = new value("x", "y", "z")
        entry.tag = instance._tag
        entry.errorName = instance.name
      } catch {}
    }
    out[spec + " " + key] = entry
  }
}
console.log(JSON.stringify(out))`,
  )
  report = JSON.parse(execFileSync(process.execPath, [probe], { cwd: scratch, encoding: "utf8" }))
}, 240_000)

describe("built packages", () => {
  it("keep every exported class's name (tsup keepNames)", () => {
    const keys = Object.keys(report)
    expect(keys).toEqual(
      expect.arrayContaining([
        "@pollable/adapter-effect EffectDefect",
        "@pollable/adapter-effect EffectExecutor",
        "@pollable/core TimeoutError",
      ]),
    )
    const renamed = Object.entries(report)
      .filter(([key, { name }]) => key.slice(key.lastIndexOf(" ") + 1) !== name)
      .map(([key, { name }]) => `${key} is named ${name}`)
    expect(renamed).toEqual([])
  })
  it("errors keep their _tag and name", () => {
    expect(report["@pollable/adapter-effect EffectDefect"]).toMatchObject({
      name: "EffectDefect",
      tag: "EffectDefect",
      errorName: "EffectDefect",
    })
    expect(report["@pollable/core TimeoutError"]).toMatchObject({ tag: "TimeoutError", errorName: "TimeoutError" })
  })
})
