// C. Wake → poll latency: two tasks pass the turn back and forth N times. Each hop is
// "signal the other side, then wait to be signalled" in the runtime's own idiom.
// Every case returns N.
import { Effect, Fiber, Queue } from "effect"
import { FutureBase, gen, Notify, Pending, type Context, type Future, type Poll, type Waker } from "@pollable/core"
import { asapScheduler, observeOn, Subject } from "rxjs"
import { local, manual } from "../drivers.js"
import { size, type BenchGroup } from "../lib.js"

export const N = size(1e4)

// --- Promise: a one-slot signal whose wait() is a fresh promise (what async code does).
class PromiseSignal {
  #set = false
  #resolve: (() => void) | undefined
  wait(): Promise<void> {
    if (this.#set) {
      this.#set = false
      return Promise.resolve()
    }
    return new Promise((r) => {
      this.#resolve = r
    })
  }
  notify(): void {
    const r = this.#resolve
    if (r !== undefined) {
      this.#resolve = undefined
      r()
    } else this.#set = true
  }
}

export const promisePingPong = async (): Promise<number> => {
  const toPing = new PromiseSignal()
  const toPong = new PromiseSignal()
  const ping = async (): Promise<number> => {
    let i = 0
    for (; i < N; i++) {
      toPong.notify()
      await toPing.wait()
    }
    return i
  }
  const pong = async (): Promise<void> => {
    for (let i = 0; i < N; i++) {
      await toPong.wait()
      toPing.notify()
    }
  }
  const [n] = await Promise.all([ping(), pong()])
  return n
}

// --- RxJS: two subjects, each observed on the asap scheduler.
export const rxAsap = (): Promise<number> =>
  new Promise((resolve) => {
    const toPing = new Subject<number>()
    const toPong = new Subject<number>()
    const s1 = toPong.pipe(observeOn(asapScheduler)).subscribe((i) => toPing.next(i))
    const s2 = toPing.pipe(observeOn(asapScheduler)).subscribe((i) => {
      if (i + 1 === N) {
        s1.unsubscribe()
        s2.unsubscribe()
        resolve(i + 1)
      } else toPong.next(i + 1)
    })
    toPong.next(0)
  })

// --- Effect: two fibers taking turns with Effect.yieldNow, and with two bounded queues.
export const effectYieldNow = (): Promise<number> => {
  let turn = 0
  const ping = Effect.gen(function* () {
    let i = 0
    for (; i < N; i++) {
      turn = 1
      while (turn !== 0) yield* Effect.yieldNow
    }
    return i
  })
  const pong = Effect.gen(function* () {
    for (let i = 0; i < N; i++) {
      while (turn !== 1) yield* Effect.yieldNow
      turn = 0
    }
  })
  return Effect.runPromise(
    Effect.gen(function* () {
      const a = yield* Effect.forkChild(ping)
      const b = yield* Effect.forkChild(pong)
      yield* Fiber.join(b)
      return yield* Fiber.join(a)
    }),
  )
}

const effectQueue = (): Promise<number> =>
  Effect.runPromise(
    Effect.gen(function* () {
      const toPing = yield* Queue.bounded<number>(1)
      const toPong = yield* Queue.bounded<number>(1)
      const pong = yield* Effect.forkChild(
        Effect.gen(function* () {
          for (let i = 0; i < N; i++) yield* Queue.offer(toPing, yield* Queue.take(toPong))
        }),
      )
      let i = 0
      for (; i < N; i++) {
        yield* Queue.offer(toPong, i)
        yield* Queue.take(toPing)
      }
      yield* Fiber.join(pong)
      return i
    }),
  )

// --- pollable, hand-written: a flag with one waker; each task is a small state machine
// future, so a round trip allocates nothing.
class Flag {
  set = false
  waker: Waker | undefined = undefined
  notify(): void {
    this.set = true
    const w = this.waker
    if (w !== undefined) {
      this.waker = undefined
      w.wake()
    }
  }
  /** Consume the flag, or register `cx.waker` (rule 1) and report not set. */
  take(cx: Context): boolean {
    if (this.set) {
      this.set = false
      return true
    }
    this.waker = cx.waker
    return false
  }
}

class Pinger implements Future<number, never> {
  i = 0
  waiting = false
  constructor(
    readonly toPing: Flag,
    readonly toPong: Flag,
  ) {}
  poll(cx: Context): Poll<number> {
    for (;;) {
      if (this.waiting) {
        if (!this.toPing.take(cx)) return Pending
        this.waiting = false
        if (++this.i === N) return this.i
      }
      this.toPong.notify()
      this.waiting = true
    }
  }
  cancel(): void {}
}

