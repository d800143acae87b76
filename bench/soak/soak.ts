// The soak: mixed work (sleep, join, select, timeout, mpsc/oneshot/broadcast channels,
// Semaphore, Mutex, scope, JoinSet) spawned without pause on one executor, about 30 % of it
// cancelled at a random moment. Every piece of work is built so that its outcome is known
// in advance (a value, a TimeoutError, or — when cancelled — Interrupted); anything else is
// an unexpected outcome. Used by `npm run soak` (scripts/soak.ts) and, in a short
// count-based form, by test/soak/soak.test.ts.
import {
  Interrupted,
  JoinSet,
  Mutex,
  Semaphore,
  TimeoutError,
  broadcast,
  gen,
  join,
  map,
  mpsc,
  oneshot,
  pending,
  ready,
  scope,
  select,
  sleep,
  timeout,
  Done,
  type BroadcastReceiver,
  type Executor,
  type Future,
  type JoinHandle,
  type MpscReceiver,
  type MpscSender,
} from "@pollable/core"
import { seededChoose } from "@pollable/core/testing"

/** A seeded generator of numbers in [0, 1) (core's seeded chooser): the same seed replays the same work. */
export function seededRandom(seed: number): () => number {
  const choose = seededChoose(seed)
  return () => choose(2 ** 32) / 2 ** 32
}

/** One piece of work and the outcomes its construction allows. */
export interface Work {
  readonly kind: string
  readonly future: Future<unknown, unknown>
  /** True when `outcome` is one the construction allows (ignoring cancellation). */
  readonly allows: (outcome: SoakOutcome) => boolean
}

/** How a task ended. */
type SoakOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown }

const succeeded =
  (check: (v: unknown) => boolean) =>
  (o: SoakOutcome): boolean =>
    o.ok && check(o.value)
const equals =
  (expected: unknown) =>
  (v: unknown): boolean =>
    JSON.stringify(v) === JSON.stringify(expected)

// Generator bodies are defined once (a new function* closure per task costs ~1 µs).
function* produce(tx: MpscSender<number>, n: number, gap: number) {
  for (let i = 1; i <= n; i++) {
    yield* tx.send(i)
    if (gap > 0 && i % 3 === 0) yield* sleep(gap)
  }
  tx.close()
}
function* consumeSum(rx: MpscReceiver<number>) {
  let sum = 0
  for (;;) {
    const v = yield* rx.recv()
    if (v === Done) return sum
    sum += v
  }
}
function* guarded(sem: Semaphore, state: { inside: number; max: number }, ms: number) {
  const permit = yield* sem.acquire()
  try {
    state.inside++
    state.max = Math.max(state.max, state.inside)
    yield* sleep(ms)
    return 1
  } finally {
    state.inside--
    permit.release()
  }
}
function* semaphoreWork(permits: number, n: number, ms: number) {
  const sem = new Semaphore(permits)
  const state = { inside: 0, max: 0 }
  const done = yield* join(...Array.from({ length: n }, () => gen(guarded, sem, state, ms)))
  return { done: done.length, overLimit: state.max > permits }
}
function* locked(m: Mutex<{ n: number }>, ms: number) {
  const g = yield* m.lock()
  try {
    const before = g.value.n
    yield* sleep(ms)
    g.value.n = before + 1
  } finally {
    g.release()
  }
}
function* mutexWork(n: number, ms: number) {
  const m = new Mutex({ n: 0 })
  yield* join(...Array.from({ length: n }, () => gen(locked, m, ms)))
  const g = yield* m.lock()
  const v = g.value.n
  g.release()
  return v
}
function* scopeWork(delays: readonly number[]) {
  return yield* scope(function* (s) {
    const hs = delays.map((d, i) => s.spawn(map(sleep(d), () => i)))
    let sum = 0
    for (const h of hs) sum += yield* h
    return sum
  })
}
function* joinSetWork(delays: readonly number[]) {
  const set = new JoinSet<number, never>()
  try {
    delays.forEach((d, i) => set.spawn(map(sleep(d), () => i)))
    let sum = 0
    for (let r; (r = yield* set.joinNext()) !== Done; ) sum += r
    return sum
  } finally {
    set.cancel()
  }
}
function* oneshotWork(ms: number, v: number) {
  const [tx, rx] = oneshot<number>()
  const [, got] = yield* join(
    map(sleep(ms), () => tx.send(v)),
    rx,
  )
  return got
}
function* collectAll(rx: BroadcastReceiver<number>) {
  const out: number[] = []
  for (;;) {
    const v = yield* rx.recv()
    if (v === Done) return out
    out.push(v)
  }
}
function* broadcastWork(n: number) {
  const [tx, rx1] = broadcast<number>(n)
  const rx2 = tx.subscribe()
  for (let i = 0; i < n; i++) tx.send(i)
  tx.close()
  return yield* join(gen(collectAll, rx1), gen(collectAll, rx2))
}

