import type { ErrorOf, Future, Pollable } from "./contracts/future.js"
import { Pending, type Poll } from "./contracts/poll.js"
import type { Context } from "./contracts/waker.js"
import { Interrupted, InvalidArgument, PollAfterReady } from "./errors.js"
import { checkGeneratorFunction } from "./internal/check.js"
import {
  enterBody,
  FutureBase,
  inBody,
  iterateOnce,
  leaveBody,
  leaveCaller,
  noteCancel,
  returnToCaller,
  restoreBody,
} from "./future-base.js"
import { cancelQuietly, teardownFault } from "./fault/teardown.js"
import { CANCELLED, COMPLETED, RUNNING } from "./internal/state.js"
import type { WaitDescription } from "./introspect/describe-wait.js"

/** The failure type of the futures a generator yields (the union of their {@link ErrorOf}). */
export type YieldedError<Y> = Y extends Future<any, any> ? ErrorOf<Y> : never

const isFuture = (x: unknown): x is Future<unknown, unknown> =>
  typeof x === "object" && x !== null && typeof (x as Future<unknown>).poll === "function"

/** `Gen.#flags`: the gen's poll is in progress (its body, or a future it awaits, is running). */
const STEPPING = 1
/** `Gen.#flags`: the body was defined once with {@link fn}, so the gen may keep it after it ended. */
const HOISTED = 2
/** `Gen.#flags`: `#run` holds the body's one argument itself (no array). */
const ONE_ARG = 4
/** `Gen.#flags`: the body was started: `#run` holds its generator (or `undefined` once it ended). */
const STARTED = 8
/** `Gen.#flags`: a `yield*` in another gen's body delegated to this gen's body (see `[Symbol.iterator]`). */
const DELEGATED = 16

/** How many futures a cancelled generator's `finally` blocks may yield before we give up on them. */
const MAX_FINALLY_YIELDS = 1000

type AnyGenerator = Generator<unknown, unknown, unknown>

/** The body of the idle `Gen` (never run). */
function* idleBody(): Generator<never, void, unknown> {}

// %GeneratorPrototype%, read from a local generator function (no global is touched). Every
// generator object a `function*` returns inherits from it (gen and fn accept only
// `function*` bodies), whatever the function: calling its `next`/`throw` directly keeps the
// driver's call site monomorphic. `it.next(v)` would look `next` up through each generator function's own
// `prototype` object — a new hidden class per closure — and go megamorphic once a program has
// run a few inline `gen(function* () { … })` closures, slowing every later gen.
const GeneratorPrototype = (Object.getPrototypeOf(function* () {}) as { prototype: AnyGenerator }).prototype
const GenNext = GeneratorPrototype.next
const GenThrow = GeneratorPrototype.throw
const GenReturn = GeneratorPrototype.return

/**
 * The iterator a `yield*` gets for an inline gen it delegates to: it forwards each call to
 * the body's generator through `%GeneratorPrototype%`'s own methods, so the `yield*` sees one
 * hidden class whatever the closure.
 */
