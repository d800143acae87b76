// A minimal poll-based runtime, written for group R's floors only (no pollable code): the least
// a design with pollable's contract can cost for R's job on this engine. It keeps the rules a
// user relies on — a future polled from inside itself or after its end throws; a throw ends
// it; a failed future is thrown into the body that awaited it; cancel cancels the awaited
// future and runs the body's `finally` blocks; a wake only queues, it never polls; a fan-in
// polls only the children whose wakers fired. It has none of the rest (names, task-locals,
// hooks, fault reporting, duplicate checks, timers, scopes, executor choice). Used only by
// group R's floor rows.

/** What a poll returns while the future cannot finish yet. */
const PENDING: unique symbol = Symbol("pending")
type Poll<T> = T | typeof PENDING

interface Waker {
  wake(): void
}
interface Cx {
  readonly waker: Waker
}
interface Fut<T> {
  poll(cx: Cx): Poll<T>
  cancel(): void
}

const RUNNING = 0
const ENDED = 1
const CANCELLED = 2

/** Pending once (waking its waker), ready at the next poll; its own `yield*` iterator. */
class YieldOnce implements Fut<void> {
  state = RUNNING
  yielded = false
  done = false
  value: unknown = undefined
  poll(cx: Cx): Poll<void> {
    if (this.state !== RUNNING) throw new Error("yieldOnce polled after its end")
    if (this.yielded) {
      this.state = ENDED
      return undefined
    }
    this.yielded = true
    try {
      cx.waker.wake()
    } catch (e) {
      this.state = ENDED
      throw e
    }
    return PENDING
  }
  cancel(): void {
    if (this.state === RUNNING) this.state = CANCELLED
  }
  [Symbol.iterator](): this {
    return this
  }
  /** First call: yield this future to the driver; second: return what the driver sent. */
  next(v?: unknown): this {
    if (this.value === undefined && !this.done) this.value = this
    else {
      this.done = true
      this.value = v
    }
    return this
  }
}

type Body<T> = (arg: number) => Generator<Fut<unknown>, T, unknown>
const GenNext = (Object.getPrototypeOf(function* () {}) as { prototype: Generator }).prototype.next
const GenThrow = (Object.getPrototypeOf(function* () {}) as { prototype: Generator }).prototype.throw

/** A generator driven by polls: each yielded future is polled at once, with the poll's context. */
class Driver<T> implements Fut<T> {
  state = RUNNING
  stepping = false
  it: Generator<Fut<unknown>, T, unknown> | undefined = undefined
  current: Fut<unknown> | undefined = undefined
  constructor(
    readonly body: Body<T>,
    readonly arg: number,
  ) {}
  poll(cx: Cx): Poll<T> {
    if (this.stepping) throw new Error("polled from inside its own body")
    if (this.state !== RUNNING) throw new Error("polled after its end")
    this.stepping = true
    try {
      let r: IteratorResult<Fut<unknown>, T>
      if (this.it === undefined) {
        this.it = this.body(this.arg)
        r = GenNext.call(this.it) as IteratorResult<Fut<unknown>, T>
      } else {
        const c = this.current!
        let v: unknown
        try {
          v = c.poll(cx)
        } catch (e) {
          this.current = undefined
          r = GenThrow.call(this.it, e) as IteratorResult<Fut<unknown>, T>
          return this.#run(r, cx)
        }
        if (v === PENDING) {
          this.stepping = false
          return PENDING
        }
        this.current = undefined
        r = GenNext.call(this.it, v) as IteratorResult<Fut<unknown>, T>
      }
      return this.#run(r, cx)
    } catch (e) {
      this.state = ENDED
      this.stepping = false
      this.it = undefined
      throw e
    }
  }
  #run(first: IteratorResult<Fut<unknown>, T>, cx: Cx): Poll<T> {
    let r = first
    for (;;) {
      if (r.done === true) {
        this.state = ENDED
        this.stepping = false
        this.it = undefined
        return r.value
      }
      const c = r.value
      if (typeof c !== "object" || c === null || typeof c.poll !== "function") throw new Error("not a future")
      let v: unknown
      try {
        v = c.poll(cx)
      } catch (e) {
        r = GenThrow.call(this.it, e) as IteratorResult<Fut<unknown>, T>
        continue
      }
      if (v === PENDING) {
        this.current = c
        this.stepping = false
        return PENDING
      }
      r = GenNext.call(this.it, v) as IteratorResult<Fut<unknown>, T>
    }
  }
  cancel(): void {
    if (this.state !== RUNNING) return
    this.state = CANCELLED
    const c = this.current
    this.current = undefined
    try {
      c?.cancel()
    } catch {}
    const it = this.it
    this.it = undefined
    if (!this.stepping && it !== undefined) {
      try {
        it.return(undefined as T)
      } catch {}
    }
  }
}

/** One child's waker and context: queues the child once, wakes the fan-in's owner. */
class ChildSlot implements Waker, Cx {
  queued = false
  constructor(
    readonly fan: FanIn<unknown>,
    readonly index: number,
  ) {}
  get waker(): Waker {
    return this
  }
  wake(): void {
    if (!this.queued) {
      this.queued = true
      this.fan.ready.push(this.index)
    }
    this.fan.parent?.wake()
  }
}

