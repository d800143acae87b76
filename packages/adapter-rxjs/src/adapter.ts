import type { Observable } from "rxjs"
import type { Adapter } from "@pollable/core"
import { RxjsExecutor } from "./rxjs-executor.js"
import { toObservable, type ToObservableOptions } from "./to-observable.js"

declare module "@pollable/core" {
  interface RunnerKinds<T, E> {
    /** `@pollable/adapter-rxjs`: a cold Observable of the future's value. */
    rxjs: Observable<T>
  }
  interface RunnerOptions {
    /** `@pollable/adapter-rxjs`: the options of `toObservable`. */
    rxjs: ToObservableOptions
  }
}

/**
 * The RxJS adapter: `bind(api, rxjs)` turns future-returning functions into
 * Observable-returning ones, and selecting `rxjs` (POLLABLE_EXECUTOR=rxjs,
 * `--conditions=pollable-rxjs`) makes {@link RxjsExecutor} on `asapScheduler` the default.
 */
export const rxjs: Adapter<"rxjs"> = {
  name: "rxjs",
  createExecutor: () => new RxjsExecutor(),
  run: (make, options) => toObservable(make, options),
}
