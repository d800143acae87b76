// A. Sequential ready steps: N steps, each an already-completed async value fed into the
// next, in every runtime's own idiom. Every case computes the same sum and is driven to
// completion.
import { Effect } from "effect"
import { andThen, gen, ready, type Future, type Pollable } from "@pollable/core"
import { concatMap, of, range, type Observable } from "rxjs"
import { onLocal, onManual } from "../drivers.js"
import { size, type BenchGroup } from "../lib.js"

const N = size(1e5)

// One step = the runtime's ready-value constructor applied to acc + 1.
const promiseStep = (x: number): Promise<number> => Promise.resolve(x + 1)
const rxStep = (x: number): Observable<number> => of(x + 1)
const effectStep = (x: number): Effect.Effect<number> => Effect.succeed(x + 1)
const pollStep = (x: number): Pollable<number, never> => ready(x + 1)

const awaitLoop = async (): Promise<number> => {
  let acc = 0
  for (let i = 0; i < N; i++) acc = await promiseStep(acc)
  return acc
}

const thenChain = (): Promise<number> => {
  let p = Promise.resolve(0)
  for (let i = 0; i < N; i++) p = p.then(promiseStep)
  return p
}

const rxConcatMap = (): Promise<number> =>
  new Promise((resolve, reject) => {
    let acc = 0
    range(0, N)
      .pipe(concatMap(() => rxStep(acc)))
      .subscribe({
        next: (v) => {
          acc = v
        },
        error: reject,
        complete: () => resolve(acc),
      })
  })

const effectProgram = (): Effect.Effect<number> =>
  Effect.gen(function* () {
    let acc = 0
    for (let i = 0; i < N; i++) acc = yield* effectStep(acc)
    return acc
  })

/** Pre-built chain of N `andThen` links, like the `.then` chain. */
const andThenChain = (): Future<number, never> => {
  let f: Future<number, never> = ready(0)
  for (let i = 0; i < N; i++) f = andThen(f, pollStep)
  return f
}

/** The same steps as a lazy recursive loop (each step builds the next), like the await loop. */
const andThenLoop = (): Future<number, never> => {
  const loop = (acc: number, i: number): Future<number, never> =>
    i === N ? ready(acc) : andThen<number, number, never, never>(pollStep(acc), (v) => loop(v, i + 1))
  return loop(0, 0)
}

const genLoop = (): Future<number, never> =>
  gen(function* () {
    let acc = 0
    for (let i = 0; i < N; i++) acc = yield* pollStep(acc)
    return acc
  })

export const groups: BenchGroup[] = [
  {
    name: `A. sequential ready steps (N = ${N})`,
    ops: N,
    sameResult: true,
    cases: [
      { impl: "await loop", baseline: true, fn: awaitLoop },
      { impl: ".then chain", fn: thenChain },
      { impl: "RxJS concatMap", fn: rxConcatMap },
      { impl: "Effect.gen runSync", fn: () => Effect.runSync(effectProgram()) },
      { impl: "Effect.gen runPromise", fn: () => Effect.runPromise(effectProgram()) },
      { impl: "pollable andThen chain (local)", fn: () => onLocal(andThenChain()) },
      { impl: "pollable andThen chain (manual)", fn: () => onManual(andThenChain()) },
      { impl: "pollable andThen loop (local)", fn: () => onLocal(andThenLoop()) },
      { impl: "pollable gen (local)", fn: () => onLocal(genLoop()) },
      { impl: "pollable gen (manual)", fn: () => onManual(genLoop()) },
    ],
    goals: [
      { impl: "pollable gen (local)", maxRatio: 0.6 },
      { impl: "pollable gen (manual)", maxRatio: 0.6 },
      { impl: "pollable andThen chain (local)", maxRatio: 0.25 },
      { impl: "pollable andThen chain (manual)", maxRatio: 0.25 },
      { impl: "pollable andThen loop (local)", maxRatio: 0.25 },
    ],
  },
]
