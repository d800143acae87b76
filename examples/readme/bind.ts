// One API written over futures, published three ways with `bind`.
import { bind } from "@pollable/core"
import { native } from "@pollable/adapter-native"
import { rxjs } from "@pollable/adapter-rxjs"
import { effect } from "@pollable/adapter-effect"
import { fetchBoth, slowly } from "./library.js"

// The library's API: plain functions that return futures.
const api = { both: (a: string, b: string) => fetchBoth(slowly(a, 10), slowly(b, 20)) }

export const promiseApi = bind(api, native) // both(a, b, { signal? }): Promise<string>
export const rxjsApi = bind(api, rxjs) //      both(a, b): Observable<string>
export const effectApi = bind(api, effect) //  both(a, b): Effect<string, Unavailable | TimeoutError>

export async function main(): Promise<string> {
  const ac = new AbortController()
  return promiseApi.both("a", "b", { signal: ac.signal }) // "a+b"
}