class Forward implements Iterator<unknown, unknown, unknown> {
  /**
   * A never-used instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: Forward | null | undefined
  readonly #it: AnyGenerator
  constructor(it: AnyGenerator) {
    this.#it = it
    if (Forward.#idle === undefined) Forward.#makeIdle()
  }
  /** Made by the first real construction; a call of its own keeps the constructor small enough to inline. */
  static #makeIdle(): void {
    Forward.#idle = null
    Forward.#idle = new Forward(idleBody())
  }
  next(v?: unknown): IteratorResult<unknown, unknown> {
    return GenNext.call(this.#it, v)
  }
  throw(e?: unknown): IteratorResult<unknown, unknown> {
    return GenThrow.call(this.#it, e)
  }
  return(v?: unknown): IteratorResult<unknown, unknown> {
    return GenReturn.call(this.#it, v)
  }
}

class Gen<T, E> extends FutureBase<T, E> {
  /**
   * A never-polled instance, kept for its hidden class (see ARCHITECTURE.md, "Idle instances");
   * `null` while being made.
   */
  static #idle: Gen<void, never> | null | undefined
  /**
   * The generator function, started at the first poll; once the gen ended, only its name
   * (for the label), so a finished gen keeps nothing the function captured.
   */
  #fn: ((...args: any[]) => Generator<unknown, T, any>) | string
  /**
   * Before the first poll, the arguments for `#fn`: the one argument itself ({@link ONE_ARG}),
   * an array of them, or `undefined` for none. From the first poll ({@link STARTED}) until the
   * body returned, threw or was closed, the running generator; then `undefined`. One field for
   * both: a gen is created per call, and every field is a store at construction.
   */
  #run: unknown
  /** The future the body waits on: set before each poll of it, so a cancel meanwhile reaches it. */
  #current: Future<unknown, unknown> | undefined
  /** {@link STEPPING}, {@link HOISTED}, {@link ONE_ARG}, {@link STARTED}, {@link DELEGATED}. */
  #flags: number

  constructor(body: (...args: any[]) => Generator<unknown, T, any>, run: unknown, flags: number) {
    super()
    this.#fn = body
    this.#run = run
    this.#current = undefined
    this.#flags = flags
    if (Gen.#idle === undefined) Gen.#makeIdle()
  }
  /** Made by the first real construction; a call of its own keeps the constructor small enough to inline. */
  static #makeIdle(): void {
    Gen.#idle = null
    Gen.#idle = new Gen(idleBody, undefined, HOISTED)
  }

  /** What the body is suspended on (see `DescribesWait`). */
  describeWait(): WaitDescription {
    return [this.#current]
  }
  get label(): string {
    // read here, not at construction: a function's name is not free to look up
    const f = this.#fn
    return `gen(${typeof f === "string" ? f : f.name || "anonymous"})`
  }

  /**
   * `yield* g` of a gen never polled, inside a running gen's body: the body's generator is
   * delegated to directly, as `yield*` of a plain generator would be. Its awaits go to the
   * outer gen's driver, and the call costs no poll, no suspension and no second driver. The
   * gen itself is then consumed (ended: a later poll throws PollAfterReady). Anywhere else —
   * a gen already polled, a generator driven by hand, a cancelled gen's cleanup — `yield*`
   * yields the gen to whoever drives the generator, which polls it.
   */
  override [Symbol.iterator](): Iterator<Future<T, E>, T, any> {
    const flags = this.#flags
    if (inBody() && this.state === RUNNING && (flags & (STARTED | STEPPING)) === 0) {
      this.state = COMPLETED
      this.#flags = flags | DELEGATED
      try {
        const it = Gen.#start(this)
        // a body defined once (`fn`) makes generators of one hidden class, which the `yield*`
        // can call directly; an inline `function*` closure makes a new class per closure, which
        // would turn that `yield*` many-shaped: it goes through one forwarding iterator instead
        return ((flags & HOISTED) !== 0 ? it : new Forward(it)) as Iterator<Future<T, E>, T, any>
      } finally {
        Gen.#release(this)
      }
    }
    return iterateOnce(this)
  }

  /**
   * A gen polled from inside its own body (it awaits itself, directly or through a cycle)
   * fails that poll without touching its own state: its generator is running and cannot be
   * resumed, and the gen must stay usable for the body that catches the error.
   *
   * The whole poll is written out here (not `FutureBase.poll` calling `step`): a gen is
   * polled for every step of every task, and one try block instead of three nested ones
   * is measurably shorter.
   */
  override poll(cx: Context): Poll<T> {
    const flags = this.#flags
    if ((flags & STEPPING) !== 0) {
      throw new InvalidArgument(
        this.label,
        "polled from inside its own body (it awaits itself, directly or through a cycle of futures)",
        "a gen cannot wait for itself: break the cycle (e.g. spawn one side and await its handle elsewhere)",
      )
    }
    if (this.state !== RUNNING) {
      // its body runs (or ran) as part of the gen whose `yield*` took it: say so
      if ((flags & DELEGATED) !== 0) throw new PollAfterReady(this.label, "was run by a `yield*` in another gen's body")
      // ended or cancelled: the base class throws PollAfterReady
      return super.poll(cx)
    }
    this.#flags = flags | STEPPING
    // this poll's own code is no gen's body: a gen polled from code in another gen's body
    // must not let that body's `yield*` shortcuts apply to what it polls
    const outer = leaveCaller()
    // The driver, written out here (no driver function, one try block around it): every step
    // of every task runs it. It runs the body until it returns, throws, or awaits a pending
    // future. The first poll starts the generator; a later one first polls the future the body
    // waits on. Each future the body yields is polled at once with this poll's context: a
    // ready one resumes the body with its value, a pending one ends the poll (it holds our waker).
    let r: Poll<T> = Pending
    let it: AnyGenerator
    // the future to poll before resuming the body: the one it waits on, after the first poll
    let y: Future<unknown, unknown> | undefined
    let input: unknown
    let failed = false
    try {
      if ((flags & STARTED) === 0) it = Gen.#start(this)
      else {
        it = this.#run as AnyGenerator
        y = this.#current
      }
      for (;;) {
        if (y !== undefined) {
          failed = false
          try {
            // what is not a future fails right here, checked only then (off the common path)
            const v = y.poll(cx)
            // (the poll may have cancelled this gen: `state` is read again)
            if (v === Pending || Gen.#cancelled(this)) break
            input = v
          } catch (e) {
            // cancelled meanwhile: stop here rather than run the body's catch blocks
            if (Gen.#cancelled(this)) break
            failed = true
            // not a future: the body gets the misuse error at that `yield`, as from a failed future
            input = isFuture(y) ? e : Gen.#notAFuture(this, y)
          }
          this.#current = undefined
        }
        enterBody()
        const res = failed ? GenThrow.call(it, input) : GenNext.call(it, input)
        leaveBody()
        if (Gen.#cancelled(this)) break
        if (res.done === true) {
          r = res.value as T
          break
        }
        y = res.value as Future<unknown, unknown>
        // recorded before the poll, so a cancel of this gen during it reaches the future
        this.#current = y
      }
    } catch (e) {
      // (a throw out of the body skipped the `leaveBody` after its resumption)
      restoreBody(outer)
      Gen.#end(this)
      this.state = COMPLETED
      Gen.#release(this)
      throw e
    }
    returnToCaller(outer)
    Gen.#end(this)
    if (r !== Pending) {
      // finished: release the generator and the function
      this.state = COMPLETED
      Gen.#release(this)
    }
    return r
  }

  /** Unused: {@link Gen.poll} does the whole poll. */
  protected step(cx: Context): Poll<T> {
    return this.poll(cx)
  }

  /**
   * The poll is over (it returned or threw): if the gen was cancelled from inside its own
   * poll (e.g. a task cancelling itself), finish the cancellation now that the generator is no
   * longer executing; a finally block that throws is a teardown fault (rule 8), not this
   * poll's outcome.
   */
  static #end<T, E>(g: Gen<T, E>): void {
    g.#flags &= ~STEPPING
    if (g.state === CANCELLED) {
      try {
        Gen.#close(g)
      } catch (e) {
        teardownFault(e, `cancelling ${g.label}`)
      }
    }
  }

  /**
   * The gen ended (returned, threw or was closed): keep the function's name for the label;
   * drop the function and the finished generator, so a finished gen that is still referenced
   * keeps nothing its body captured.
   */
  static #release<T, E>(g: Gen<T, E>): void {
    const f = g.#fn
    // a body defined once with `fn` lives as long as its definition anyway: keeping it costs
    // nothing, and skips reading `name` (not free) on every call of a library function
    if ((g.#flags & HOISTED) === 0 && typeof f !== "string") g.#fn = f.name || "anonymous"
    g.#run = undefined
  }

  /** The error for a body that yielded `y`, which is not a future. */
  static #notAFuture<T, E>(g: Gen<T, E>, y: unknown): InvalidArgument {
    return new InvalidArgument(
      g.label,
      `the generator yielded ${typeof y} ${String(y)}, not a future`,
      "use `yield* future` (with the star) and yield only futures",
    )
  }

  /** Read `state` anew (code that ran since may have cancelled the gen). */
  static #cancelled<T, E>(g: Gen<T, E>): boolean {
    return g.state === CANCELLED
  }

  /** Call the body: at the first poll, or when a running body delegates to it with `yield*`. */
  static #start<T, E>(g: Gen<T, E>): AnyGenerator {
    const run = g.#run
    // called as a plain function: the body's `this` is not the gen
    const fn = g.#fn as (...args: any[]) => AnyGenerator
    let it: AnyGenerator
    if ((g.#flags & ONE_ARG) !== 0) it = fn(run)
    else if (run === undefined) it = fn()
    else {
      const args = run as readonly unknown[]
      // spelled out for the common arities: a spread call costs a fifth of a small gen's poll
      it = args.length === 2 ? fn(args[0], args[1]) : args.length === 3 ? fn(args[0], args[1], args[2]) : fn(...args)
    }
    g.#run = it
    g.#flags |= STARTED
    return it
  }

  protected onCancel(): void {
    // a body that runs now (this gen's, cancelling itself, or another) takes no more shortcuts
    // until its next resumption: its `yield*`s go to its driver, which sees the cancel
    noteCancel()
    const cur = this.#current
    this.#current = undefined
    // a throwing teardown of the awaited future must not skip the generator's finally blocks
    if (cur !== undefined) cancelQuietly(cur)
    if ((this.#flags & STEPPING) === 0) Gen.#close(this)
  }

  /** Run the generator's `finally` blocks (rule 4: cancel runs cleanup). */
  static #close<T, E>(g: Gen<T, E>): void {
    // before the first poll `#run` holds the arguments, which will never be used now
    const it = (g.#flags & STARTED) !== 0 ? (g.#run as AnyGenerator | undefined) : undefined
    Gen.#release(g)
    if (it === undefined) return
    // the finally blocks run outside any gen's body: their `yield*`s take no shortcut
    const outer = leaveBody()
    try {
      Gen.#finish(g, it)
    } finally {
      restoreBody(outer)
    }
  }

  static #finish<T, E>(g: Gen<T, E>, it: AnyGenerator): void {
    // Run `finally` blocks now. A future yielded from a finally block during cancel cannot
    // be awaited (the task is gone): it is cancelled at once and its `yield*` throws
    // Interrupted, which the generator may catch; the rest of the cleanup still runs.
    let res = it.return(undefined as T)
    for (let n = 0; res.done !== true && n < MAX_FINALLY_YIELDS; n++) {
      const y = res.value
      if (isFuture(y)) cancelQuietly(y)
      const interrupted = new Interrupted(`${g.label}: a future yielded in a finally block during cancel`)
      try {
        res = it.throw(interrupted)
      } catch (e) {
        if (e === interrupted) return
        throw e
      }
    }
    if (res.done !== true) it.return(undefined as T)
  }
}

/**
 * A gen of `body` called with `args` (a rest-parameter array): one argument, the common case,
 * is kept as it is ({@link ONE_ARG}), with no array to read it back from.
 */
function newGen<T, E>(
  body: (...args: any[]) => Generator<unknown, T, any>,
  args: readonly unknown[],
  flags: number,
): Gen<T, E> {
  const n = args.length
  return new Gen<T, E>(body, n === 0 ? undefined : n === 1 ? args[0] : args, n === 1 ? flags | ONE_ARG : flags)
}

/**
 * Write a future as a generator: `yield*` any future to await it. The result type is
 * what the generator returns; the failure type is the union of the yielded futures'.
 *
 * @remarks
 * - Lazy (rule 7): the generator body starts at the first poll.
 * - A failure of an awaited future is thrown at its `yield*`, so try/catch works.
 * - `yield* sub(...)` of a gen that was never polled runs `sub`'s body as part of this one,
 *   as `yield*` of a plain generator would: no separate poll, and what it awaits is what
 *   this gen awaits (task introspection shows that future). `sub` itself is then spent:
 *   polling it throws PollAfterReady and cancelling it does nothing — cancel the gen that
 *   awaits it. A gen already polled elsewhere is awaited as the future it is.
 * - Cancel safety: cancelling the gen future cancels the future it is waiting on and runs
 *   the generator's `finally` blocks synchronously; a future yielded inside those blocks is
 *   cancelled immediately and its `yield*` throws `Interrupted` (a cancelled task cannot
 *   await); outer `finally` blocks still run. `cancel()` never throws (rule 8): a `finally`
 *   block that throws while the gen is cancelled is reported (or attached as `suppressed` to
 *   the error an enclosing combinator raises).
 *
 * @example
 * ```ts
 * const f = gen(function* () {
 *   yield* sleep(10)
 *   const [a, b] = yield* join(ready(1), ready(2))
 *   return a + b
 * })
 * ```
 *
 * @example Arguments for a generator function defined once
 * ```ts
 * function* fetchPage(n: number) {
 *   const body = yield* http.get(`/pages/${n}`)
 *   return parse(body)
 * }
 * const pages = joinAll([1, 2, 3].map((n) => gen(fetchPage, n)))
 * ```
 * Prefer this form on hot paths: V8 charges about a microsecond the first time each new
 * generator-function closure is called (it builds the closure's prototype and object
 * map), so `gen(function* () { … })` written inside a loop or a per-request function pays
 * it per call, while `gen(fetchPage, n)` pays it once.
 * @throws InvalidArgument when `body` is not a generator function (`function*`; at call
 * time) or the generator yields something that is not a future (thrown into the body at that
 * `yield`, and out of the poll unless the body catches it).
 */
export function gen<Y, T>(body: () => Generator<Y, T, any>): Pollable<T, YieldedError<Y>>
export function gen<A extends readonly unknown[], Y, T>(
  body: (...args: A) => Generator<Y, T, any>,
  ...args: A
): Pollable<T, YieldedError<Y>>
export function gen<Y, T>(
  body: (...args: any[]) => Generator<Y, T, any>,
  ...args: unknown[]
): Pollable<T, YieldedError<Y>> {
  checkGeneratorFunction("gen(body)", body)
  return newGen<T, YieldedError<Y>>(body as (...args: any[]) => Generator<unknown, T, any>, args, 0)
}

/** `function* name(a, b)`: a generator function's source up to its parameter list, which it captures. */
const GENERATOR_HEAD = /^function\s*\*\s*[\w$]*\s*\(([^()]*)\)/
/** A parameter list of plain names only (no defaults, no rest, no destructuring, no comments). */
const PLAIN_PARAMETERS = /^\s*(?:[A-Za-z_$][\w$]*\s*(?:,\s*[A-Za-z_$][\w$]*\s*)*,?)?\s*$/
/** What could read the arguments past the declared parameters. */
const READS_ALL_ARGUMENTS = /\barguments\b|\beval\b/

/**
 * True when `body` cannot tell whether it got arguments past its declared parameters: its
 * source is a `function*` with plain parameter names (a default or rest parameter is not
 * counted in `length`) that never mentions `arguments` or `eval`. Read once, where `fn` is
 * called; any doubt (a method, a comment in the parameters, a source that cannot be read)
 * answers false, which keeps every argument.
 */
function seesOnlyItsParameters(body: (...args: any[]) => unknown): boolean {
  let src: string
  try {
    src = Function.prototype.toString.call(body)
  } catch {
    return false
  }
  const head = GENERATOR_HEAD.exec(src)
  if (head === null || !PLAIN_PARAMETERS.test(head[1]!)) return false
  return !READS_ALL_ARGUMENTS.test(src.slice(head[0].length))
}

/**
 * Define a library function once from a generator function, the way `Effect.fn` does:
 * `fn(function* name(a, b) { … })` returns a function with the generator's parameters that
 * returns the same future `gen` does, started lazily at its first poll (rule 7).
 *
 * This is the form to use for every function a library exports or calls often. The
 * generator function is created once, where `fn` is called, instead of once per call:
 * on V8 a new `function*` closure costs about a microsecond the first time it runs, which
 * `gen(function* () { … })` written inside a function pays on every call.
 *
 * @remarks
 * - Each call makes a new future: calling `fetchBoth(a, b)` twice gives two independent
 *   futures; nothing runs until one is polled.
 * - The body runs as a plain function (`this` is undefined) with the call's arguments.
 * - The returned function has the generator function's `name` and `length` (its declared
 *   parameters), for stack traces, labels and `bind`.
 * - Arguments past the declared parameters reach the body when it could see them (a default
 *   or rest parameter, `arguments`); a body with plain parameters that never reads
 *   `arguments` is called with its parameters alone, so `ids.map(fetchOne)` costs no array
 *   per call for the index and array `map` also passes.
 *
 * @example
 * ```ts
 * const fetchBoth = fn(function* fetchBoth(a: string, b: number) {
 *   const [x, y] = yield* join(get(a), get(String(b)))
 *   return x + y
 * })
 * const both = yield* fetchBoth("/a", 2)        // inside another gen
 * const v = await toPromise(fetchBoth("/a", 2)) // or through any adapter
 * ```
 * @throws InvalidArgument when `body` is not a generator function (`function*`; at
 * definition), or the generator yields something that is not a future (thrown into the body
 * at that `yield`, and out of the poll unless the body catches it).
 */
export function fn<A extends readonly unknown[], Y, T>(
  body: (...args: A) => Generator<Y, T, any>,
): (...args: A) => Pollable<T, YieldedError<Y>> {
  checkGeneratorFunction("fn(body)", body)
  const native = body as (...args: any[]) => Generator<unknown, T, any>
  const n = body.length
  // a body that cannot see the arguments past its parameters is called with those alone: a
  // callback such as `ids.map(fetchOne)` passes three, and keeping them costs an array per call
  const defined = (n <= 1 && seesOnlyItsParameters(body)
    ? n === 1
      ? (a: unknown) => new Gen(native, a, HOISTED | ONE_ARG)
      : () => new Gen(native, undefined, HOISTED)
    : (...args: unknown[]) => newGen(native, args, HOISTED)) as unknown as (...args: A) => Pollable<T, YieldedError<Y>>
  // named and sized like the generator function: stack traces read well, and `bind` (which
  // finds a trailing options argument by the declared parameter count) sees its parameters
  Object.defineProperty(defined, "name", { value: body.name || "anonymous" })
  Object.defineProperty(defined, "length", { value: body.length })
  return defined
}
