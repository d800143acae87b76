// Helpers that need Node's APIs (Node, Bun, Deno): forcing a garbage collection, and running
// a TypeScript file in a child process of the runtime under test.
import * as v8 from "node:v8"
import * as vm from "node:vm"

const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun
const deno = (globalThis as { Deno?: unknown }).Deno

/**
 * A full, synchronous garbage collection, or a string saying why this runtime offers none.
 * Node and Deno: V8's `gc()` (enabled at run time through `v8.setFlagsFromString`); Bun:
 * `Bun.gc(true)`.
 */
export function fullGc(): (() => void) | string {
  if (bun !== undefined) return () => bun.gc(true)
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
  if (bun !== undefined) return [process.execPath, [...flags, file]]
  if (deno !== undefined) return [process.execPath, ["run", "-A", "--sloppy-imports", ...flags, file]]
  return [process.execPath, [...flags, "--import", tsx, file]]
}
