// W. Heap bytes per realistic waiting task: N started tasks, each waiting on a sleep, on a
// shared Notify, or on its own channel's receive, measured after a full GC (`--expose-gc`).
// The idiom is an async function awaiting the same thing built from promises. The pollable
// tasks are `fn`-defined functions spawned on a NativeExecutor.
import { fn, mpsc, Notify, sleep, type JoinHandle } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { heapBytesPerItem, size, warmedMeasure, type BenchCase, type BenchGroup } from "../lib.js"

const N = size(5e4)
const LONG = 1e9

interface MemoryCase extends BenchCase {
  /** Fill `hold` with N waiting tasks; returns how to release them all. */
  readonly start: (hold: unknown[]) => () => void
}

const native = new NativeExecutor({ name: "bench-waiting", unref: true })
const cancelAll = (hold: unknown[]) => (): void => {
  for (const h of hold) (h as JoinHandle<unknown>).cancel()
}

// ---- sleep ------------------------------------------------------------------------------

async function asyncNap(timers: unknown[], i: number): Promise<void> {
  await new Promise<void>((r) => {
    const t = setTimeout(r, LONG)
    t.unref()
    timers[i] = t
  })
}
const nap = fn(function* nap() {
  yield* sleep(LONG)
})

// ---- a shared notification ----------------------------------------------------------------

class Signal {
  waiters: (() => void)[] = []
  wait(): Promise<void> {
    return new Promise((r) => this.waiters.push(r))
  }
  notifyAll(): void {
    const ws = this.waiters
    this.waiters = []
    for (const w of ws) w()
  }
}
async function asyncWaitSignal(s: Signal): Promise<void> {
  await s.wait()
}
const waitNotify = fn(function* waitNotify(n: Notify) {
  yield* n.notified()
})

// ---- a channel receive (one channel per task) ---------------------------------------------

class AsyncQueue<T> {
  items: T[] = []
  taker: ((v: T) => void) | undefined = undefined
  take(): Promise<T> {
    const v = this.items.shift()
    if (v !== undefined) return Promise.resolve(v)
    return new Promise((r) => (this.taker = r))
  }
  put(v: T): void {
    const t = this.taker
    if (t !== undefined) {
      this.taker = undefined
      t(v)
    } else this.items.push(v)
  }
}
async function asyncReceive(q: AsyncQueue<number>): Promise<number> {
  return await q.take()
}
const receive = fn(function* receive(capacity: number) {
  const [, rx] = mpsc<number>(capacity)
  return yield* rx.recv()
})

const group = (name: string, cases: MemoryCase[]): BenchGroup => {
  const once = (c: MemoryCase): Promise<number> => {
    let release: () => void = () => {}
    return heapBytesPerItem(
      N,
      (hold) => {
        release = c.start(hold)
      },
      () => release(),
    )
  }
  return {
    name: `W. heap bytes per task waiting on ${name} (${N} waiting)`,
    kind: "memory",
    cases,
    measure: warmedMeasure(once),
    goals: [{ impl: cases[1]!.impl, maxRatio: 1.0 }],
  }
}

const noop = (): void => {}

export const groups: BenchGroup[] = [
  group("a sleep", [
    {
      impl: "async fn awaiting a setTimeout promise",
      baseline: true,
      fn: noop,
      start: (hold) => {
        const timers: unknown[] = new Array(N)
        for (let i = 0; i < N; i++) hold[i] = asyncNap(timers, i)
        return () => {
          for (const t of timers) clearTimeout(t as ReturnType<typeof setTimeout>)
        }
      },
    },
    {
      impl: "pollable task awaiting sleep",
      fn: noop,
      start: (hold) => {
        for (let i = 0; i < N; i++) hold[i] = native.spawn(nap())
        return cancelAll(hold)
      },
    },
  ]),
  group("a shared notification", [
    {
      impl: "async fn awaiting a shared promise signal",
      baseline: true,
      fn: noop,
      start: (hold) => {
        const s = new Signal()
        for (let i = 0; i < N; i++) hold[i] = asyncWaitSignal(s)
        return () => s.notifyAll()
      },
    },
    {
      impl: "pollable task awaiting Notify.notified()",
      fn: noop,
      start: (hold) => {
        const n = new Notify()
        for (let i = 0; i < N; i++) hold[i] = native.spawn(waitNotify(n))
        return cancelAll(hold)
      },
    },
  ]),
  group("its own channel's receive", [
    {
      impl: "async fn awaiting its own queue's take()",
      baseline: true,
      fn: noop,
      start: (hold) => {
        const qs: AsyncQueue<number>[] = []
        for (let i = 0; i < N; i++) {
          const q = new AsyncQueue<number>()
          qs.push(q)
          hold[i] = asyncReceive(q)
        }
        return () => {
          for (const q of qs) q.put(0)
        }
      },
    },
    {
      impl: "pollable task awaiting mpsc recv()",
      fn: noop,
      start: (hold) => {
        for (let i = 0; i < N; i++) hold[i] = native.spawn(receive(1))
        return cancelAll(hold)
      },
    },
  ]),
]
