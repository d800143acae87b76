/**
 * The lifecycle constants (RUNNING, COMPLETED, CANCELLED) live in their own module; the build
 * must fold them into the modules that use them, so every future's poll compares its `state`
 * with a literal rather than reading a module variable. esbuild does that only with syntax
 * minification, so this test builds core with the real tsup.config.ts (JavaScript only, into a
 * scratch folder) and reads the output.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs"
import { join, resolve } from "node:path"
import { build, type Options } from "tsup"
import { beforeAll, describe, expect, it } from "vitest"
import configs from "../../tsup.config.js"

const root = resolve(import.meta.dirname, "../..")
const scratch = join(root, "node_modules", ".cache", "pollable-inlined-constants")

let js = ""

beforeAll(async () => {
  rmSync(scratch, { recursive: true, force: true })
  const config = (configs as Options[]).find((c) => c.outDir === "packages/core/dist" && c.dts !== false)!
  const entry = Object.fromEntries(
    Object.entries(config.entry as Record<string, string>).map(([k, v]) => [k, join(root, v)]),
  )
  await build({
    ...config,
    entry,
    outDir: scratch,
    dts: false,
    sourcemap: false,
    silent: true,
    config: false,
    clean: true,
    tsconfig: join(root, "tsconfig.build.json"),
  })
  js = readdirSync(scratch)
    .filter((f) => f.endsWith(".js"))
    .map((f) => readFileSync(join(scratch, f), "utf8"))
    .join("\n")
}, 120_000)

describe("built core", () => {
  it("compares a future's state with literals, never with a lifecycle constant by name", () => {
    expect(js).toContain("this.state !== 0")
    expect(js.match(/\bstate\s*[!=]==?\s*(RUNNING|COMPLETED|CANCELLED)\b/g) ?? []).toEqual([])
  })
})
