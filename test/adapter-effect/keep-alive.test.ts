import { expect, it } from "vitest"
import { Effect, Fiber } from "effect"
import { fromCallback } from "@pollable/core"
import { toEffect } from "@pollable/adapter-effect"

// Node lists the resources that keep the event loop alive; an unref'd timer is not one.
const holding = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length

// Other runtimes of the test matrix may lack the Node API; the keep-alive counter is covered in to-effect.test.ts.
const nodeOnly = typeof process.getActiveResourcesInfo !== "function"

const unrefTimer = (ms: number) =>
  fromCallback<string>((resolve) => {
    const t = setTimeout(() => resolve("done"), ms)
    t.unref()
    return () => clearTimeout(t)
  })

it.skipIf(nodeOnly)("the process stays alive while a pollable future is pending inside an Effect program", async () => {
  const base = holding()
  const fiber = Effect.runFork(toEffect(() => unrefTimer(20)))
  await new Promise((r) => setImmediate(r))
  expect(holding()).toBe(base + 1) // the future's own timer is unref'd: only the keep-alive holds
  expect(await Effect.runPromise(Fiber.join(fiber))).toBe("done")
  expect(holding()).toBe(base)
})

it.skipIf(nodeOnly)("keepAlive: false leaves the event loop to the future's own sources", async () => {
  const base = holding()
  const fiber = Effect.runFork(toEffect(() => unrefTimer(5), { keepAlive: false }))
  await new Promise((r) => setImmediate(r))
  expect(holding()).toBe(base)
  expect(await Effect.runPromise(Fiber.join(fiber))).toBe("done")
})
