import type { Piscina as PiscinaPool } from "piscina"
import { InvalidArgument, PollableError, asyncDisposeSymbol, type Pollable } from "@pollable/core"
import { fromPromise } from "./from-promise.js"

/** `spawnBlocking` needs the `piscina` package, and it could not be loaded. */
export class BlockingUnavailable extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "BlockingUnavailable", …)`, Effect's `catchTag`. */
  readonly _tag = "BlockingUnavailable" as const
  constructor(override readonly cause: unknown) {
    super(
      `spawnBlocking needs the "piscina" package and worker threads, and loading them failed ` +
        `(${cause instanceof Error ? cause.message : String(cause)}); ` +
        `run "npm install piscina" in a runtime with worker_threads`,
    )
  }
}

/** Options of {@link BlockingPool}. */
export interface BlockingPoolOptions {
  /** Most worker threads. Default: piscina's (1.5 × available parallelism). */
  readonly maxThreads?: number | undefined
  /** Worker threads kept while idle. Default 0: no thread starts before the first job. */
  readonly minThreads?: number | undefined
  /** How long an idle worker lives, in ms. Default 1,000. */
  readonly idleTimeoutMs?: number | undefined
}

type Task =
  | { readonly kind: "fn"; readonly source: string; readonly args: readonly unknown[] }
  | { readonly kind: "file"; readonly file: string; readonly exportName: string; readonly args: readonly unknown[] }

/** The worker script, found next to the sources (the package ships `src/`) from `src/` and from `dist/` alike. */
const workerUrl = (): string => new URL("../src/blocking-worker.mjs", import.meta.url).href

/**
 * A pool of worker threads for blocking or CPU-bound work — tokio's `spawn_blocking`.
 * Jobs run on `piscina` (a maintained, queue-based worker pool with AbortSignal
 * cancellation); the pool and its threads start at the first job.
 *
 * @remarks Cancel safety: cancelling a job's future aborts it: a queued job is removed from
 * the queue without running; a running job's worker is terminated by the pool (its
 * thread is replaced). The future's result is dropped either way.
 */
export class BlockingPool {
  readonly #options: BlockingPoolOptions
  #pool: Promise<PiscinaPool> | undefined
  #loaded: PiscinaPool | undefined

  constructor(options: BlockingPoolOptions = {}) {
    this.#options = options
  }

  #get(): Promise<PiscinaPool> {
    return (this.#pool ??= import("piscina").then(
      (mod) => {
        const o = this.#options
        const pool = new mod.Piscina({
          filename: workerUrl(),
          minThreads: o.minThreads ?? 0,
          idleTimeout: o.idleTimeoutMs ?? 1_000,
          ...(o.maxThreads === undefined ? {} : { maxThreads: o.maxThreads }),
        })
        this.#loaded = pool
        return pool
      },
      (e: unknown) => {
        this.#pool = undefined
        throw new BlockingUnavailable(e)
      },
    ))
  }

  #run<R>(label: string, task: Task): Pollable<R, unknown> {
    return fromPromise<R>(
      Object.defineProperty(
        (signal: AbortSignal) => this.#get().then((p) => p.run(task, { signal }) as Promise<R>),
        "name",
        { value: label },
      ),
    )
  }

  /**
   * Run `fn(...args)` on a worker thread. `fn` is sent as source text, so it must be
   * self-contained: no captured variables, only its arguments and globals (use
   * `await import(...)` inside it for modules). `args` and the result are structured-cloned.
   * Lazy: the job is queued at the first poll.
   * @throws (at poll) `BlockingUnavailable` when piscina cannot be loaded, and whatever `fn` throws (cloned).
   * @throws InvalidArgument (at call time) when the arguments fit neither form.
   * @remarks Cancel safety: see {@link BlockingPool}.
   */
  spawnBlocking<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Pollable<Awaited<R>, unknown>
  /** Run the function `exportName` of the module `file` (path or URL) with `args` on a worker thread. */
  spawnBlocking<R = unknown>(file: string | URL, exportName: string, args?: readonly unknown[]): Pollable<R, unknown>
  spawnBlocking(first: unknown, ...rest: unknown[]): Pollable<unknown, unknown> {
    if (typeof first === "function") {
      const source = Function.prototype.toString.call(first)
      return this.#run(`spawnBlocking(${first.name || "anonymous"})`, { kind: "fn", source, args: rest })
    }
    const [exportName, args = []] = rest as [unknown, unknown]
    if (typeof first !== "string" && !(first instanceof URL)) {
      throw new InvalidArgument(
        "spawnBlocking(fnOrFile)",
        `expected a function, or a module path/URL and an export name, got ${first === null ? "null" : typeof first}`,
        "pass spawnBlocking(fn, ...args) or spawnBlocking(file, exportName, [args])",
      )
    }
    if (typeof exportName !== "string" || exportName === "") {
      throw new InvalidArgument(
        "spawnBlocking(file, exportName)",
        `expected the name of the module's exported function, got ${exportName === null ? "null" : typeof exportName}`,
        'pass the export as a string, e.g. spawnBlocking(file, "resize", [image])',
      )
    }
    if (!Array.isArray(args)) {
      throw new InvalidArgument(
        "spawnBlocking(file, exportName, args)",
        `expected an array of arguments, got ${typeof args}`,
        "pass the arguments as an array, or leave them out",
      )
    }
    const file = first instanceof URL ? first.href : String(first)
    return this.#run(`spawnBlocking(${file}#${exportName})`, {
      kind: "file",
      file: toImportable(file),
      exportName,
      args,
    })
  }

  /** Jobs waiting for a free thread. */
  get queued(): number {
    return this.#loaded?.queueSize ?? 0
  }

  /** Stop the threads (running jobs are aborted). The pool can be used again afterwards. */
  async close(): Promise<void> {
    const p = this.#pool
    this.#pool = undefined
    this.#loaded = undefined
    if (p !== undefined) await (await p).destroy()
  }

  /** {@link close}, for `await using`: the threads stop when the block ends. */
  [asyncDisposeSymbol](): Promise<void> {
    return this.close()
  }
}

