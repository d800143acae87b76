// The export condition also selects the executor in a bundle: Vite's `resolve.conditions:
// ["pollable-rxjs"]` (the README's bundler instruction) bakes the choice into the output, with
// no flag at run time. Builds a one-line entry with Vite, then runs the bundle.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { build, type Rollup } from "vite"
import { afterAll, afterEach, describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../../..")
const cache = join(root, "node_modules", ".cache")
mkdirSync(cache, { recursive: true })
const work = mkdtempSync(join(cache, "pollable-bundle-"))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const saved = process.env.POLLABLE_EXECUTOR
afterEach(() => {
  if (saved === undefined) delete process.env.POLLABLE_EXECUTOR
  else process.env.POLLABLE_EXECUTOR = saved
})

/** Bundle `selectedKind()` with the given extra resolve conditions and run the bundle. */
async function bundledSelection(extra: string[]): Promise<unknown> {
  const dir = mkdtempSync(join(work, "b-"))
  const entry = join(dir, "entry.ts")
  writeFileSync(entry, `import { selectedKind } from "@pollable/core"\nexport const selection = () => selectedKind()\n`)
  const out = (await build({
    root: dir,
    configFile: false,
    logLevel: "silent",
    // the sources condition stands in for the published dist; the rest are Vite's defaults
    resolve: { conditions: ["@pollable/source", ...extra, "module", "browser", "import", "default"] },
    build: { write: false, minify: false, lib: { entry, formats: ["es"], fileName: "bundle" } },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[]
  const chunk = (Array.isArray(out) ? out[0]! : out).output[0]
  const file = join(dir, "bundle.mjs")
  writeFileSync(file, chunk.code)
  const mod = (await import(pathToFileURL(file).href)) as { selection: () => unknown }
  delete process.env.POLLABLE_EXECUTOR
  return mod.selection()
}

describe("bundler resolve.conditions select the executor (Vite)", () => {
  it.each(["native", "rxjs", "effect"] as const)('resolve.conditions: ["pollable-%s"]', async (kind) => {
    expect(await bundledSelection([`pollable-${kind}`])).toEqual({
      kind,
      source: "export condition",
      setting: `--conditions=pollable-${kind}`,
    })
  })

  it("without a pollable-* condition the bundle falls back to native", async () => {
    expect(await bundledSelection([])).toEqual({ kind: "native", source: "default", setting: "the default (native)" })
  })
})
