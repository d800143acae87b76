/**
 * Rule 3's message names the future that was polled after it ended: map() as map (not
 * andThen), a wrapped hand-written future by its class name, and timeout's TimeoutError the
 * inner future by its class name (never "[object Object]").
 */
import { describe, expect, it } from "vitest"
import { Pending, catchError, map, ready, timeout, wrap, type Future } from "@pollable/core"
import { contextOf } from "@pollable/core/testing"
import { runToEnd as run } from "../../support/probe.js"

describe("labels name the real combinator (rule 3)", () => {
  it("map reports itself as map after it completed, andThen as andThen", () => {
    const ctx = contextOf()
    const m = map(ready(1), (x) => x + 1)
    expect(m.poll(ctx)).toBe(2)
    expect(() => m.poll(ctx)).toThrow(/^map\(\) was polled after it completed/)
  })
  it("a wrapped hand-written future is named by its class; an object literal as a future", () => {
    class Flag implements Future<void> {
      poll(): void {}
      cancel(): void {}
    }
    const w = wrap(new Flag())
    w.poll(contextOf())
    expect(() => w.poll(contextOf())).toThrow(/^Flag was polled after it completed/)
    const lit = wrap({ poll: () => 1, cancel() {} })
    lit.poll(contextOf())
    expect(() => lit.poll(contextOf())).toThrow(/^wrap\(future\) was polled after it completed/)
    expect(String(catchError(new Flag(), () => ready(undefined)))).toBe("catchError(Flag)")
  })
  it("timeout names a hand-written future by its class", () => {
    const never = { poll: () => Pending, cancel() {} }
    class Stuck {
      poll() {
        return Pending
      }
      cancel() {}
    }
    expect(run(timeout(new Stuck() as Future<never, never>, 1))).toMatchObject({
      error: { message: expect.stringMatching(/^Stuck did not finish/) },
    })
    expect(run(timeout(never as Future<never, never>, 1))).toMatchObject({
      error: { message: expect.stringMatching(/^future did not finish/) },
    })
  })
})

describe("a future whose toString throws", () => {
  it("is still named (as future) in timeout's message: the message never becomes another failure", () => {
    const odd = {
      poll: () => Pending,
      cancel() {},
      toString(): string {
        throw new Error("no name")
      },
    }
    expect(run(timeout(odd as Future<never, never>, 1))).toMatchObject({
      error: { _tag: "TimeoutError", message: expect.stringMatching(/^future did not finish/) },
    })
  })
})
