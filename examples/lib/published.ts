// "Write once, ship to every runtime": the same client, published three ways from one
// source. A library would export these from three entry points (or let users call bind).
import { bind } from "@pollable/core"
import { native } from "@pollable/adapter-native"
import { rxjs } from "@pollable/adapter-rxjs"
import { effect } from "@pollable/adapter-effect"
import { makeClient } from "./client.js"
import { fakePages } from "./scenarios.js"

const api = () => {
  const { getPage } = makeClient(fakePages(10))
  return { getPage }
}

/** `getPage(n, { signal? })` → `Promise<string>` */
export const promiseClient = bind(api(), native)
/** `getPage(n, { scheduler? })` → cold `Observable<string>` (unsubscribe cancels) */
export const rxjsClient = bind(api(), rxjs)
/**
 * `getPage(n)` → `Effect<string, RateLimitError | TimeoutError>` (interruption cancels): exactly
 * what can fail — the client's in-flight limit is a `Semaphore<never>`, never closed.
 */
export const effectClient = bind(api(), effect)
