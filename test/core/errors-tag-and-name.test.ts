import * as core from "@pollable/core"
import * as testing from "@pollable/core/testing"
import * as native from "@pollable/adapter-native"
import * as nativeIo from "@pollable/adapter-native/io"
import * as nativeBlocking from "@pollable/adapter-native/blocking"
import * as rxjs from "@pollable/adapter-rxjs"
import * as effect from "@pollable/adapter-effect"
import { describe, expect, it } from "vitest"

const { PollableError } = core

/** Every exported subclass of PollableError in the four packages (found, not listed: a new class is covered too). */
const errorClasses = (() => {
  const found = new Map<string, new (...args: any[]) => Error>()
  for (const [pkg, mod] of Object.entries({ core, testing, native, nativeIo, nativeBlocking, rxjs, effect })) {
    for (const [key, value] of Object.entries(mod as Record<string, unknown>)) {
      if (typeof value === "function" && value.prototype instanceof PollableError)
        found.set(`${pkg}.${key}`, value as never)
    }
  }
  return [...found.entries()]
})()

const instance = (C: new (...args: any[]) => Error): Error & { readonly _tag?: unknown } =>
  new C("x", "y", "z") as Error & { readonly _tag?: unknown }

describe("pollable error classes", () => {
  it("the scan finds the error classes of every package", () => {
    const names = errorClasses.map(([k]) => k)
    for (const expected of [
      "core.TimeoutError",
      "core.SemaphoreClosed",
      "testing.Stalled",
      "nativeBlocking.BlockingUnavailable",
      "rxjs.EmptyObservableError",
      "effect.EffectDefect",
    ]) {
      expect(names).toContain(expected)
    }
    expect(names.length).toBeGreaterThanOrEqual(25)
  })

  it.each(errorClasses)("%s has a _tag equal to its exported name and to error.name", (key, C) => {
    const e = instance(C)
    const exported = key.slice(key.indexOf(".") + 1)
    expect(e._tag).toBe(exported)
    expect(e.name).toBe(exported)
    expect(C.name).toBe(exported)
  })

  it.each(errorClasses)("%s prints its name once: the message does not start with it", (key, C) => {
    const e = instance(C)
    const name = key.slice(key.indexOf(".") + 1)
    expect(e.message.startsWith(`${name}:`)).toBe(false)
    expect(String(e).startsWith(`${name}: `)).toBe(true)
    expect(String(e).split(`${name}:`).length - 1).toBe(1)
    expect(e.stack?.split("\n")[0]?.startsWith(`${name}: `)).toBe(true)
  })

  it("TimeoutError prints 'TimeoutError: <what>' once and still says what to do", () => {
    const e = new core.TimeoutError(1000, "sleep(1000)")
    expect(String(e)).toBe(
      "TimeoutError: sleep(1000) did not finish within 1000 ms and was cancelled; " +
        "raise the limit or handle TimeoutError",
    )
  })

  it("a PollableError without a _tag is named after its class", () => {
    class Custom extends PollableError {}
    expect(new Custom("m").name).toBe("Custom")
    expect(new PollableError("m").name).toBe("PollableError")
  })
})
