// P. Per-call adapters: application code in each runtime calls a pollable library function
// once per item — `await toPromise(one(x))`, `concatMap(x => toObservable(() => one(x)))`,
// `yield* toEffect(() => one(x))` — next to the same function written in that runtime's own
// idiom. `one` is defined once with `fn` and awaits one ready value, like its peers.
import { Effect } from "effect"
import { fn, gen, ready, type Context } from "@pollable/core"
import { toPromise } from "@pollable/adapter-native"
import { toObservable } from "@pollable/adapter-rxjs"
import { toEffect } from "@pollable/adapter-effect"
import { concatMap, lastValueFrom, map, of, range, reduce, type Observable } from "rxjs"
import { size, type BenchGroup } from "../lib.js"

const N = size(1e4)

/** The library function, defined once. */
const one = fn(function* one(x: number) {
  const v = yield* ready(x)
  return v + 1
})

// ---- Promise ---------------------------------------------------------------------------

async function asyncOne(x: number): Promise<number> {
  const v = await x
  return v + 1
}

const awaitAsync = async (): Promise<number> => {
  let acc = 0
  for (let i = 0; i < N; i++) acc = await asyncOne(acc)
  return acc
}

const awaitToPromise = async (): Promise<number> => {
  let acc = 0
  for (let i = 0; i < N; i++) acc = await toPromise(one(acc))
  return acc
}

const awaitToPromiseInline = async (): Promise<number> => {
  let acc = 0
  for (let i = 0; i < N; i++)
    acc = await toPromise(
      gen(function* () {
        const v = yield* ready(acc)
        return v + 1
      }),
    )
  return acc
}

// floors for P1: what the same loop costs with less in it — not code anyone writes
/** A context for polling by hand: nothing here ever suspends, so its waker is never used. */
const handCx: Context = { waker: { wake() {} } }
const floorPollResolve = async (): Promise<number> => {
  let acc = 0
  for (let i = 0; i < N; i++) acc = await Promise.resolve(one(acc).poll(handCx) as number)
  return acc
}
/** An iterator that is done at once with its value, what `yield* ready(x)` amounts to. */
class ReadyIterator {
  done = true
  value: number
  constructor(v: number) {
    this.value = v
  }
  next(): this {
    return this
  }
  [Symbol.iterator](): this {
    return this
  }
}
function* bareOne(x: number): Generator<never, number, unknown> {
  const v: number = yield* new ReadyIterator(x) as unknown as Generator<never, number, unknown>
  return v + 1
}
const floorBareResolve = async (): Promise<number> => {
  let acc = 0
  for (let i = 0; i < N; i++) acc = await Promise.resolve(bareOne(acc).next().value as number)
  return acc
}
const floorResolveOnly = async (): Promise<number> => {
  let acc = 0
  for (let i = 0; i < N; i++) acc = await Promise.resolve(acc + 1)
  return acc
}

// ---- RxJS ------------------------------------------------------------------------------

const rxOne = (x: number): Observable<number> => of(x).pipe(map((v) => v + 1))

const rxPipeline = (f: (i: number) => Observable<number>) => (): Promise<number> =>
  lastValueFrom(
    range(0, N).pipe(
      concatMap(f),
      reduce((a, v) => a + v, 0),
    ),
  )

// ---- Effect ----------------------------------------------------------------------------

const effectOne = Effect.fn(function* (x: number) {
  const v = yield* Effect.succeed(x)
  return v + 1
})

const effectGenOne = (x: number): Effect.Effect<number> =>
  Effect.gen(function* () {
    const v = yield* Effect.succeed(x)
    return v + 1
  })

const effectPipeOne = (x: number): Effect.Effect<number> => Effect.map(Effect.succeed(x), (v) => v + 1)

const effectLoop = (f: (x: number) => Effect.Effect<number>) =>
  Effect.gen(function* () {
    let acc = 0
    for (let i = 0; i < N; i++) acc = yield* f(acc)
    return acc
  })

const effectNative = effectLoop(effectOne)
const effectGen = effectLoop(effectGenOne)
const effectPipe = effectLoop(effectPipeOne)
const effectAdapter = effectLoop((x) => toEffect(() => one(x)))

export const groups: BenchGroup[] = [
  {
    name: `P1. per-call toPromise: ${N} sequential calls`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "await asyncOne(x)", baseline: true, fn: awaitAsync },
      { impl: "await toPromise(one(x)), one = fn(…)", fn: awaitToPromise },
      { impl: "await toPromise(gen(function* () {…}))", fn: awaitToPromiseInline },
      { impl: "floor: one(x) polled by hand, await Promise.resolve(value)", fn: floorPollResolve },
      { impl: "floor: a bare generator, await Promise.resolve(value)", fn: floorBareResolve },
      { impl: "floor: await Promise.resolve(x + 1)", fn: floorResolveOnly },
    ],
    goals: [{ impl: "await toPromise(one(x)), one = fn(…)", maxRatio: 1.5 }],
  },
  {
    name: `P2. per-call toObservable: ${N} items through concatMap`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "concatMap(x => of(x).pipe(map(…)))", baseline: true, fn: rxPipeline(rxOne) },
      { impl: "concatMap(x => toObservable(() => one(x)))", fn: rxPipeline((x) => toObservable(() => one(x))) },
    ],
    goals: [{ impl: "concatMap(x => toObservable(() => one(x)))", maxRatio: 1.0 }],
  },
  {
    name: `P3. per-call toEffect: ${N} sequential calls in Effect.gen`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "yield* effectOne(x), Effect.fn", baseline: true, fn: () => Effect.runPromise(effectNative) },
      { impl: "yield* effectGenOne(x), x => Effect.gen(…)", fn: () => Effect.runPromise(effectGen) },
      { impl: "yield* Effect.map(Effect.succeed(x), …)", fn: () => Effect.runPromise(effectPipe) },
      { impl: "yield* toEffect(() => one(x))", fn: () => Effect.runPromise(effectAdapter) },
    ],
    goals: [
      { impl: "yield* toEffect(() => one(x))", maxRatio: 1.0 },
      { impl: "yield* toEffect(() => one(x))", maxRatio: 1.0, versus: "yield* effectGenOne(x), x => Effect.gen(…)" },
    ],
  },
]
