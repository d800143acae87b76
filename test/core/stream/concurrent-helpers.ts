import { gen, sleep, type Future } from "@pollable/core"
import { Boom } from "../scope/scope-helpers.js"

/** A fetch stand-in that records how many run at once. */
export const meter = () => {
  let now = 0
  let max = 0
  const started: number[] = []
  const fetch = (ms: number, v: number, fail = false): Future<number, Boom> =>
    gen(function* () {
      started.push(v)
      now++
      max = Math.max(max, now)
      try {
        yield* sleep(ms)
        if (fail) throw new Boom(String(v))
        return v
      } finally {
        now--
      }
    })
  return {
    fetch,
    started,
    get max() {
      return max
    },
    get inFlight() {
      return now
    },
  }
}
