import { conditionChoice } from "#pollable-condition"
import type { Executor, JoinHandle } from "../contracts/executor.js"
import type { Future } from "../contracts/future.js"
import type { Timer } from "../contracts/waker.js"
import { InvalidArgument, MissingAdapter, PollableError } from "../errors.js"
import type { AdapterName } from "./adapter.js"
import { checkExecutor, checkFuture } from "../internal/check.js"
import { LocalExecutor } from "../executor/local-executor.js"
import { andThen } from "../combinators/chain.js"
import { fromCallback } from "../combinators/from-callback.js"
import { currentExecutor } from "./current.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { leaveHandle, type Threw } from "../executor/first-poll.js"

/**
 * The name of an executor kind that can be selected: an adapter's name, such as `"native"`,
 * `"rxjs"` or `"effect"`. The set is open: any adapter provided with `provideAdapters`, or
 * installed as the package `@pollable/adapter-<name>` exporting an adapter named `<name>`,
 * can be selected without a change to core.
 */
export type ExecutorKind = AdapterName | (string & {})

/** How the default executor was chosen, in precedence order (per call > `withExecutor` > env > condition > default). */
export type SelectionSource = "withExecutor" | "POLLABLE_EXECUTOR" | "export condition" | "default"

/** An adapter name: lower-case letters, digits and dashes, starting with a letter (a package-name suffix). */
const NAME = /^[a-z][a-z0-9-]*$/

/** The package an adapter of kind `name` is loaded from when nobody provided it. */
const packageOf = (name: string): string => `@pollable/adapter-${name}`

// Core has no Node types; this is all it reads of `process`, and only at call time.
declare const process: { readonly env: Readonly<Record<string, string | undefined>> }

/**
 * Reads `POLLABLE_EXECUTOR` at call time (never at import); undefined outside runtimes with
 * `process.env`. Written as the literal `process.env.POLLABLE_EXECUTOR` so a bundler's
 * `define` can fix the choice at build time for any adapter name.
 */
function envChoice(): string | undefined {
  let v: string | undefined
  try {
    v = process.env.POLLABLE_EXECUTOR
  } catch {
    return undefined // no `process` here (a browser without a bundler's define)
  }
  return v === undefined || v === "" ? undefined : v.trim()
}

/** What {@link selectedKind} found. */
export interface Selection {
  readonly kind: ExecutorKind
  readonly source: Exclude<SelectionSource, "withExecutor">
  /** e.g. `POLLABLE_EXECUTOR=effect` or `--conditions=pollable-rxjs`. */
  readonly setting: string
}

/** The selection read at the first use (see {@link selectedKind}); cleared by {@link resetSelection}. */
let remembered: Selection | undefined

/**
 * Which executor kind the environment selects: `POLLABLE_EXECUTOR` beats the package export
 * condition, which beats the default (`native`).
 *
 * The environment is read at the first call (never at import) and remembered: reading
 * `process.env` costs more than starting a small task, and every `toPromise`,
 * `toObservable` and `toEffect` call asks. Set `POLLABLE_EXECUTOR` before the first use, or
 * call {@link resetSelection} after changing it.
 * @throws InvalidArgument when `POLLABLE_EXECUTOR` names no known executor.
 */
export function selectedKind(): Selection {
  return (remembered ??= readSelection())
}

function readSelection(): Selection {
  const env = envChoice()
  if (env !== undefined) {
    if (!NAME.test(env)) {
      throw new InvalidArgument(
        "POLLABLE_EXECUTOR",
        `"${env}" is not an adapter name`,
        'set it to an adapter\'s name such as "native", "rxjs" or "effect" ' +
          "(the package @pollable/adapter-<name>), or unset it",
      )
    }
    return { kind: env, source: "POLLABLE_EXECUTOR", setting: `POLLABLE_EXECUTOR=${env}` }
  }
  if (conditionChoice !== undefined) {
    return { kind: conditionChoice, source: "export condition", setting: `--conditions=pollable-${conditionChoice}` }
  }
  return { kind: "native", source: "default", setting: "the default (native)" }
}

/** The part of an {@link Adapter} the selection needs. */
export interface SelectableAdapter {
  readonly name: string
  createExecutor(): Executor
}

const provided = new Map<string, SelectableAdapter>()
const loaded = new Map<ExecutorKind, Promise<Executor>>()
const ready = new Map<ExecutorKind, Executor>()

/**
 * Hand adapters to the selection up front, so a selected executor is available
 * synchronously without a dynamic import (bundles, browsers, tests).
 *
 * @example
 * ```ts
 * import { native } from "@pollable/adapter-native"; import { rxjs } from "@pollable/adapter-rxjs"
 * provideAdapters(native, rxjs)
 * ```
 */
export function provideAdapters(...adapters: SelectableAdapter[]): void {
  for (const a of adapters) provided.set(a.name, a)
}

