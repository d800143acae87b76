import type { Executor } from "../contracts/executor.js"
import type { Future } from "../contracts/future.js"

/**
 * What each adapter's runner returns for a `Future<T, E>`, keyed by adapter name.
 * Empty in core; every adapter adds its entry by module augmentation, e.g.
 *
 * ```ts
 * declare module "@pollable/core" {
 *   interface RunnerKinds<T, E> { native: Promise<T> }
 * }
 * ```
 */
// biome-ignore lint: the type parameters are used by augmentations
export interface RunnerKinds<T, E> {}

/** Per-call options each adapter's runner accepts, keyed by adapter name (augmented like {@link RunnerKinds}). */
export interface RunnerOptions {}

/** The name of an installed adapter. */
export type AdapterName = keyof RunnerKinds<unknown, unknown> & string

/**
 * An adapter: how to run futures in one runtime's idiom. `bind(api, adapter)` and the
 * executor selection use it; each adapter package exports one (`native`, `rxjs`, `effect`).
 */
export interface Adapter<K extends AdapterName> {
  readonly name: K
  /** A fresh executor of this adapter's kind (the default when this adapter is selected). */
  createExecutor(): Executor
  /**
   * Run the future made by `make` and return it in the runtime's idiom. Lazy where the runtime is (Observable, Effect).
   */
  run<T, E>(
    make: () => Future<T, E>,
    options?: K extends keyof RunnerOptions ? RunnerOptions[K] : never,
  ): RunnerKinds<T, E>[K]
}
