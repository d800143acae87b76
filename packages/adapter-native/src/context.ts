/**
 * @pollable/adapter-native/context — `withExecutor` scopes that follow `await`, on
 * `AsyncLocalStorage` (Node, Bun, Deno).
 * @module \@pollable/adapter-native/context
 */
import { AsyncLocalStorage } from "node:async_hooks"
import type { Executor } from "@pollable/core"
import { useExecutorStore, type ExecutorStore } from "@pollable/core/adapter"

/** A {@link ExecutorStore} on `AsyncLocalStorage`: a `withExecutor` scope follows `await`s and callbacks. */
export class AsyncContextStore implements ExecutorStore {
  readonly #als = new AsyncLocalStorage<Executor>()
  get(): Executor | undefined {
    return this.#als.getStore()
  }
  run<R>(executor: Executor, fn: () => R): R {
    return this.#als.run(executor, fn)
  }
}

/**
 * Make `withExecutor` scopes async-context aware (Node, Bun, Deno): after this call, a
 * future started after an `await` inside `withExecutor(ex, async () => …)` still runs on
 * `ex`. Call it once at start-up; it returns a function restoring the previous store.
 *
 * @example
 * ```ts
 * import { useAsyncContext } from "@pollable/adapter-native/context"
 * useAsyncContext()
 * await withExecutor(rxjsExecutor, async () => { await x; return toPromise(task) })
 * ```
 */
export function useAsyncContext(): () => void {
  const prev = useExecutorStore(new AsyncContextStore())
  return () => {
    useExecutorStore(prev)
  }
}