const sum1to = (n: number): number => (n * (n + 1)) / 2
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

/** Build one random piece of work. Durations are a few milliseconds. */
export function makeWork(rnd: () => number): Work {
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1))
  switch (int(0, 10)) {
    case 0: {
      const ms = int(0, 4)
      return { kind: "sleep", future: sleep(ms), allows: succeeded((v) => v === undefined) }
    }
    case 1: {
      const v = int(0, 1000)
      return {
        kind: "join",
        future: join(sleep(int(0, 3)), ready(v), sleep(int(0, 3))),
        allows: succeeded(equals([undefined, v, undefined])),
      }
    }
    case 2: {
      // Outcomes fixed by construction, not by timing. Two real sleeps racing are not: the
      // soak saw select(sleep(1), sleep(2)) won by sleep(2) once in ~10^6 runs, when a pause
      // (GC) of over 2 ms fell between the two children's first polls — sleep(1) had been
      // checked just before it, sleep(2) found its 2 ms already gone. So the winner here is
      // the only side that can finish, or a sleep(0), which is ready at its first poll.
      const a = int(0, 3)
      const pick = int(0, 2)
      if (pick === 0) {
        const f = select(
          map(sleep(a), () => "a"),
          pending<string>(),
        )
        return {
          kind: "select",
          future: f,
          allows: succeeded(
            (v) => (v as { index: number; value: string }).index === 0 && (v as { value: string }).value === "a",
          ),
        }
      }
      if (pick === 1) {
        const f = select(
          map(sleep(0), () => "a"),
          map(sleep(a), () => "b"),
        )
        return {
          kind: "select",
          future: f,
          allows: succeeded(
            (v) => (v as { index: number; value: string }).index === 0 && (v as { value: string }).value === "a",
          ),
        }
      }
      const f = select(
        pending<string>(),
        map(sleep(a), () => "a"),
      )
      return {
        kind: "select",
        future: f,
        allows: succeeded(
          (v) => (v as { index: number; value: string }).index === 1 && (v as { value: string }).value === "a",
        ),
      }
    }
    case 3: {
      // an inner sleep shorter than the limit always wins (it is polled first, also when
      // both deadlines pass together); an inner future that never finishes always times out
      const limit = int(1, 6)
      if (rnd() < 0.5) {
        return {
          kind: "timeout",
          future: timeout(
            map(sleep(int(0, limit)), () => "done"),
            limit,
          ),
          allows: succeeded((v) => v === "done"),
        }
      }
      return {
        kind: "timeout",
        future: timeout(pending<string>(), limit),
        allows: (o) => !o.ok && o.error instanceof TimeoutError,
      }
    }
    case 4: {
      const n = int(1, 20)
      const [tx, rx] = mpsc<number>(int(1, 4))
      return {
        kind: "mpsc",
        future: map(join(gen(produce, tx, n, int(0, 1)), gen(consumeSum, rx)), ([, s]) => s),
        allows: succeeded((v) => v === sum1to(n)),
      }
    }
    case 5: {
      const v = int(0, 1000)
      return { kind: "oneshot", future: gen(oneshotWork, int(0, 3), v), allows: succeeded((x) => x === v) }
    }
    case 6: {
      const n = int(1, 8)
      return { kind: "broadcast", future: gen(broadcastWork, n), allows: succeeded(equals([range(n), range(n)])) }
    }
    case 7: {
      const permits = int(1, 3)
      const n = int(1, 6)
      return {
        kind: "semaphore",
        future: gen(semaphoreWork, permits, n, int(0, 2)),
        allows: succeeded(equals({ done: n, overLimit: false })),
      }
    }
    case 8: {
      const n = int(1, 5)
      return { kind: "mutex", future: gen(mutexWork, n, int(0, 1)), allows: succeeded((v) => v === n) }
    }
    case 9: {
      const delays = Array.from({ length: int(1, 5) }, () => int(0, 3))
      return {
        kind: "scope",
        future: gen(scopeWork, delays),
        allows: succeeded((v) => v === sum1to(delays.length - 1)),
      }
    }
    default: {
      const delays = Array.from({ length: int(1, 5) }, () => int(0, 3))
      return {
        kind: "joinSet",
        future: gen(joinSetWork, delays),
        allows: succeeded((v) => v === sum1to(delays.length - 1)),
      }
    }
  }
}

