// Which JavaScript runtime runs this test file, and the few runtime-specific tools the
// suite needs. A test that cannot run on this runtime is registered as skipped with the
// reason in its title and printed once, so a runtime's test count explains itself.
// This file is browser-safe; node-runtime.ts holds the helpers that need Node's APIs.
import { it } from "vitest"

type Runtime = "node" | "bun" | "deno" | "browser"
type Globals = { Bun?: unknown; Deno?: unknown; window?: unknown; setImmediate?: (fn: () => void) => void }
const g = globalThis as Globals

/** The runtime executing this file. */
const runtime: Runtime =
  g.Bun !== undefined ? "bun" : g.Deno !== undefined ? "deno" : g.window !== undefined ? "browser" : "node"

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
export const skipOn = (reasons: Partial<Record<Runtime, string>>): string | undefined => reasons[runtime]

/** Why a test that uses the host's `setImmediate` cannot run here (browsers have none), if it cannot. */
export const noSetImmediate: string | undefined =
  typeof g.setImmediate === "function" ? undefined : "uses setImmediate, which browsers do not have"

/** Why a test that uses Node's `Buffer` cannot run here (browsers have none), if it cannot. */
export const noBuffer: string | undefined =
  typeof (globalThis as { Buffer?: unknown }).Buffer === "function"
    ? undefined
    : "uses Node's Buffer, which browsers do not have"

/** Why a test that reads `process.memoryUsage()` cannot run here, if it cannot. */
export const noMemoryUsage: string | undefined =
  typeof (globalThis as { process?: { memoryUsage?: unknown } }).process?.memoryUsage === "function"
    ? undefined
    : "reads process.memoryUsage(), which browsers do not have"

/** One host macrotask: `setImmediate` where the host has it, else `setTimeout(0)` (browsers). */
export const macrotask = (): Promise<void> =>
  new Promise((resolve) => (g.setImmediate !== undefined ? g.setImmediate(resolve) : setTimeout(resolve, 0)))