/** An absolute path or a URL as an `import()` specifier (relative paths are resolved against the working directory). */
function toImportable(file: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(file) && !/^[a-z]:[\\/]/i.test(file)) return file
  const cwd = (globalThis as { process?: { cwd(): string } }).process?.cwd() ?? "/"
  const abs = file.startsWith("/") || /^[a-z]:[\\/]/i.test(file) ? file : `${cwd.replace(/[\\/]$/, "")}/${file}`
  return new URL(`file://${abs.startsWith("/") ? "" : "/"}${abs.replace(/\\/g, "/")}`).href
}

let shared: BlockingPool | undefined

/** The pool {@link spawnBlocking} uses (created at first use). */
export const defaultBlockingPool = (): BlockingPool => (shared ??= new BlockingPool())

/**
 * Run blocking or CPU-bound work on a worker thread of the default {@link BlockingPool}
 * and await it as a future — tokio's `spawn_blocking`. Lazy; cancelling removes a
 * queued job and terminates a running one.
 *
 * @example
 * ```ts
 * const digest = spawnBlocking((s: string) => {
 *   let h = 0
 *   for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0
 *   return h
 * }, bigText)
 * const v = await toPromise(timeout(digest, 1_000))
 * // or a module export: spawnBlocking(new URL("./jobs.js", import.meta.url), "resize", [image])
 * ```
 */
export function spawnBlocking<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Pollable<Awaited<R>, unknown>
export function spawnBlocking<R = unknown>(
  file: string | URL,
  exportName: string,
  args?: readonly unknown[],
): Pollable<R, unknown>
export function spawnBlocking(first: any, ...rest: any[]): Pollable<unknown, unknown> {
  return defaultBlockingPool().spawnBlocking(first, ...rest)
}
