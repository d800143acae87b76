import {
  cancelQuietly,
  Done,
  FutureBase,
  Interrupted,
  InvalidArgument,
  Pending,
  StreamBase,
  type Context,
  type Poll,
  type Stream as PollStream,
  type Waker,
} from "@pollable/core"
import { checkExecutor, checkOptions } from "@pollable/core/adapter"
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as EffectContext from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { EffectDefect } from "./errors.js"
import { toEffect, type ToEffectOptions } from "./to-effect.js"

/** Options of {@link streamToEffectStream}. */
export interface StreamToEffectStreamOptions extends ToEffectOptions {
  /**
   * Most items taken per downstream pull. Items the pollable stream has ready right away
   * are handed over together as one chunk, up to this many; a `Pending` ends the chunk
   * (a pull never waits to fill one). `1` pulls strictly one item per downstream pull.
   * Default 64.
   */
  readonly maxChunk?: number | undefined
}

type StreamFailureOf<S> = S extends { readonly "~error"?: infer E } ? Exclude<E, undefined> : unknown

/** One downstream pull: polls the pollable stream until an item, `Done`, or `maxChunk` items. */
class NextChunk<T, E> extends FutureBase<readonly T[] | typeof Done, E> {
  constructor(
    readonly source: Source<T, E>,
    readonly max: number,
  ) {
    super()
  }
  get label(): string {
    return "streamToEffectStream(pull)"
  }
  protected step(cx: Context): Poll<readonly T[] | typeof Done> {
    const src = this.source
    if (src.error !== undefined) {
      const e = src.error
      src.error = undefined
      throw e.error
    }
    if (src.done) return Done
    const out: T[] = []
    while (out.length < this.max) {
      let r: Poll<T | typeof Done>
      try {
        r = src.stream.pollNext(cx)
      } catch (error) {
        if (out.length === 0) throw error
        src.error = { error } // deliver the items first, the failure on the next pull
        return out
      }
      if (r === Pending) return out.length > 0 ? out : Pending
      if (r === Done) {
        src.done = true
        return out.length > 0 ? out : Done
      }
      out.push(r as T)
    }
    return out
  }
  protected onCancel(): void {}
}

interface Source<T, E> {
  readonly stream: PollStream<T, E>
  done: boolean
  error: { error: unknown } | undefined
}

/**
 * A pollable `Stream<T, E>` as an Effect `Stream<T, E>`.
 *
 * Pull-based both ways: the pollable stream is polled only when the Effect stream is
 * pulled (each pull runs like {@link toEffect}, on the fiber's scheduler and `Clock`, so
 * `TestClock` drives pollable `interval`/`throttle`). `make` runs once per run of the Effect
 * stream. When the Effect stream's scope closes early — `Stream.take`, interruption, a
 * downstream failure — the pollable stream is cancelled (rule 4).
 *
 * Failures map as in {@link toEffect}: a throw is a typed failure, pollable misuse errors
 * are defects, a thrown `Interrupted` interrupts.
 *
 * @example
 * ```ts
 * const ticks = streamToEffectStream(() => stream.take(stream.interval(1000), 3))
 * const all = yield* Stream.runCollect(ticks) // with TestClock: adjust 3 seconds
 * ```
 * @throws InvalidArgument (at call time) when `make` is not a function or `maxChunk` is not a number >= 1.
 */
export function streamToEffectStream<S extends PollStream<any, any>>(
  make: () => S,
  options?: StreamToEffectStreamOptions,
): Stream.Stream<S extends PollStream<infer T, any> ? T : never, StreamFailureOf<S>>
export function streamToEffectStream<T, E>(
  make: () => PollStream<T, E>,
  options?: StreamToEffectStreamOptions,
): Stream.Stream<T, E> {
  if (typeof make !== "function") {
    throw new InvalidArgument(
      "streamToEffectStream(make)",
      `expected a function returning a pollable stream, got ${make === null ? "null" : typeof make}`,
      "pass () => stream, so each run of the Effect stream gets a fresh pollable stream",
    )
  }
  checkOptions("streamToEffectStream(make, options)", options)
  checkExecutor("streamToEffectStream(make, { executor })", options?.executor, true)
  const maxChunk = options?.maxChunk ?? 64
  if (typeof maxChunk !== "number" || !(maxChunk >= 1)) {
    throw new InvalidArgument(
      "streamToEffectStream(make, { maxChunk })",
      `expected a number >= 1, got ${String(maxChunk)}`,
      "pass how many ready items one pull may take, e.g. 64",
    )
  }
  const max = Math.floor(maxChunk)
  return Stream.unwrap(
    Effect.gen(function* () {
      const src: Source<T, E> = { stream: make(), done: false, error: undefined }
      // rule 8: a stream whose cancel throws must not turn the stream's end into a defect
      yield* Effect.addFinalizer(() => Effect.sync(() => cancelQuietly(src.stream)))
      const pull = Effect.flatMap(
        toEffect(() => new NextChunk(src, max), options),
        (chunk) => (chunk === Done ? Cause.done() : Effect.succeed(chunk as unknown as Arr.NonEmptyReadonlyArray<T>)),
      )
      return Stream.fromPull(Effect.succeed(pull))
    }),
  )
}

/** Options of {@link effectStreamToStream}. */
export interface EffectStreamToStreamOptions<R> {
  /** Services providing what the Effect stream requires. Default: none. */
  readonly runtime?: EffectContext.Context<R> | undefined
}