/** Forget provided adapters, created default executors and the remembered `POLLABLE_EXECUTOR` (for tests). */
export function resetSelection(): void {
  remembered = undefined
  ownPicked = undefined
  provided.clear()
  loaded.clear()
  ready.clear()
}

const importer = (name: string): Promise<Record<string, unknown>> =>
  import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<Record<string, unknown>>

/**
 * Load (once) the executor of `sel.kind`: a provided adapter, else a dynamic import of its
 * package. Rejects with `MissingAdapter` naming the package and the setting that chose it.
 */
function load(sel: Selection): Promise<Executor> {
  const have = ready.get(sel.kind)
  if (have !== undefined) return Promise.resolve(have)
  let p = loaded.get(sel.kind)
  if (p === undefined) {
    const a = provided.get(sel.kind)
    const pkg = packageOf(sel.kind)
    p = (
      a !== undefined
        ? Promise.resolve(a)
        : importer(pkg).then(
            (mod) => {
              const adapter = mod[sel.kind] as SelectableAdapter | undefined
              if (adapter === undefined || typeof adapter.createExecutor !== "function") {
                throw new MissingAdapter(sel.kind, sel.setting, pkg)
              }
              return adapter
            },
            () => {
              throw new MissingAdapter(sel.kind, sel.setting, pkg)
            },
          )
    ).then((adapter) => {
      const ex = adapter.createExecutor()
      ready.set(sel.kind, ex)
      ownPicked = undefined
      return ex
    })
    loaded.set(sel.kind, p)
  }
  return p
}

/**
 * The executor futures run on when the caller passed none: the innermost `withExecutor`
 * call, else the one selected by `POLLABLE_EXECUTOR`, else by the export condition, else native.
 *
 * It is returned synchronously. When the selected adapter has not been loaded yet, the
 * returned executor accepts spawns at once and starts them as soon as the adapter's module
 * has loaded (a dynamic import); if the package is missing, those tasks fail with
 * `MissingAdapter`. Call {@link loadDefaultExecutor} at start-up to fail fast instead.
 */
export function defaultExecutor(own?: OwnExecutor): SelectedExecutor {
  const chosen = currentExecutor()
  if (chosen !== undefined) return new SelectedExecutor(chosen, "withExecutor", "withExecutor()", chosen)
  const sel = selectedKind()
  const ex = ready.get(sel.kind)
  if (ex === undefined && own !== undefined && (own.kind === sel.kind || sel.source === "default")) {
    // Nothing was selected (or the adapter's own kind was): an adapter's runner uses its
    // own executor rather than importing another package.
    return new SelectedExecutor(
      own.kind,
      sel.source,
      sel.source === "default" ? `the default (${own.kind})` : sel.setting,
      own.executor(),
    )
  }
  return new SelectedExecutor(sel.kind, sel.source, sel.setting, ex)
}

/**
 * An adapter's own executor, offered to {@link defaultExecutor} by the adapter's runners:
 * when the selection names the adapter's kind, or nothing is selected at all, it is used
 * directly instead of loading another adapter package. So with no setting, `toObservable`
 * runs on an RxjsExecutor and `toEffect` on an EffectExecutor, and an application that
 * installed only one adapter never needs another.
 */
export interface OwnExecutor {
  readonly kind: ExecutorKind
  executor(): Executor
}

/** Resolve and load the selected executor; rejects with `MissingAdapter` when its package is absent. */
export async function loadDefaultExecutor(): Promise<Executor> {
  const chosen = currentExecutor()
  if (chosen !== undefined) return chosen
  return load(selectedKind())
}

// Tasks spawned before the selected adapter loaded wait on this tiny executor, then hand
// over to the real one; it needs no timer because it only awaits the load.
let relay: LocalExecutor | undefined

/** The default executor plus why it was chosen. */
export class SelectedExecutor implements Executor {
  constructor(
    readonly kind: ExecutorKind | Executor,
    readonly source: SelectionSource,
    readonly setting: string,
    readonly executor: Executor | undefined,
  ) {}

  /** e.g. `"rxjs (from POLLABLE_EXECUTOR)"`, `"native (default)"`. */
  describe(): string {
    const name = typeof this.kind === "string" ? this.kind : (this.kind.describe?.() ?? "custom executor")
    const why =
      this.source === "default" ? "default" : this.source === "withExecutor" ? "withExecutor" : `from ${this.source}`
    return `${name} (${why})`
  }

  get timer(): Timer {
    if (this.executor !== undefined) return this.executor.timer
    throw new PollableError(
      `defaultExecutor(): the ${String(this.kind)} adapter is not loaded yet; ` +
        `await loadDefaultExecutor() first or provideAdapters(...) at start-up`,
    )
  }