/** Waits for every child; polls a child again only when its waker fired. */
class FanIn<T> implements Fut<T[]> {
  readonly values: T[]
  readonly slots: ChildSlot[]
  ready: number[] = []
  live: number
  first = true
  parent: Waker | undefined = undefined
  failure: { e: unknown } | undefined = undefined
  constructor(readonly children: (Fut<T> | undefined)[]) {
    this.values = new Array(children.length)
    this.slots = new Array(children.length)
    this.live = children.length
  }
  poll(cx: Cx): Poll<T[]> {
    this.parent = undefined
    if (this.first) {
      this.first = false
      for (let i = 0; i < this.children.length; i++) this.#one(i, (this.slots[i] = new ChildSlot(this, i)))
    } else {
      const batch = this.ready
      this.ready = []
      for (let k = 0; k < batch.length; k++) {
        const slot = this.slots[batch[k]!]!
        slot.queued = false
        if (this.children[slot.index] !== undefined) this.#one(slot.index, slot)
      }
    }
    if (this.live === 0) {
      if (this.failure !== undefined) throw this.failure.e
      return this.values
    }
    this.parent = cx.waker
    if (this.ready.length > 0) cx.waker.wake()
    return PENDING
  }
  #one(i: number, slot: ChildSlot): void {
    let v: Poll<T>
    try {
      v = this.children[i]!.poll(slot)
    } catch (e) {
      this.children[i] = undefined
      this.live--
      this.failure ??= { e }
      return
    }
    if (v !== PENDING) {
      this.values[i] = v
      this.children[i] = undefined
      this.live--
    }
  }
  cancel(): void {
    for (let i = 0; i < this.children.length; i++) {
      const c = this.children[i]
      this.children[i] = undefined
      try {
        c?.cancel()
      } catch {}
    }
  }
}

/** A run queue drained in a microtask; a task is its own waker, context and join handle. */
class RunQueue {
  queue: (Task<unknown> | undefined)[] = []
  scheduled = false
  readonly drain = (): void => {
    this.scheduled = false
    const q = this.queue
    this.queue = []
    for (let k = 0; k < q.length; k++) q[k]!.run()
  }
  spawn<T>(f: Fut<T>): Task<T> {
    const t = new Task(f, this)
    t.wake()
    return t
  }
  push(t: Task<unknown>): void {
    this.queue.push(t)
    if (!this.scheduled) {
      this.scheduled = true
      queueMicrotask(this.drain)
    }
  }
}

const TASK_RUNNING = 0
const TASK_OK = 1
const TASK_FAILED = 2
const TASK_CANCELLED = 3

class Task<T> implements Waker, Cx, Fut<T> {
  state = TASK_RUNNING
  queued = false
  joined = false
  out: unknown = undefined
  joiner: Waker | undefined = undefined
  constructor(
    public future: Fut<T> | undefined,
    readonly rq: RunQueue,
  ) {}
  get waker(): Waker {
    return this
  }
  wake(): void {
    if (this.queued || this.state !== TASK_RUNNING) return
    this.queued = true
    this.rq.push(this as Task<unknown>)
  }
  run(): void {
    this.queued = false
    if (this.state !== TASK_RUNNING) return
    let v: Poll<T>
    try {
      v = this.future!.poll(this)
    } catch (e) {
      this.#end(TASK_FAILED, e)
      return
    }
    if (v !== PENDING) this.#end(TASK_OK, v)
  }
  #end(state: number, out: unknown): void {
    this.state = state
    this.out = out
    this.future = undefined
    const j = this.joiner
    this.joiner = undefined
    j?.wake()
  }
  /** As a join handle. */
  poll(cx: Cx): Poll<T> {
    if (this.state === TASK_RUNNING) {
      this.joiner = cx.waker
      return PENDING
    }
    if (this.joined) throw new Error("handle polled after its end")
    this.joined = true
    if (this.state === TASK_OK) return this.out as T
    throw this.state === TASK_FAILED ? this.out : new Error("task cancelled")
  }
  cancel(): void {
    if (this.state !== TASK_RUNNING) return
    const f = this.future
    this.#end(TASK_CANCELLED, undefined)
    try {
      f?.cancel()
    } catch {}
  }
}

function* task(i: number): Generator<Fut<unknown>, number, unknown> {
  yield* new YieldOnce() as unknown as Iterable<Fut<unknown>>
  return i + 1
}

const rq = new RunQueue()

/** Runs `f` as a task of the minimal run queue; resolves with its value. */
const run = <T>(f: Fut<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    const t = rq.spawn(f)
    t.joiner = { wake: () => (t.state === TASK_OK ? resolve(t.out as T) : reject(t.out)) }
  })

/** R's `joinAll(idx.map(task))` on the minimal runtime. */
export const minimalJoinAll = (idx: readonly number[]): Promise<number[]> =>
  run(new FanIn(idx.map((i) => new Driver(task, i))))

/** R's `joinAll(idx.map((i) => spawn(task(i))))` on the minimal runtime. */
export const minimalSpawnEach = (idx: readonly number[]): Promise<number[]> =>
  run(new FanIn(idx.map((i) => rq.spawn(new Driver(task, i)))))
