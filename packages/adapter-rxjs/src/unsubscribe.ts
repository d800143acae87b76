import type { Unsubscribable } from "rxjs"
import { reportFault } from "@pollable/core"

/**
 * Unsubscribe, never throwing (rule 8): an Observable teardown that throws (RxJS rethrows it
 * as `UnsubscriptionError`) is reported with `reportFault`, so it can neither replace an
 * outcome already decided nor escape from an abort listener as an uncaught exception.
 * @internal
 */
export function unsubscribeQuietly(sub: Unsubscribable | undefined, origin: string): void {
  if (sub === undefined) return
  try {
    sub.unsubscribe()
  } catch (e) {
    reportFault(e, origin)
  }
}
