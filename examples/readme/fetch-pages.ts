// Library author: fetch N pages with at most 4 in flight; cancel all on first error.
// Written once on pollable futures; callers run it with toPromise / toObservable / toEffect.
import {
  gen,
  mapConcurrent,
  scope,
  Semaphore,
  stream,
  wrap,
  type Future,
  type Scope,
  type SemaphoreClosed,
} from "@pollable/core"

export const fetchAll = <E>(urls: readonly string[], fetchPage: (url: string) => Future<string, E>) =>
  scope(function* fetchAll(s: Scope<E | SemaphoreClosed>) {
    const slots = new Semaphore(4) // at most 4 fetches in flight
    const pages = urls.map((url) =>
      s.spawn(
        gen(function* () {
          using _permit = yield* slots.acquire() // released on success, failure and cancel
          return yield* wrap(fetchPage(url))
        }),
      ),
    )
    const out: string[] = []
    for (const p of pages) out.push(yield* p) // the first failure cancels every sibling
    return out // the scope ends only when every child has ended: nothing outlives the call
  })

// The same with a stream: `f` runs only when one of the 4 slots is free; source order kept.
export const fetchAllStream = <E>(urls: readonly string[], fetchPage: (url: string) => Future<string, E>) =>
  stream.collect(mapConcurrent(stream.fromIterable(urls), 4, fetchPage, { ordered: true }))