  /** `start` of the selected executor when it has one (see {@link startOn}), else `spawn`. */
  start<T, E>(future: Future<T, E>): JoinHandle<T, E> {
    const ex = this.executor as Startable | undefined
    return ex !== undefined && typeof ex.start === "function" ? ex.start(future) : this.spawn(future)
  }

  spawn<T, E>(future: Future<T, E>): JoinHandle<T, E> {
    if (this.executor !== undefined) return this.executor.spawn(future)
    const sel: Selection = {
      kind: this.kind as ExecutorKind,
      source: this.source as Selection["source"],
      setting: this.setting,
    }
    const loading = load(sel)
    const wait = fromCallback<Executor, unknown>((res, rej) => {
      loading.then(res, rej)
    })
    relay ??= new LocalExecutor({ name: "selection relay" })
    return relay.spawn(andThen(wait, (ex) => ex.spawn(future))) as JoinHandle<T, E>
  }
}

/**
 * Run `future` on `executor` when given, else on {@link defaultExecutor}. Adapters' runners
 * use this so per-call choice beats every default.
 */
export function spawnOn<T, E>(future: Future<T, E>, executor?: Executor, own?: OwnExecutor): JoinHandle<T, E> {
  checkFuture("spawnOn(future, executor)", future)
  checkExecutor("spawnOn(future, executor)", executor, true)
  return (executor ?? chosenExecutor(own)).spawn(future)
}

/**
 * What {@link defaultExecutor} would run on, without the description object: the executor
 * itself once it is known (a `withExecutor` call's, a loaded adapter's, the adapter's own), else the
 * loading {@link SelectedExecutor}. Per-call runners take this path.
 */
function chosenExecutor(own: OwnExecutor | undefined): Executor {
  const chosen = currentExecutor()
  if (chosen !== undefined) return chosen
  // the selection picked this runner's own executor last time, and nothing it reads changed since
  if (own !== undefined && own === ownPicked) return own.executor()
  const sel = selectedKind()
  const ex = ready.get(sel.kind)
  if (ex !== undefined) return ex
  if (own !== undefined && (own.kind === sel.kind || sel.source === "default")) {
    ownPicked = own
    return own.executor()
  }
  return defaultExecutor(own)
}

/**
 * The {@link OwnExecutor} {@link chosenExecutor} last picked: a per-call runner asks again on
 * every call, and the answer only changes when the selection is reset or an adapter loads.
 */
let ownPicked: OwnExecutor | undefined

/** An executor that can also start a task eagerly (every core `LocalExecutor` can). */
interface Startable extends Executor {
  start?<T, E>(future: Future<T, E>): JoinHandle<T, E>
}

/** An executor that can poll a future before making it a task (every core `LocalExecutor` can). */
interface FirstPoller extends Startable {
  startNow?<T, E>(future: Future<T, E>): Poll<T> | typeof Threw
}

/**
 * Like {@link startOn}, for runners that need the outcome rather than a handle: a future that
 * finishes at its first poll makes no task at all. Returns its value; or {@link Threw} when
 * it failed there (take the error with {@link takeStartError}); or `Pending` when it must
 * wait and is now a task of the executor (take its handle with {@link takeStartedHandle},
 * right away, before starting anything else). Executors that cannot poll first give a
 * handle, and `Pending`, as `startOn` would.
 * @example
 * ```ts
 * const r = startNow(future, options.executor, ownExecutor)
 * if (r === Threw) return Promise.reject(takeStartError())
 * if (r !== Pending) return Promise.resolve(r)
 * const handle = takeStartedHandle<T, E>() // runs on; wait for its outcome
 * ```
 * @throws InvalidArgument when `future` is not a Future or `executor` not an executor;
 * ExecutorClosed when the executor was disposed.
 */
export function startNow<T, E>(future: Future<T, E>, executor?: Executor, own?: OwnExecutor): Poll<T> | typeof Threw {
  // per call, no executor given is the common case: nothing to check, no call made
  if (executor !== undefined) checkExecutor("startNow(future, executor)", executor, true)
  const ex = (executor ?? chosenExecutor(own)) as FirstPoller
  if (typeof ex.startNow === "function") return ex.startNow(future)
  checkFuture("startNow(future, executor)", future)
  leaveHandle(typeof ex.start === "function" ? ex.start(future) : ex.spawn(future))
  return Pending
}

/**
 * Like {@link spawnOn}, but the task's first poll happens now, on the caller's stack, when the
 * executor offers `start` (core's `LocalExecutor` and every adapter executor built on it);
 * other executors spawn as usual. For runners that are eager anyway, such as `toPromise`.
 */
export function startOn<T, E>(future: Future<T, E>, executor?: Executor, own?: OwnExecutor): JoinHandle<T, E> {
  checkFuture("startOn(future, executor)", future)
  checkExecutor("startOn(future, executor)", executor, true)
  const ex = (executor ?? chosenExecutor(own)) as Startable
  return typeof ex.start === "function" ? ex.start(future) : ex.spawn(future)
}
