// "Per call: every runner accepts an executor" (issue 9), and per call beats scope: each
// runner of each adapter, given { executor }, spawns on that executor even inside a
// withExecutor scope that names another one.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { LocalExecutor, ready, stream, withExecutor, type Executor } from "@pollable/core"
import { resetSelection } from "@pollable/core/adapter"
import { toAsyncIterable, toPromise, toReadableStream } from "@pollable/adapter-native"
import { useAsyncContext } from "@pollable/adapter-native/context"
import { streamToObservable, toObservable } from "@pollable/adapter-rxjs"
import { streamToEffectStream, toEffect } from "@pollable/adapter-effect"
import { firstValueFrom, lastValueFrom, toArray } from "rxjs"
import { Effect, Stream } from "effect"

// the scope follows awaits, so runners that spawn later (an iterator's next()) still see it
let restore: () => void
beforeAll(() => (restore = useAsyncContext()))
afterAll(() => restore())
afterEach(() => resetSelection())

/** An executor that counts its spawns and delegates to a reference executor. */
function counting(name: string): Executor & { spawns: number } {
  const inner = new LocalExecutor({ name })
  const ex: Executor & { spawns: number } = {
    spawns: 0,
    get timer() {
      return inner.timer
    },
    spawn: ((f) => (ex.spawns++, inner.spawn(f))) as Executor["spawn"],
  }
  return ex
}

const three = () => stream.fromIterable([1, 2, 3])

const runners: { name: string; run: (executor: Executor) => Promise<unknown>; want: unknown }[] = [
  { name: "toPromise", run: (executor) => toPromise(ready("p"), { executor }), want: "p" },
  { name: "toObservable", run: (executor) => firstValueFrom(toObservable(() => ready("o"), { executor })), want: "o" },
  { name: "toEffect", run: (executor) => Effect.runPromise(toEffect(() => ready("e"), { executor })), want: "e" },
  {
    name: "toAsyncIterable",
    run: async (executor) => {
      const out: number[] = []
      for await (const v of toAsyncIterable(three(), { executor })) out.push(v)
      return out
    },
    want: [1, 2, 3],
  },
  {
    name: "toReadableStream",
    run: async (executor) => {
      const out: number[] = []
      const reader = toReadableStream(three(), { executor }).getReader()
      for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(r.value)
      return out
    },
    want: [1, 2, 3],
  },
  {
    name: "streamToObservable",
    run: (executor) => lastValueFrom(streamToObservable(three, { executor }).pipe(toArray())),
    want: [1, 2, 3],
  },
  {
    name: "streamToEffectStream",
    run: (executor) =>
      Effect.runPromise(Stream.runCollect(streamToEffectStream(three, { executor }))).then((c) => [...c]),
    want: [1, 2, 3],
  },
]

describe.each(runners)("$name takes a per-call executor", ({ run, want }) => {
  it("runs on it, even inside a withExecutor scope naming another executor", async () => {
    const call = counting("per-call")
    const scope = counting("scope")
    const result = await withExecutor(scope, () => run(call))
    expect(result).toEqual(want)
    expect(call.spawns).toBeGreaterThan(0)
    expect(scope.spawns).toBe(0)
  })
})