/**
 * An Effect `Stream<A, E>` as a pollable `Stream<A, E>`.
 *
 * Lazy (rule 7): the Effect stream is opened (`Stream.toPull` in a fresh scope) at the
 * first `pollNext`. Pull-based: one Effect pull (a chunk) runs only when the pollable
 * consumer has taken every item of the previous chunk. Its end is `Done`; its failure is
 * thrown like {@link fromEffect}'s (typed error, `Interrupted`, or {@link EffectDefect}).
 *
 * @remarks Cancel safety: `cancel()` interrupts the pull in flight and closes the scope, so
 * the Effect stream's finalizers run (synchronous ones before `cancel()` returns).
 * @throws InvalidArgument (at call time) when `stream` is not an Effect Stream or `runtime` not a Context.
 */
export function effectStreamToStream<A, E>(stream: Stream.Stream<A, E, never>): PollStreamFromEffect<A, E>
export function effectStreamToStream<A, E, R>(
  stream: Stream.Stream<A, E, R>,
  options: EffectStreamToStreamOptions<R>,
): PollStreamFromEffect<A, E>
export function effectStreamToStream<A, E, R>(
  stream: Stream.Stream<A, E, R>,
  options?: EffectStreamToStreamOptions<R>,
): PollStreamFromEffect<A, E> {
  if (!Stream.isStream(stream)) {
    throw new InvalidArgument(
      "effectStreamToStream(stream)",
      `expected an Effect Stream, got ${stream === null ? "null" : typeof stream}`,
      "pass a Stream from effect/Stream; for a pollable stream there is nothing to convert",
    )
  }
  checkOptions("effectStreamToStream(stream, options)", options)
  const services = options?.runtime
  if (services !== undefined && !EffectContext.isContext(services)) {
    throw new InvalidArgument(
      "effectStreamToStream(stream, { runtime })",
      `expected a Context of services, got ${typeof services}`,
      "pass Context.make(Service, impl), or leave the option out",
    )
  }
  const run = <X, Y>(eff: Effect.Effect<X, Y, R>): Fiber.Fiber<X, Y> =>
    services === undefined ? Effect.runFork(eff as Effect.Effect<X, Y, never>) : Effect.runForkWith(services)(eff)
  return new PollStreamFromEffect<A, E>(stream as Stream.Stream<A, E, any>, run as never)
}

type Runner = <X, Y>(eff: Effect.Effect<X, Y, any>) => Fiber.Fiber<X, Y>

/** The pollable stream {@link effectStreamToStream} returns. */
export class PollStreamFromEffect<A, E> extends StreamBase<A, E> {
  readonly #stream: Stream.Stream<A, E, any>
  readonly #run: Runner
  #scope: Scope.Closeable | undefined
  #pull: Effect.Effect<Arr.NonEmptyReadonlyArray<A>, E | Cause.Done> | undefined
  #fiber: Fiber.Fiber<any, any> | undefined
  #unobserve: (() => void) | undefined
  #exit: Exit.Exit<any, any> | undefined
  #buffer: readonly A[] = []
  #index = 0
  #waker: Waker | undefined

  constructor(stream: Stream.Stream<A, E, any>, run: Runner) {
    super()
    this.#stream = stream
    this.#run = run
  }

  get label(): string {
    return "effectStreamToStream"
  }

  protected step(cx: Context): Poll<A | typeof Done> {
    for (;;) {
      if (this.#index < this.#buffer.length) return this.#buffer[this.#index++]!
      const exit = this.#exit
      if (exit !== undefined) {
        this.#exit = undefined
        this.#fiber = undefined
        if (Exit.isSuccess(exit)) {
          if (this.#pull === undefined) this.#pull = exit.value
          else {
            this.#buffer = exit.value
            this.#index = 0
          }
          continue
        }
        if (Pull.isDoneCause(exit.cause)) {
          this.#close(Exit.void)
          return Done
        }
        this.#close(exit)
        throw failureOf(exit.cause)
      }
      if (this.#fiber !== undefined) {
        this.#waker = cx.waker
        return Pending
      }
      // start the next Effect: open the stream first, then one pull per drained chunk
      let eff: Effect.Effect<any, any, any>
      if (this.#pull === undefined) {
        const scope = Scope.makeUnsafe()
        this.#scope = scope
        eff = Scope.provide(Stream.toPull(this.#stream), scope)
      } else {
        eff = this.#pull
      }
      const fiber = this.#run(eff)
      const done = fiber.pollUnsafe()
      if (done !== undefined) {
        this.#exit = done
        this.#fiber = fiber
        continue
      }
      this.#fiber = fiber
      this.#unobserve = fiber.addObserver(this.#onExit)
    }
  }

  readonly #onExit = (exit: Exit.Exit<any, any>): void => {
    this.#unobserve = undefined
    this.#exit = exit
    const w = this.#waker
    this.#waker = undefined
    w?.wake()
  }

  protected onCancel(): void {
    this.#waker = undefined
    this.#unobserve?.()
    this.#unobserve = undefined
    this.#fiber?.interruptUnsafe()
    this.#fiber = undefined
    this.#buffer = []
    this.#close(Exit.interrupt())
  }

  #close(exit: Exit.Exit<unknown, unknown>): void {
    const scope = this.#scope
    this.#scope = undefined
    this.#pull = undefined
    if (scope !== undefined) Effect.runFork(Scope.close(scope, exit))
  }
}

function failureOf(cause: Cause.Cause<unknown>): unknown {
  const fail = Cause.findError(cause)
  if (fail._tag === "Success") return fail.success
  if (Cause.hasInterruptsOnly(cause)) return new Interrupted("effectStreamToStream")
  return EffectDefect.fromCause(cause)
}
