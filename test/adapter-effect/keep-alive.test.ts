import { expect, it } from "vitest"
import { Effect, Fiber } from "effect"
import { fromCallback } from "@pollable/core"
import { toEffect } from "@pollable/adapter-effect"
import { itUnless } from "../support/runtime.js"
import { tsCommand } from "../support/node-runtime.js"
import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

// Node lists the resources that keep the event loop alive; an unref'd timer is not one.
const holding = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length

/**
 * Why these tests cannot run here, if they cannot: they count the event loop's timers with
 * Node's `process.getActiveResourcesInfo()`, which some runtimes lack or leave empty (the
 * keep-alive counter itself is covered in to-effect.test.ts on every runtime).
 */
function cannotCountTimers(): string | undefined {
  if (typeof process.getActiveResourcesInfo !== "function") return "no process.getActiveResourcesInfo()"
  const before = holding()
  const t = setTimeout(() => {}, 60_000)
  const listed = holding() === before + 1
  clearTimeout(t)
  return listed ? undefined : "process.getActiveResourcesInfo() does not list timers"
}
const uncountable = cannotCountTimers()

/**
 * A future whose only host source is an unref'd timer far in the future; the test ends it
 * with `fire()`, so nothing here depends on how fast the machine is.
 */
function unrefTimer() {
  const control: { started: boolean; fire: () => void } = { started: false, fire: () => {} }
  const future = fromCallback<string>((resolve) => {
    const t = setTimeout(() => resolve("done"), 600_000)
    t.unref()
    control.started = true
    control.fire = () => resolve("done")
    return () => clearTimeout(t)
  })
  return { future, control }
}

/** Wait (turn by turn, never by the clock) until the fiber has started the future. */
async function untilStarted(control: { started: boolean }): Promise<void> {
  for (let i = 0; i < 10_000 && !control.started; i++) await new Promise((r) => setImmediate(r))
  expect(control.started).toBe(true)
}

itUnless(uncountable)(
  "the process stays alive while a pollable future is pending inside an Effect program",
  async () => {
    const base = holding()
    const { future, control } = unrefTimer()
    const fiber = Effect.runFork(toEffect(() => future))
    await untilStarted(control)
    expect(holding()).toBe(base + 1) // the future's own timer is unref'd: only the keep-alive holds
    control.fire()
    expect(await Effect.runPromise(Fiber.join(fiber))).toBe("done")
    expect(holding()).toBe(base)
  },
)

itUnless(uncountable)("keepAlive: false leaves the event loop to the future's own sources", async () => {
  const base = holding()
  const { future, control } = unrefTimer()
  const fiber = Effect.runFork(toEffect(() => future, { keepAlive: false }))
  await untilStarted(control)
  expect(holding()).toBe(base)
  control.fire()
  expect(await Effect.runPromise(Fiber.join(fiber))).toBe("done")
})

// The same guarantee seen from outside, on every runtime with processes: does the process
// wait for the future, or exit under it?
const child = fileURLToPath(new URL("./fixtures/keep-alive-child.ts", import.meta.url))
const runChild = (...args: string[]) => {
  const [cmd, argv] = tsCommand(child, ["@pollable/source"])
  return spawnSync(cmd, [...argv, ...args], { encoding: "utf8", timeout: 60_000 })
}
it("a process running an Effect program stays alive until the pollable future it awaits ends", () => {
  const r = runChild()
  expect(r.stderr).toBe("")
  expect(r.stdout.trim()).toBe("done")
})

it("with keepAlive: false, the process exits while the future's only source is an unref'd timer", () => {
  const r = runChild("--no-keep-alive")
  expect(r.status).toBe(0)
  expect(r.stdout.trim()).toBe("")
})
