// Executors shared by the pollable cases: the reference executor with its default
// microtask drains (what adapter-native builds on), and the manual executor driven
// synchronously by `blockOn` (no host scheduling at all).
import { LocalExecutor, type Future } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"

export const local = new LocalExecutor({ name: "bench-local" })
export const manual = new ManualExecutor()

/** Drive a future on the reference executor and await its handle. */
export const onLocal = <T>(f: Future<T, unknown>): PromiseLike<T> => local.spawn(f)

/** Drive a future synchronously on the manual executor. */
export const onManual = <T>(f: Future<T, unknown>): T => manual.blockOn(f)
