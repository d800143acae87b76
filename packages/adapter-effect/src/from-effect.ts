import { FutureBase, Interrupted, InvalidArgument, Pending, type Context, type Poll, type Waker } from "@pollable/core"
import { checkOptions, describeArgument } from "@pollable/core/adapter"
import * as EffectContext from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { EffectDefect } from "./errors.js"
import { exitToOutcome } from "./outcome.js"

/**
 * Where {@link fromEffect} runs the Effect: a `Context` of services (Effect 4's runtime is
 * the services a fiber starts with), or a `ManagedRuntime` (whose layer error `ER` joins the
 * future's error type).
 */
export type EffectRuntime<R, ER = never> = EffectContext.Context<R> | ManagedRuntime.ManagedRuntime<R, ER>

/** Options of {@link fromEffect}. */
export interface FromEffectOptions<R, ER = never> {
  /** Services or a runtime providing what the Effect requires. Default: no services. */
  readonly runtime?: EffectRuntime<R, ER> | undefined
}

/**
 * The future {@link fromEffect} returns. Besides the `Future` contract it exposes the
 * fiber once forked, so a caller can await the fiber's full exit after `cancel()`.
 */
export class EffectFuture<A, E> extends FutureBase<A, E> {
  #start: (() => Fiber.Fiber<A, E>) | undefined
  #fiber: Fiber.Fiber<A, E> | undefined
  #exit: Exit.Exit<A, E> | undefined
  #waker: Waker | undefined
  #unobserve: (() => void) | undefined

  constructor(start: () => Fiber.Fiber<A, E>) {
    super()
    this.#start = start
  }

  get label(): string {
    return this.#fiber === undefined ? "fromEffect(not started)" : `fromEffect(fiber #${this.#fiber.id})`
  }

  /**
   * The fiber running the Effect: `undefined` before the first poll. After `cancel()` it
   * may still be running asynchronous finalizers; `Fiber.await(future.fiber)` waits for them.
   */
  get fiber(): Fiber.Fiber<A, E> | undefined {
    return this.#fiber
  }

  protected step(cx: Context): Poll<A> {
    const start = this.#start
    if (start !== undefined) {
      this.#start = undefined
      const fiber = start()
      this.#fiber = fiber
      const done = fiber.pollUnsafe()
      if (done !== undefined) return this.#take(done)
      this.#waker = cx.waker
      this.#unobserve = fiber.addObserver(this.#onExit)
      return Pending
    }
    const exit = this.#exit
    if (exit !== undefined) return this.#take(exit)
    this.#waker = cx.waker
    return Pending
  }

  protected onCancel(): void {
    this.#start = undefined
    this.#waker = undefined
    const unobserve = this.#unobserve
    this.#unobserve = undefined
    unobserve?.()
    this.#fiber?.interruptUnsafe()
  }

  readonly #onExit = (exit: Exit.Exit<A, E>): void => {
    this.#unobserve = undefined
    this.#exit = exit
    const w = this.#waker
    this.#waker = undefined
    w?.wake()
  }

  #take(exit: Exit.Exit<A, E>): A {
    this.#exit = undefined
    const o = exitToOutcome(exit)
    if (o._tag === "Success") return o.value
    if (o._tag === "Failure") throw o.error
    throw new Interrupted(this.label)
  }
}

const isServices = (r: unknown): r is EffectContext.Context<unknown> => EffectContext.isContext(r)

/**
 * Run an Effect as a pollable `Future<A, E>`.
 *
 * Lazy (rule 7): the Effect is forked as a fiber at the first poll — and starts running
 * synchronously on that poll's stack until it first suspends, as `Effect.runFork` does.
 * The fiber's exit wakes the task; the `Exit` maps onto the three outcomes
 * ({@link exitToOutcome}): success; failure with the first typed error; interrupted
 * (polling throws `Interrupted`); a defect fails with {@link EffectDefect}.
 *
 * @remarks Cancel safety: `cancel()` interrupts the fiber. The interruption runs on the
 * spot, so finalizers that complete synchronously (`acquireRelease` with an `Effect.sync`
 * release, `Effect.ensuring`, …) have run when `cancel()` returns; asynchronous finalizers
 * continue on the fiber — `Fiber.await(future.fiber)` waits for them.
 *
 * @example
 * ```ts
 * const f: Future<number, ParseError> = fromEffect(parseConfig)
 * const withServices = fromEffect(program, { runtime: Context.make(Db, db) })
 * ```
 * @throws InvalidArgument (at call time) when `effect` is not an Effect, or `runtime` neither a Context nor a
 * ManagedRuntime.
 */
export function fromEffect<A, E>(effect: Effect.Effect<A, E, never>): EffectFuture<A, E>
export function fromEffect<A, E, R, ER = never>(
  effect: Effect.Effect<A, E, R>,
  options: FromEffectOptions<R, ER>,
): EffectFuture<A, E | ER>
export function fromEffect<A, E, R, ER>(
  effect: Effect.Effect<A, E, R>,
  options?: FromEffectOptions<R, ER>,
): EffectFuture<A, E | ER> {
  if (!Effect.isEffect(effect)) {
    throw new InvalidArgument(
      "fromEffect(effect)",
      `expected an Effect, got ${describeArgument(effect)}`,
      "pass an Effect value",
    )
  }
  checkOptions("fromEffect(effect, options)", options)
  const runtime = options?.runtime
  if (runtime === undefined) {
    return new EffectFuture<A, E | ER>(() => Effect.runFork(effect as Effect.Effect<A, E, never>))
  }
  if (isServices(runtime)) {
    const services = runtime as EffectContext.Context<R>
    return new EffectFuture<A, E | ER>(() => Effect.runForkWith(services)(effect))
  }
  if (!ManagedRuntime.isManagedRuntime(runtime)) {
    throw new InvalidArgument(
      "fromEffect(effect, { runtime })",
      `expected a Context of services or a ManagedRuntime, got ${runtime === null ? "null" : typeof runtime}`,
      "pass Context.make(Service, impl) or ManagedRuntime.make(layer), or leave the option out",
    )
  }
  const rt = runtime as Exclude<EffectRuntime<R, ER>, EffectContext.Context<R>>
  return new EffectFuture<A, E | ER>(() => rt.runFork(effect))
}
