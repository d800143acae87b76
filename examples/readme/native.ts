// Plain async/await: a Promise out, an AbortSignal in.
import { toPromise } from "@pollable/adapter-native"
import { fetchBoth, slowly } from "./library.js"

export async function main(): Promise<string> {
  const ac = new AbortController()
  const result = await toPromise(fetchBoth(slowly("a", 10), slowly("b", 20)), { signal: ac.signal })

  // Aborting cancels the whole tree: timers are released, `finally` blocks run.
  const abandoned = toPromise(fetchBoth(slowly("c", 1_000), slowly("d", 1_000)), { signal: ac.signal })
  ac.abort(new Error("user navigated away"))
  const reason = await abandoned.catch((e: Error) => e.message)

  return `${result}; ${reason}` // "a+b; user navigated away"
}
