// Which JavaScript runtime runs this test file, and the few runtime-specific tools the
// suite needs. A test that cannot run on this runtime is registered as skipped with the
// reason in its title and printed once, so a runtime's test count explains itself.
import * as v8 from "node:v8"
import * as vm from "node:vm"
import { it } from "vitest"

type Globals = { Bun?: { gc(force: boolean): void }; Deno?: unknown }
const g = globalThis as Globals

/** The runtime executing this file: `"node"`, `"bun"` or `"deno"`. */
export const runtime: "node" | "bun" | "deno" = g.Bun !== undefined ? "bun" : g.Deno !== undefined ? "deno" : "node"

/**
 * `it`, or — when `reason` is a string — a skipped test whose title says why, with the
 * reason printed (`reason` names what this runtime lacks, e.g. `bunOnly("...")`).
 */
export function itUnless(reason: string | undefined): typeof it {
  if (reason === undefined) return it
  const skipped = (title: string, ...rest: unknown[]) => {
    const full = `${title} — skipped on ${runtime}: ${reason}`
    console.warn(full)
    it.skip(full, ...(rest as []))
  }
  return skipped as unknown as typeof it
}

/** `reasons[runtime]`: the reason to skip on this runtime, if any. */
export const skipOn = (reasons: Partial<Record<"node" | "bun" | "deno", string>>): string | undefined => reasons[runtime]

/**
 * A full, synchronous garbage collection, or a string saying why this runtime offers none.
 * Node and Deno: V8's `gc()` (enabled at run time through `v8.setFlagsFromString`); Bun:
 * `Bun.gc(true)`.
 */
export function fullGc(): (() => void) | string {
  if (g.Bun !== undefined) {
    const bun = g.Bun
    return () => bun.gc(true)
  }
  try {
    v8.setFlagsFromString("--expose-gc")
    const gc = vm.runInNewContext("gc") as unknown
    return typeof gc === "function" ? (gc as () => void) : "gc() is not exposed in a new context"
  } catch (e) {
    return `no way to force a garbage collection (${e instanceof Error ? e.message : String(e)})`
  }
}

const tsx = new URL("../../node_modules/tsx/dist/esm/index.mjs", import.meta.url).href

/**
 * The command that runs the TypeScript file `file` on the runtime running this test, with
 * `conditions` as package export conditions: Node through `tsx`, Bun as is, Deno with
 * `--sloppy-imports` (the sources import `./x.js` for `./x.ts`).
 */
export function tsCommand(file: string, conditions: readonly string[] = []): [string, string[]] {
  const flags = conditions.map((c) => `--conditions=${c}`)
  if (runtime === "bun") return [process.execPath, [...flags, file]]
  if (runtime === "deno") return [process.execPath, ["run", "-A", "--sloppy-imports", ...flags, file]]
  return [process.execPath, [...flags, "--import", tsx, file]]
}
