import { suspend, type Adapter } from "@pollable/core"
import { NativeExecutor } from "./native-executor.js"
import { toPromise, type ToPromiseOptions } from "./to-promise.js"

declare module "@pollable/core" {
  interface RunnerKinds<T, E> {
    /** `@pollable/adapter-native`: a Promise of the future's value. */
    native: Promise<T>
  }
  interface RunnerOptions {
    /** `@pollable/adapter-native`: the options of `toPromise`. */
    native: ToPromiseOptions
  }
}

/**
 * The native adapter: `bind(api, native)` turns future-returning functions into
 * Promise-returning ones, and selecting `native` (the default, `POLLABLE_EXECUTOR=native`,
 * `--conditions=pollable-native`) makes a {@link NativeExecutor} the default executor.
 *
 * `run(make, { signal, executor })` builds the future with `make` at its first poll and
 * returns {@link toPromise} of it (a throw from `make` rejects the promise). As with an async
 * function, that first poll happens at once, on the caller's stack.
 */
export const native: Adapter<"native"> = {
  name: "native",
  createExecutor: () => new NativeExecutor(),
  run: (make, options) => toPromise(suspend(make), options),
}
