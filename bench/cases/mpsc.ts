// M. mpsc throughput: P producers send N messages in total through a bounded channel
// (capacity 64) to one consumer, which sums them. The same job with pollable's mpsc on the
// reference executor (microtask drains — adapter-native's shape), with a plain-Promise
// bounded async queue, and with Effect's Queue.bounded. Every case returns the sum.
import { Effect, Fiber, Queue } from "effect"
import { Done, gen, joinAll, mpsc } from "@pollable/core"
import { local } from "../drivers.js"
import { size, type BenchGroup } from "../lib.js"

const N = size(1e5, 800)
const CAPACITY = 64

/** Producer p of P sends the values i ≡ p (mod P) below N, in order. */
const share = (p: number, P: number): number[] => {
  const out: number[] = []
  for (let i = p; i < N; i += P) out.push(i)
  return out
}

// --- pollable: spawned tasks on a LocalExecutor, gen producers and a gen consumer.
const pollableMpsc = (P: number): PromiseLike<number> => {
  const [tx, rx] = mpsc<number>(CAPACITY)
  const producers = Array.from({ length: P }, (_, p) =>
    local.spawn(
      gen(function* () {
        for (const v of share(p, P)) yield* tx.send(v)
      }),
    ),
  )
  local.spawn(
    gen(function* () {
      yield* joinAll(producers)
      tx.close()
    }),
  )
  return local.spawn(
    gen(function* () {
      let sum = 0
      for (let v; (v = yield* rx.recv()) !== Done; ) sum += v
      return sum
    }),
  )
}

// --- plain Promises: a bounded async queue (what one writes without a library).
class AsyncQueue<T> {
  readonly #buf: T[] = []
  #head = 0
  readonly #putters: (() => void)[] = []
  #taker: ((v: T | typeof Done) => void) | undefined
  #closed = false
  constructor(readonly capacity: number) {}
  get #size(): number {
    return this.#buf.length - this.#head
  }
  async put(v: T): Promise<void> {
    while (this.#size >= this.capacity) await new Promise<void>((r) => this.#putters.push(r))
    const t = this.#taker
    if (t !== undefined) {
      this.#taker = undefined
      t(v)
      return
    }
    this.#buf.push(v)
  }
  take(): T | typeof Done | Promise<T | typeof Done> {
    if (this.#size > 0) {
      const v = this.#buf[this.#head++] as T
      if (this.#head > 1024 && this.#head * 2 > this.#buf.length) {
        this.#buf.splice(0, this.#head)
        this.#head = 0
      }
      this.#putters.shift()?.()
      return v
    }
    if (this.#closed) return Done
    return new Promise((r) => (this.#taker = r))
  }
  close(): void {
    this.#closed = true
    const t = this.#taker
    this.#taker = undefined
    t?.(Done)
  }
}

const promiseQueue = async (P: number): Promise<number> => {
  const q = new AsyncQueue<number>(CAPACITY)
  const producers = Array.from({ length: P }, async (_, p) => {
    for (const v of share(p, P)) await q.put(v)
  })
  void Promise.all(producers).then(() => q.close())
  let sum = 0
  for (let v; (v = await q.take()) !== Done; ) sum += v
  return sum
}

// --- Effect 4: Queue.bounded with forked producer fibers.
const effectQueue = (P: number): Promise<number> =>
  Effect.runPromise(
    Effect.gen(function* () {
      const q = yield* Queue.bounded<number>(CAPACITY)
      const fibers = []
      for (let p = 0; p < P; p++) {
        fibers.push(
          yield* Effect.forkChild(
            Effect.gen(function* () {
              for (const v of share(p, P)) yield* Queue.offer(q, v)
            }),
          ),
        )
      }
      let sum = 0
      for (let i = 0; i < N; i++) sum += yield* Queue.take(q)
      for (const f of fibers) yield* Fiber.join(f)
      return sum
    }),
  )

const group = (P: number): BenchGroup => ({
  name: `M. mpsc throughput, ${P} producer${P > 1 ? "s" : ""} / 1 consumer, capacity ${CAPACITY} (N = ${N})`,
  ops: N,
  sameResult: true,
  cases: [
    { impl: "Promise async queue", baseline: true, fn: () => promiseQueue(P) },
    { impl: "pollable mpsc (local)", fn: () => pollableMpsc(P) },
    { impl: "Effect Queue.bounded", fn: () => effectQueue(P) },
  ],
})

export const groups: BenchGroup[] = [group(1), group(8)]
