import { take, type Observable, type ObservableInput, type Unsubscribable } from "rxjs"
import { InvalidArgument } from "@pollable/core"
import { checkOptions } from "@pollable/core/adapter"
import { observableFrom } from "./check.js"
import { EmptyObservableError } from "./errors.js"

/** Which value(s) of an Observable a future or promise resolves with. */
export type CollectMode = "first" | "last" | "toArray"

/** @internal The one-shot result of {@link collect}. */
export type Collected<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown }

/** @internal What to collect, checked once at creation. */
export interface CollectPlan<T> {
  readonly source: Observable<T>
  readonly mode: CollectMode
  readonly hasDefault: boolean
  readonly default: unknown
  readonly what: string
}

/** @internal Validates the input and the options, and fixes the mode. */
export function plan<T>(
  input: ObservableInput<T>,
  mode: CollectMode,
  options: { readonly default?: unknown } | undefined,
  what: string,
): CollectPlan<T> {
  if (mode !== "first" && mode !== "last" && mode !== "toArray") {
    throw new InvalidArgument(
      `${what}(source, { mode })`,
      `unknown mode ${JSON.stringify(mode)}`,
      'pass "first", "last" (the default) or "toArray"',
    )
  }
  checkOptions(`${what}(source, options)`, options)
  const source = observableFrom(`${what}(source)`, input)
  return {
    source: mode === "first" ? source.pipe(take(1)) : source,
    mode,
    hasDefault: options !== undefined && "default" in options,
    default: options?.default,
    what: `${what}(mode: "${mode}")`,
  }
}

/**
 * @internal Subscribe and call `done` exactly once with the result. `done` may run before
 * this returns (synchronous sources); the returned handle then is already closed.
 * `first` unsubscribes the source right after its first value (through `take(1)`, which
 * works even while the source is still emitting synchronously).
 */
export function collect<T>(p: CollectPlan<T>, done: (r: Collected<unknown>) => void): Unsubscribable {
  let last: T | undefined
  let has = false
  const all: T[] = []
  return p.source.subscribe({
    next(v) {
      if (p.mode === "toArray") all.push(v)
      else {
        last = v
        has = true
      }
    },
    error(error: unknown) {
      done({ ok: false, error })
    },
    complete() {
      if (p.mode === "toArray") done({ ok: true, value: all })
      else if (has) done({ ok: true, value: last })
      else if (p.hasDefault) done({ ok: true, value: p.default })
      else done({ ok: false, error: new EmptyObservableError(p.what) })
    },
  })
}