/** What one soak run saw. */
export interface SoakResult {
  readonly executor: string
  readonly seed: number
  /** Tasks that settled. */
  tasks: number
  /** Tasks a cancel was sent to (at once or after a short sleep). */
  cancelRequests: number
  /** Tasks ended by their cancel (outcome Interrupted); the others had finished first. */
  cancelled: number
  /** Outcomes the work's construction does not allow, with the first few described. */
  unexpected: number
  readonly examples: string[]
  /** Timers still queued on the executor's timer after everything settled. */
  timersLeft: number
  /** Peak heap seen while running, bytes. */
  heapPeak: number
}

/** How a soak run stops: after `tasks` tasks, or at `until` (a `performance.now()` time). */
export type SoakLimit = { readonly tasks: number } | { readonly until: number }

/** Timers still queued on an executor's timer (every shipped executor's timer has `size`). */
const timersQueued = (ex: Executor): number => {
  const t = ex.timer as unknown as { size?: number; pendingTimers?: number }
  return t.size ?? t.pendingTimers ?? 0
}

/**
 * Keep `window` tasks running on `ex` until the limit, cancelling about `cancelRate` of them
 * after a random delay; check every outcome against what its work allows.
 */
export async function soak(
  name: string,
  ex: Executor,
  options: {
    readonly seed: number
    readonly limit: SoakLimit
    readonly window?: number
    readonly cancelRate?: number
    readonly onSample?: () => void
  },
): Promise<SoakResult> {
  const rnd = seededRandom(options.seed)
  const window = options.window ?? 64
  const cancelRate = options.cancelRate ?? 0.3
  const limit = options.limit
  const r: SoakResult = {
    executor: name,
    seed: options.seed,
    tasks: 0,
    cancelRequests: 0,
    cancelled: 0,
    unexpected: 0,
    examples: [],
    timersLeft: 0,
    heapPeak: 0,
  }
  let started = 0
  let running = 0
  const more = (): boolean => ("tasks" in limit ? started < limit.tasks : performance.now() < limit.until)
  const noteUnexpected = (what: string): void => {
    r.unexpected++
    if (r.examples.length < 5) r.examples.push(what)
  }

  await new Promise<void>((resolve) => {
    const settle = (w: Work, cancelled: boolean, o: SoakOutcome): void => {
      running--
      r.tasks++
      if (!o.ok && o.error instanceof Interrupted) {
        if (cancelled) r.cancelled++
        else noteUnexpected(`${w.kind}: Interrupted without a cancel`)
      } else if (!w.allows(o)) {
        noteUnexpected(
          `${w.kind}: ` +
            (o.ok ? `value ${JSON.stringify(o.value)}` : `${(o.error as Error)?.name}: ${(o.error as Error)?.message}`),
        )
      }
      if (r.tasks % 1024 === 0) {
        r.heapPeak = Math.max(r.heapPeak, process.memoryUsage().heapUsed)
        options.onSample?.()
      }
      fill()
    }
    const fill = (): void => {
      while (running < window && more()) {
        started++
        running++
        const w = makeWork(rnd)
        const cancel = rnd() < cancelRate
        const delay = Math.floor(rnd() * 4)
        let h: JoinHandle<unknown, unknown>
        try {
          h = ex.spawn(w.future)
        } catch (e) {
          settle(w, false, { ok: false, error: e })
          continue
        }
        h.then(
          (value) => settle(w, cancel, { ok: true, value }),
          (error: unknown) => settle(w, cancel, { ok: false, error }),
        )
        if (cancel) {
          r.cancelRequests++
          // at once (before the first poll), or later from a task on the same executor and timer
          if (delay === 0) h.cancel()
          else ex.spawn(map(sleep(delay - 1), () => h.cancel()))
        }
      }
      if (running === 0) resolve()
    }
    fill()
  })
  r.heapPeak = Math.max(r.heapPeak, process.memoryUsage().heapUsed)
  // let the cancellers of tasks that finished first run out (each sleeps at most 2 ms)
  const drainUntil = performance.now() + 2_000
  while (timersQueued(ex) > 0 && performance.now() < drainUntil) await new Promise((res) => setTimeout(res, 10))
  r.timersLeft = timersQueued(ex)
  return r
}

/** The host resources Node reports as active (timers, immediates, handles), by type. */
export function activeResources(): Map<string, number> {
  const out = new Map<string, number>()
  const info = (process as unknown as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo?.() ?? []
  for (const t of info) out.set(t, (out.get(t) ?? 0) + 1)
  return out
}

/** Resources active now that were not active in `before` (more of a type counts as a leak). */
export function leakedResources(before: Map<string, number>, after: Map<string, number>): string[] {
  const out: string[] = []
  for (const [t, n] of after) {
    const was = before.get(t) ?? 0
    if (n > was) out.push(`${t} ×${n - was}`)
  }
  return out
}
