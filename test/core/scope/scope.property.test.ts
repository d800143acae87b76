import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ChildrenFailed, gen, scope, yieldNow, type Future, type ScopeMode } from "@pollable/core"
import { ExploringExecutor, replayChoose } from "@pollable/core/testing"
import { Boom, Gate, Tracked } from "./scope-helpers.js"

type Kind = "ok" | "throw" | "hang"
interface Scenario {
  readonly mode: ScopeMode
  readonly children: readonly { kind: Kind; steps: number }[]
  readonly bodySteps: number
  readonly abortAt: number | null
  readonly choices: readonly number[]
}

const scenario: fc.Arbitrary<Scenario> = fc.record({
  mode: fc.constantFrom<ScopeMode>("failFast", "collectAll"),
  children: fc.array(fc.record({ kind: fc.constantFrom<Kind>("ok", "ok", "throw", "hang"), steps: fc.nat(3) }), {
    minLength: 1,
    maxLength: 6,
  }),
  bodySteps: fc.nat(3),
  abortAt: fc.option(fc.nat(12), { nil: null }),
  choices: fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
})

const child = (i: number, kind: Kind, steps: number): Future<number, Error> =>
  kind === "hang"
    ? new Gate<number>(`hang${i}`)
    : gen(function* () {
        for (let k = 0; k < steps; k++) yield* yieldNow()
        if (kind === "throw") throw new Boom(`c${i}`)
        return i
      })

function run(sc: Scenario): void {
  const ex = new ExploringExecutor({ choose: replayChoose(sc.choices), spuriousEvery: 4 })
  const log: string[] = []
  let spawned = 0
  const tracked = sc.children.map((c, i) => new Tracked(`c${i}`, child(i, c.kind, c.steps), log))
  const h = ex.spawn(
    scope(
      function* (s) {
        for (const t of tracked) {
          s.spawn(t)
          spawned++
        }
        for (let k = 0; k < sc.bodySteps; k++) yield* yieldNow()
        return "v"
      },
      { mode: sc.mode },
    ),
  )
  let aborted = false
  if (sc.abortAt !== null) {
    const at = sc.abortAt
    ex.spawn(
      gen(function* () {
        for (let k = 0; k < at; k++) yield* yieldNow()
        if (h.outcome === undefined) aborted = true
        h.cancel()
      }),
    )
  }
  // step by hand: with spurious wakes a hanging scope is never idle, so cap the steps
  const drive = () => {
    for (let n = 0; n < 2_000 && ex.step(); n++);
  }
  drive()
  const o = h.outcome
  h.cancel() // end a scope left hanging: every child must be disposed now
  drive()

  // every spawned child ended exactly once: ok, err or cancel (the body may never have run)
  expect(spawned === 0 || spawned === tracked.length).toBe(true)
  for (const t of tracked) {
    const events = log.filter((e) => e.startsWith(`${t.name}:`))
    expect(events, `${t.name} in ${log.join(",")}`).toHaveLength(spawned === 0 ? 0 : 1)
    expect(t.cancels).toBeLessThanOrEqual(1)
  }
  const errs = log.filter((e) => e.endsWith(":err"))
  const hasHang = sc.children.some((c) => c.kind === "hang")

  if (o === undefined) {
    // still running when nothing could move: only a hanging child (or a throw under collectAll) keeps it open
    expect(hasHang).toBe(true)
    expect(aborted).toBe(false)
  } else if (o._tag === "Interrupted") {
    expect(aborted).toBe(true)
    if (sc.mode === "failFast") expect(errs).toEqual([])
  } else if (o._tag === "Success") {
    expect(o.value).toBe("v")
    expect(errs).toEqual([])
    expect(log.every((e) => e.endsWith(":ok"))).toBe(true)
  } else if (sc.mode === "failFast") {
    // the first failure is the one rethrown; after it, children were only cancelled
    const first = errs[0]!
    expect((o.error as Boom).tag).toBe(first.split(":")[0])
    expect(log.slice(log.indexOf(first) + 1).every((e) => e.endsWith(":cancel"))).toBe(true)
  } else {
    expect(o.error).toBeInstanceOf(ChildrenFailed)
    expect((o.error as ChildrenFailed<Boom>).errors.map((e) => `${e.tag}:err`)).toEqual(errs)
    expect(log.some((e) => e.endsWith(":cancel"))).toBe(false)
  }
  expect(ex.strayWakes).toBe(0)
  expect(ex.liveTasks).toBe(0)
}

describe("scope: schedule exploration", () => {
  it("abort / finish / throw in every order: each child ends exactly once, the outcome follows the policy", () => {
    fc.assert(
      fc.property(scenario, (sc) => run(sc)),
      { numRuns: 1000 },
    )
  })
})
