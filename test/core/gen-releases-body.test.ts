// gen(body, ...args) keeps no reference to its body, arguments or futures once cancelled or ended.
import { describe, expect, it } from "vitest"
import { Pending, gen, pollFn, ready, type Pollable } from "@pollable/core"
import { itUnless } from "../support/runtime.js"
import { fullGc } from "../support/node-runtime.js"

// a string when this runtime cannot force a full collection (the reason the tests print)
const gcUnavailable = typeof fullGc() === "string" ? (fullGc() as string) : undefined

describe("gen(body, ...args) keeps nothing after a cancel", () => {
  itUnless(gcUnavailable)("a gen cancelled before its first poll releases its arguments", async () => {
    const gc = fullGc() as () => void
    let big: object | undefined = { payload: new Array(1000).fill(0) }
    const ref = new WeakRef(big)
    function* body(x: object) {
      return yield* ready(x)
    }
    const g = gen(body, big)
    big = undefined
    g.cancel()
    // WeakRef targets stay alive until the end of the job that made or read them
    await new Promise((r) => setTimeout(r, 0))
    gc()
    expect(ref.deref()).toBeUndefined()
    expect(String(g)).toBe("gen(body)") // the gen itself is still reachable here
  })
})

describe("gen keeps nothing of its body once it ended", () => {
  const cx = { waker: { wake() {} } }
  /**
   * Makes `captured` reachable only through the gen's body closure; runs `end(gen)`; says whether `captured` was
   * collected.
   */
  const collectable = async (
    makeGen: (captured: object) => Pollable<unknown, unknown>,
    end: (g: Pollable<unknown, unknown>) => void,
  ) => {
    const gc = fullGc() as () => void
    let big: object | undefined = { payload: new Array(1000).fill(0) }
    const ref = new WeakRef(big)
    const g = makeGen(big)
    big = undefined
    end(g)
    await new Promise((r) => setTimeout(r, 0))
    gc()
    return { gone: ref.deref() === undefined, label: String(g) }
  }
  // each maker is its own function, so no other closure shares the captured variable
  const finishing = (captured: object) =>
    gen(function* named() {
      return yield* ready(captured)
    })
  const failing = (captured: object) =>
    gen(function* failing() {
      yield* ready(captured)
      throw new Error("boom")
    })
  const waiting = (captured: object) =>
    gen(function* waiting() {
      yield* ready(captured)
      yield* pollFn(() => Pending)
    })

  itUnless(gcUnavailable)("a finished gen(function* () { … }) does not keep what the function captured", async () => {
    expect(await collectable(finishing, (g) => g.poll(cx))).toEqual({ gone: true, label: "gen(named)" })
  })

  itUnless(gcUnavailable)("a gen whose body threw, or that was cancelled mid-way, neither", async () => {
    const threw = await collectable(failing, (g) => expect(() => g.poll(cx)).toThrow("boom"))
    expect(threw).toEqual({ gone: true, label: "gen(failing)" })
    const cancelled = await collectable(waiting, (g) => {
      g.poll(cx)
      g.cancel()
    })
    expect(cancelled).toEqual({ gone: true, label: "gen(waiting)" })
  })

  it("the body runs as a plain function: its `this` is undefined, not the gen", () => {
    let self: unknown = "unset"
    function* body(this: unknown) {
      self = this
      return yield* ready(1)
    }
    expect(gen(body).poll(cx)).toBe(1)
    expect(self).toBeUndefined()
  })
})