class Ponger implements Future<number, never> {
  i = 0
  constructor(
    readonly toPing: Flag,
    readonly toPong: Flag,
  ) {}
  poll(cx: Context): Poll<number> {
    for (;;) {
      if (!this.toPong.take(cx)) return Pending
      this.toPing.notify()
      if (++this.i === N) return this.i
    }
  }
  cancel(): void {}
}

/** A flag wait as a `yield*`-able future (one small object per wait), for the gen version. */
class FlagWait extends FutureBase<void> {
  constructor(readonly flag: Flag) {
    super()
  }
  get label(): string {
    return "flag.wait()"
  }
  protected step(cx: Context): Poll<void> {
    return this.flag.take(cx) ? undefined : Pending
  }
  protected onCancel(): void {
    this.flag.waker = undefined
  }
}

const genFlag = (): [Future<number, never>, Future<void, never>] => {
  const toPing = new Flag()
  const toPong = new Flag()
  const ping = gen(function* () {
    let i = 0
    for (; i < N; i++) {
      toPong.notify()
      yield* new FlagWait(toPing)
    }
    return i
  })
  const pong = gen(function* () {
    for (let i = 0; i < N; i++) {
      yield* new FlagWait(toPong)
      toPing.notify()
    }
  })
  return [ping, pong]
}

export const genNotify = (): [Future<number, never>, Future<void, never>] => {
  const toPing = new Notify()
  const toPong = new Notify()
  const ping = gen(function* () {
    let i = 0
    for (; i < N; i++) {
      toPong.notifyOne()
      yield* toPing.notified()
    }
    return i
  })
  const pong = gen(function* () {
    for (let i = 0; i < N; i++) {
      yield* toPong.notified()
      toPing.notifyOne()
    }
  })
  return [ping, pong]
}

// one reusable iterator per generator that is its own result, as gen's InPlaceIterator
class Turn {
  done = false
  value: unknown = undefined
  resumed = false
  next(): this {
    if (this.resumed) this.done = true
    else this.resumed = true
    return this
  }
  [Symbol.iterator](): this {
    this.done = false
    this.resumed = false
    return this
  }
}

/**
 * Not pollable: the floor of any generator-based version on this engine. Two bare
 * generators take turns, each turn one `yield*` suspend + resume through a reusable
 * iterator (what `gen` does per wait), driven by a plain loop — no executor, no futures.
 */
const bareGenerators = (): number => {
  function* side(): Generator<unknown, number> {
    const once = new Turn()
    let i = 0
    for (; i < N; i++) yield* once
    return i
  }
  const ping = side()
  const pong = side()
  let r = ping.next()
  while (r.done !== true) {
    pong.next()
    r = ping.next()
  }
  return r.value as number
}

export const handWritten = (): [Future<number, never>, Future<number, never>] => {
  const toPing = new Flag()
  const toPong = new Flag()
  return [new Pinger(toPing, toPong), new Ponger(toPing, toPong)]
}

const onLocal = async ([ping, pong]: [Future<number, never>, Future<unknown, never>]): Promise<number> => {
  const a = local.spawn(ping)
  const b = local.spawn(pong)
  const n = await a
  await b
  return n
}

const onManual = ([ping, pong]: [Future<number, never>, Future<unknown, never>]): number => {
  const a = manual.spawn(ping)
  manual.spawn(pong)
  manual.runUntilStalled()
  const o = a.outcome
  if (o?._tag !== "Success") throw new Error(`ping-pong did not finish: ${JSON.stringify(o)}`)
  return o.value
}

export const groups: BenchGroup[] = [
  {
    name: `C. wake → poll ping-pong (${N} round trips)`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "Promise ping-pong", baseline: true, fn: promisePingPong },
      { impl: "RxJS asap subjects", fn: rxAsap },
      { impl: "Effect.yieldNow fibers", fn: effectYieldNow },
      { impl: "Effect Queue fibers", fn: effectQueue },
      { impl: "pollable hand-written (local)", fn: () => onLocal(handWritten()) },
      { impl: "pollable hand-written (manual)", fn: () => onManual(handWritten()) },
      { impl: "pollable gen + flag (local)", fn: () => onLocal(genFlag()) },
      { impl: "pollable gen + Notify (local)", fn: () => onLocal(genNotify()) },
      { impl: "floor: two bare generators via yield* (no futures)", fn: bareGenerators },
    ],
    goals: [
      { impl: "pollable hand-written (local)", maxRatio: 0.3 },
      { impl: "pollable gen + flag (local)", maxRatio: 0.3 },
      { impl: "pollable gen + Notify (local)", maxRatio: 0.3 },
    ],
  },
]
