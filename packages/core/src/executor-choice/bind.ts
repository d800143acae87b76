import type { ErrorOf, Future, ValueOf } from "../contracts/future.js"
import { InvalidArgument } from "../errors.js"
import { describeArgument } from "../internal/check.js"
import type { Adapter, AdapterName, RunnerKinds, RunnerOptions } from "./adapter.js"

type OptionsOf<K> = K extends keyof RunnerOptions ? RunnerOptions[K] : never

/**
 * The API `bind(api, adapter)` returns: every function that returns a future now returns the
 * adapter's type for the future's {@link ValueOf} `T` and {@link ErrorOf} `E` (`Promise<T>`,
 * `Observable<T>`, `Effect<T, E>`) and accepts the adapter's options as one extra, optional, trailing argument. Other
 * members pass through unchanged.
 */
export type Bound<Api, K extends AdapterName> = {
  readonly [P in keyof Api]: Api[P] extends ((...args: infer A) => infer F extends Future<any, any>)
    ? (...args: [...A, options?: OptionsOf<K>]) => RunnerKinds<ValueOf<F>, ErrorOf<F>>[K]
    : Api[P]
} & {
  /** The same API with `options` applied to every call (for functions with optional or rest parameters). */
  readonly with: (options: OptionsOf<K>) => Bound<Api, K>
}

/**
 * Ship a futures API to every runtime from one source: `bind(api, native)` gives
 * Promise-returning functions, `bind(api, rxjs)` Observable-returning ones, `bind(api,
 * effect)` Effect-returning ones — with cancellation wired (AbortSignal option,
 * unsubscribe, interruption).
 *
 * Each call creates its future only when the runtime starts it (lazy for Observable and
 * Effect, immediate for Promise). A bound function takes the adapter's options as one extra
 * argument after its own declared parameters (`fn.length` of them); for functions with
 * optional or rest parameters use `bound.with(options).fn(...)`.
 *
 * @example
 * ```ts
 * const promiseClient = bind(makeClient(fetchPage), native)
 * await promiseClient.getPage(1, { signal })
 * ```
 */
export function bind<Api extends object, K extends AdapterName>(api: Api, adapter: Adapter<K>): Bound<Api, K> {
  if (typeof api !== "object" || api === null || Array.isArray(api)) {
    throw new InvalidArgument(
      "bind(api, adapter)",
      `api must be an object of functions, got ${describeArgument(api)}`,
      "pass e.g. { getPage }",
    )
  }
  if (typeof adapter?.run !== "function") {
    throw new InvalidArgument(
      "bind(api, adapter)",
      "adapter has no run()",
      "pass an adapter such as `native`, `rxjs` or `effect`",
    )
  }
  const make = (fixed: OptionsOf<K> | undefined): Bound<Api, K> => {
    const out: Record<PropertyKey, unknown> = {}
    for (const key of Reflect.ownKeys(api)) {
      const member = (api as Record<PropertyKey, unknown>)[key]
      if (typeof member !== "function") {
        out[key] = member
        continue
      }
      const fn = member as (...args: unknown[]) => Future<unknown, unknown>
      out[key] = (...args: unknown[]) => {
        let options = fixed
        if (args.length > fn.length) options = args.pop() as OptionsOf<K>
        return (adapter.run as (m: () => Future<unknown, unknown>, o?: unknown) => unknown)(
          () => fn.apply(api, args),
          options,
        )
      }
    }
    out.with = (options: OptionsOf<K>) => make(options)
    return out as Bound<Api, K>
  }
  return make(undefined)
}
