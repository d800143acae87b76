import type { Executor } from "../contracts/executor.js"
import { checkExecutor, checkFunction } from "../internal/check.js"

/**
 * Where `withExecutor` keeps the executor it chose. The default store is a synchronous
 * stack: the choice covers code run synchronously inside `fn`. On Node, install an
 * async-context store (`useAsyncContext()` from `@pollable/adapter-native/context`) so the
 * choice follows `await`s too.
 */
export interface ExecutorStore {
  get(): Executor | undefined
  run<R>(executor: Executor, fn: () => R): R
}

class StackStore implements ExecutorStore {
  #current: Executor | undefined
  get(): Executor | undefined {
    return this.#current
  }
  run<R>(executor: Executor, fn: () => R): R {
    const prev = this.#current
    this.#current = executor
    try {
      return fn()
    } finally {
      this.#current = prev
    }
  }
}

let store: ExecutorStore | undefined

const getStore = (): ExecutorStore => (store ??= new StackStore())

/** Replace the executor store (see {@link ExecutorStore}). Returns the previous one. */
export function useExecutorStore(next: ExecutorStore): ExecutorStore {
  const prev = getStore()
  store = next
  return prev
}

/**
 * Make `executor` the default for futures started (by `spawn`, `toPromise`, `toObservable`,
 * `toEffect`, bound APIs…) while `fn` runs. Calls nest, and two libraries that choose
 * differently compose: each call only affects its own `fn`.
 *
 * @example
 * ```ts
 * withExecutor(new RxjsExecutor(testScheduler), () => toPromise(task))
 * ```
 */
export function withExecutor<R>(executor: Executor, fn: () => R): R {
  checkExecutor("withExecutor(executor, fn)", executor)
  checkFunction("withExecutor(executor, fn)", fn)
  return getStore().run(executor, fn)
}

/** The executor chosen by the innermost running `withExecutor`, if any. */
export const currentExecutor = (): Executor | undefined => getStore().get()
