import { describe, expect, it } from "vitest"
import {
  InvalidArgument,
  abortable,
  andThen,
  fuse,
  gen,
  join,
  joinAll,
  map,
  race,
  ready,
  select,
  selectAll,
  settle,
  shared,
  sleep,
  stream,
  timeout,
  tryJoin,
  tryJoinAll,
  wrap,
} from "@pollable/core"
import { ManualExecutor, VirtualClock } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"

// Every combinator that takes futures refuses a wrong argument where it is passed, with
// InvalidArgument naming the call, what it got and what to pass — instead of a hang, a
// silently ignored child, or a TypeError at some later poll.

const NOT_A_FUTURE = /not a Future \(an object with poll\(\) and cancel\(\)\); pass a future such as sleep\(ms\)/

describe("join and select refuse what used to hang or be ignored", () => {
  it("join(sleep(1), undefined) is refused at call time (it used to hang)", () => {
    refuses(
      () => join(sleep(1), undefined as never),
      "join()",
      /future #1 \(counting from 0\) is undefined/,
      NOT_A_FUTURE,
    )
  })

  it("join(f, f): the same future twice is refused (it used to hang)", () => {
    const f = sleep(1)
    refuses(() => join(f, f), "join()", /future #1 is the same future as #0/, /pass each future once; .*shared\(f\)/)
    refuses(() => tryJoin(ready(1), f, f), "tryJoin()", /future #2 is the same future as #1/)
    refuses(() => select(f, f), "select()", /same future/)
    // the duplicate check also covers long lists (marks instead of the pairwise scan)
    const many = Array.from({ length: 40 }, () => sleep(1))
    refuses(() => joinAll([...many, many[7]!]), "joinAll()", /future #40 is the same future as #7/)
  })

  it("a long list with a repeat leaves every future usable: the marks made while checking are undone", async () => {
    const clock = new VirtualClock()
    const ex = new ManualExecutor({ timer: clock })
    const many = Array.from({ length: 40 }, (_, i) => map(sleep(1), () => i))
    refuses(() => joinAll([...many, many[3]!]), "joinAll()", /future #40 is the same future as #3/)
    // a hand-written future repeated among core ones is caught too
    const hand = { poll: () => 1, cancel: () => {} }
    refuses(() => selectAll([...many.slice(0, 20), hand, hand]), "selectAll()", /future #21 is the same future as #20/)
    expect(ex.blockOn(joinAll(many))).toEqual(Array.from({ length: 40 }, (_, i) => i))
    expect(clock.now()).toBe(1)
  })

  it("select(f, undefined) is refused instead of silently ignoring the undefined child", () => {
    refuses(() => select(sleep(1), undefined as never), "select()", /future #1 \(counting from 0\) is undefined/)
    refuses(() => race(undefined as never, sleep(1)), "race()", /future #0 \(counting from 0\) is undefined/)
  })

  it("joinAll(promise) and joinAll({}) are refused instead of succeeding with []", () => {
    refuses(
      () => joinAll(Promise.resolve(1) as never),
      "joinAll(futures)",
      /expected an iterable of futures .*got a Promise; pass an array of futures/,
    )
    refuses(() => joinAll({} as never), "joinAll(futures)", /got an object/)
    refuses(() => tryJoinAll(null as never), "tryJoinAll(futures)", /got null/)
    refuses(() => selectAll(42 as never), "selectAll(futures)", /got a number \(42\)/)
    refuses(() => joinAll("ab" as never), "joinAll(futures)", /got a string/)
  })

  it("iterables of non-futures are refused", () => {
    refuses(() => joinAll([sleep(1), 42] as never), "joinAll()", /future #1 \(counting from 0\) is a number \(42\)/)
    refuses(
      () => selectAll(new Set([Promise.resolve(1)]) as never),
      "selectAll()",
      /is a Promise/,
      /wrap a Promise with fromPromise/,
    )
    refuses(() => tryJoinAll([{}] as never), "tryJoinAll()", /is an object/)
  })

  it("an empty list still joins to [] (documented), and a valid join still runs", () => {
    const ex = new ManualExecutor({ timer: new VirtualClock() })
    expect(ex.blockOn(joinAll([]))).toEqual([])
    expect(ex.blockOn(join(sleep(1), ready(2)))).toEqual([undefined, 2])
  })
})

describe("single-future combinators refuse a non-future at call time", () => {
  it.each([
    ["timeout(future, ms)", () => timeout(42 as never, 5)],
    ["map(future, fn)", () => map(Promise.resolve(1) as never, (x) => x)],
    ["andThen(future, fn)", () => andThen(undefined as never, () => ready(1))],
    ["abortable(future, signal)", () => abortable(null as never, new AbortController().signal)],
    ["fuse(future)", () => fuse({} as never)],
    ["shared(future)", () => shared("x" as never)],
    ["wrap(future)", () => wrap(Symbol("f") as never)],
    ["settle(future)", () => settle([] as never)],
    ["takeUntil(source, stop)", () => stream.takeUntil(stream.fromIterable([1]), 5 as never)],
  ])("%s", (where, call) => {
    refuses(call, where, /expected a Future \(an object with poll\(\) and cancel\(\)\), got /, /pass a future/)
  })
})

describe("abortable and gen", () => {
  it("abortable(f) without a signal is refused, naming the fix", () => {
    refuses(
      () => abortable(sleep(1), undefined as never),
      "abortable(future, signal)",
      /expected an AbortSignal, got undefined; pass controller\.signal of an AbortController$/,
    )
    refuses(() => abortable(sleep(1), {} as never), "abortable(future, signal)", /got an object/)
  })

  it("gen of a function that is not a generator function is refused at call time", () => {
    refuses(
      () => gen((() => 1) as never),
      "gen(body)",
      /expected a generator function \(function\* \(\) \{…\}\), got a function that is not a generator function/,
      /write the body as function\*/,
    )
    refuses(() => gen((async () => 1) as never), "gen(body)", /got an async function/)
    refuses(() => gen(async function* named() {} as never), "gen(body)", /got an async generator function \(named\)/)
  })

  it("gen still accepts generator functions, bound ones and methods", () => {
    const ex = new ManualExecutor()
    function* body(this: { k: number }, n: number) {
      return this.k + n + (yield* ready(1))
    }
    const obj = {
      *method() {
        return yield* ready(5)
      },
    }
    expect(ex.blockOn(gen(body.bind({ k: 10 }), 2))).toBe(13)
    expect(ex.blockOn(gen(obj.method))).toBe(5)
  })

  it("the refusal is a pollable error", () => {
    expect(() => gen((() => 1) as never)).toThrow(InvalidArgument)
  })
})
