import { describe, expect, it } from "vitest"
import { Pending, join, map, scope, selectAll, stream, type Future } from "@pollable/core"
import { CountingWaker, contextOf } from "@pollable/core/testing"
import { Probe } from "../../support/probe.js"

const probes = (n: number) => Array.from({ length: n }, (_, i) => new Probe(`p${i}`))

describe("nested fan-ins", () => {
  it("a wake inside a join nested in a join re-polls only that branch, not its siblings", () => {
    const [a, b, c, d] = probes(4)
    const w = new CountingWaker()
    const f = join(join(a!, b!), c!, d!)
    expect(f.poll(contextOf(w))).toBe(Pending)
    expect([a!.polls, b!.polls, c!.polls, d!.polls]).toEqual([1, 1, 1, 1])
    a!.resolve(1)
    expect(w.count).toBe(1)
    expect(f.poll(contextOf(w))).toBe(Pending)
    // only the inner join's woken child is polled again; c and d did not wake
    expect([a!.polls, b!.polls, c!.polls, d!.polls]).toEqual([2, 1, 1, 1])
    b!.resolve(2)
    c!.resolve(3)
    d!.resolve(4)
    expect(f.poll(contextOf(w))).toEqual([[1, 2], 3, 4])
  })

  it("a scope, a stream next() and a merge nested in a join wake only their own branch", () => {
    const check = (make: (inner: Probe) => Future<unknown, unknown>) => {
      const [inner, c, d] = probes(3)
      const w = new CountingWaker()
      const f = join(make(inner!), c!, d!)
      expect(f.poll(contextOf(w))).toBe(Pending)
      expect([c!.polls, d!.polls]).toEqual([1, 1])
      inner!.resolve(1)
      expect(w.count).toBe(1)
      f.poll(contextOf(w))
      expect([c!.polls, d!.polls]).toEqual([1, 1])
    }
    check((p) =>
      scope(function* (s) {
        return yield* s.spawn(p)
      }),
    )
    const once = (p: Probe) => stream.unfold(0, (n) => map(p, (v) => (n === 0 ? ([v, 1] as const) : undefined)))
    check((p) => stream.next(once(p)))
    check((p) => stream.next(stream.merge(once(p), stream.fromIterable<number>([]))))
    check((p) => selectAll([p, probes(1)[0]!]))
  })
})
