// D. Heap bytes per pending task: N tasks that never finish, held in a preallocated array,
// measured after a full GC (needs --expose-gc, which `npm run bench` passes). Each item is
// the runtime's unit of "a started, still pending piece of async work".
import { Effect, type Fiber } from "effect"
import { pending, type JoinHandle } from "@pollable/core"
import { NEVER, type Subscription } from "rxjs"
import { local } from "../drivers.js"
import { heapBytesPerItem, size, warmedMeasure, type BenchCase, type BenchGroup } from "../lib.js"

const N = size(1e5)

const never = new Promise<never>(() => {})
const noop = (): void => {}

interface MemoryCase extends BenchCase {
  /** Release one item created by `fn` (cancel, interrupt, unsubscribe). */
  readonly dispose?: (item: any) => void
}

const cases: MemoryCase[] = [
  { impl: "pending Promise", baseline: true, fn: () => new Promise(noop) },
  {
    impl: "async function",
    fn: () =>
      (async () => {
        await never
      })(),
  },
  { impl: "RxJS subscription", fn: () => NEVER.subscribe(noop), dispose: (s: Subscription) => s.unsubscribe() },
  {
    impl: "Effect fiber",
    fn: () => Effect.runFork(Effect.never),
    dispose: (f: Fiber.Fiber<never>) => (f as unknown as { interruptUnsafe(): void }).interruptUnsafe(),
  },
  { impl: "pollable task", fn: () => local.spawn(pending()), dispose: (h: JoinHandle<never>) => h.cancel() },
]

const measureCase = (c: MemoryCase): Promise<number> =>
  heapBytesPerItem(
    N,
    (hold) => {
      for (let i = 0; i < N; i++) hold[i] = c.fn()
    },
    (hold) => {
      if (c.dispose !== undefined) for (const item of hold) c.dispose(item)
    },
  )

export const groups: BenchGroup[] = [
  {
    name: `D. heap bytes per pending task (${N} pending)`,
    kind: "memory",
    cases,
    measure: warmedMeasure(measureCase),
    goals: [{ impl: "pollable task", maxRatio: 0.8 }],
  },
]
