import type { Pollable } from "../contracts/future.js"
import { Pending, type Poll } from "../contracts/poll.js"
import { Done, type Stream } from "../contracts/stream.js"
import type { Context, Spawner, Timer, Waker } from "../contracts/waker.js"
import { InvalidArgument, PollableError } from "../errors.js"
import { reportFault } from "../fault/report.js"
import { FutureBase } from "../future-base.js"
import { NeedMore } from "./codec.js"
import type { FrameSink } from "./framed.js"

/**
 * The connection under a {@link pipeline} failed or ended: every request waiting for a reply
 * fails with it, and so does every later call. `cause` is the stream's error (absent when the
 * peer closed the connection).
 */
export class PipelineClosed extends PollableError {
  /** Tells this error apart in a union: `catchTag(f, "PipelineClosed", …)`, Effect's `catchTag`. */
  readonly _tag = "PipelineClosed" as const
  constructor(
    readonly pipeline: string,
    cause?: unknown,
  ) {
    super(
      `${pipeline} ` +
        (cause === undefined
          ? "was closed by the peer"
          : `failed (${cause instanceof Error ? cause.message : String(cause)})`) +
        " with requests still waiting for replies; open a new connection — " +
        "replies cannot be matched to requests any more",
      { cause },
    )
  }
}

/**
 * How many frames make one reply: called with each frame in order until it returns a value
 * (the reply) instead of {@link NeedMore}. It must not throw for a reply it does not like —
 * return a value describing it (an error object) and throw where you await the call — because
 * a throw leaves the connection's framing unknown: the pipeline then closes (`PipelineClosed`).
 */
export type ReplyAssembler<Frame, R> = (frame: Frame) => R | NeedMore

/** Options of {@link pipeline}. */
export interface PipelineOptions {
  /** Requests sent and not yet answered, at most (bounded pipelining). Default 16. */
  readonly maxInFlight?: number
  /** A name for messages. */
  readonly label?: string
}

/** A request sent and not yet answered. @internal */
class Entry {
  /** The call waiting for it; undefined once the caller went away (the reply is then read and dropped). */
  call: Call<any, any, any> | undefined
  value: unknown = undefined
  error: unknown = undefined
  state: 0 | 1 | 2 = 0 // 0 waiting, 1 replied, 2 failed
  constructor(
    call: Call<any, any, any>,
    readonly assemble: ReplyAssembler<any, unknown>,
  ) {
    this.call = call
  }
}

const firstFrame = <F>(f: F): F => f

/**
 * Requests and replies matched in order over one framed connection, cancel safe by
 * construction — the shape of RESP, PostgreSQL and most request/response protocols.
 *
 * @remarks
 * - **Order.** Requests are encoded in the order their calls reach the front; the replies come
 *   back in that order and are handed out in that order (an entry per request, a FIFO).
 * - **Cancel safety.** A call cancelled before its request was queued sends nothing. A call
 *   cancelled after (a timeout, a lost `select`, an unsubscribe) leaves its entry in the queue
 *   without a receiver: its reply is read and dropped when it arrives, so **no caller ever
 *   receives another caller's reply**, and the connection stays in sync.
 * - **Bounded.** At most `maxInFlight` requests are sent and unanswered (answered-but-dropped
 *   ones count until their reply arrives); further calls wait for a slot. Memory is bounded
 *   by `maxInFlight` entries plus the framed buffers.
 * - **No background task.** Whichever call is waiting reads replies for everyone (it runs on
 *   any executor, no spawner needed); when every caller went away, the next call first
 *   reads the dropped replies, then its own.
 * - A stream error or end of stream closes the pipeline: waiting calls and later calls fail
 *   with `PipelineClosed`.
 *
 * @example
 * ```ts
 * const conn = pipeline(framed(fd, linesCodec()), { maxInFlight: 32 })
 * const [a, b] = yield* join(conn.call("GET a"), conn.call("GET b"))  // pipelined, in order
 * yield* timeout(conn.call("SLOW"), 100)   // on timeout the late reply is dropped, not misdelivered
 * ```
 */
export class Pipeline<Req, Frame> {
  readonly #frames: Stream<Frame, unknown>
  readonly #sink: FrameSink<Req>
  readonly #max: number
  readonly #label: string
  readonly #entries: Entry[] = []
  #head = 0
  /** Calls waiting for a slot, FIFO. */
  readonly #slotWaiters: Call<any, any, any>[] = []
  /** A request was queued and not flushed yet. */
  #dirty = false
  #closed: PipelineClosed | undefined
  #cx: Context | undefined
  /** What the stream and the sink are polled with: its waker wakes the calls that can make progress. */
  readonly #own: Context & Waker

  /** @internal */
  constructor(frames: Stream<Frame, unknown>, sink: FrameSink<Req>, max: number, label: string) {
    this.#frames = frames
    this.#sink = sink
    this.#max = max
    this.#label = label
    const pipeline = this
    const own: Context & Waker = {
      get waker(): Waker {
        return own
      },
      get timer(): Timer | undefined {
        return pipeline.#cx?.timer
      },
      get spawner(): Spawner | undefined {
        return pipeline.#cx?.spawner
      },
      wake(): void {
        pipeline.#wakeCalls()
      },
    }
    this.#own = own
  }

  get label(): string {
    return this.#label
  }
  /** Requests sent and not answered yet (including ones whose caller went away). */
  get inFlight(): number {
    return this.#entries.length - this.#head
  }
  /** Set once the connection failed or ended. */
  get closed(): PipelineClosed | undefined {
    return this.#closed
  }

  /**
   * Send `request` and resolve to its reply: the first frame back, or what `assemble` makes
   * of the frames of one reply (called per frame until it returns something else than `NeedMore`).
   * @remarks Cancel safety: safe; see the class remarks (a cancelled call's reply is dropped).
   * @throws PipelineClosed when the connection failed or ended; the sink's encoder errors.
   */
  call(request: Req): PipelineCall<Frame>
  call<R>(request: Req, assemble: ReplyAssembler<Frame, R>): PipelineCall<R>
  call<R>(request: Req, assemble?: ReplyAssembler<Frame, R>): PipelineCall<R> {
    if (assemble !== undefined && typeof assemble !== "function") {
      throw new InvalidArgument(
        `${this.#label}.call(request, assemble)`,
        `assemble must be a function (frame) => reply | NeedMore, got ${typeof assemble}`,
        "leave it out to take one frame per reply",
      )
    }
    return new Call<Req, Frame, R>(this, request, (assemble ?? firstFrame) as ReplyAssembler<Frame, R>)
  }

  // The pipeline polls the stream and the sink with a Context of its own: its waker wakes the
  // calls that can make progress, so a caller that went away never strands the others.
  /** Wake every call waiting for a reply (at most maxInFlight) and the first call waiting for a slot. */
  #wakeCalls(): void {
    const es = this.#entries
    for (let i = this.#head; i < es.length; i++) es[i]!.call?.waker?.wake()
    this.#wakeSlotWaiter()
  }
  #wakeSlotWaiter(): void {
    const q = this.#slotWaiters
    while (q.length > 0) {
      const c = q[0]!
      if (c.waker !== undefined) {
        c.waker.wake()
        return
      }
      c.queued = false
      q.shift()
    }
  }

  /** @internal Phase 1: queue the request when a slot is free. */
  pollSend(c: Call<Req, Frame, any>, cx: Context): Poll<Entry> {
    if (this.#closed !== undefined) throw this.#closed
    this.#cx = cx
    if (this.inFlight >= this.#max) {
      this.#pump()
      if (this.#closed !== undefined) throw this.#closed
    }
    const q = this.#slotWaiters
    const first = q.length === 0 || q[0] === c
    let ready: Poll<void> = Pending
    if (this.inFlight < this.#max && first) {
      try {
        ready = this.#sink.pollReady(this.#own)
      } catch (err) {
        this.#close(err)
        throw this.#closed
      }
    }
    if (ready === Pending) {
      if (!c.queued) {
        c.queued = true
        q.push(c)
      }
      c.waker = cx.waker
      return Pending
    }
    if (c.queued) {
      c.queued = false
      q.shift()
    }
    try {
      this.#sink.startSend(c.request)
    } catch (err) {
      this.#wakeSlotWaiter() // nothing was queued: the next caller may go
      throw err
    }
    const e = new Entry(c, c.assemble)
    this.#entries.push(e)
    this.#dirty = true
    // the next slot waiter may go too
    if (this.inFlight < this.#max) this.#wakeSlotWaiter()
    return e
  }

  /** @internal Phase 2: flush, then read replies until the entry has one. */
  pollReply(e: Entry, cx: Context): Poll<unknown> {
    this.#cx = cx
    if (this.#dirty) {
      try {
        if (this.#sink.pollFlush(this.#own) !== Pending) this.#dirty = false
      } catch (err) {
        this.#close(err)
      }
    }
    if (e.state === 0) this.#pump()
    if (e.state === 1) return e.value
    if (e.state === 2) throw e.error
    e.call!.waker = cx.waker
    return Pending
  }

  /** Read frames while requests wait for them, handing each to the entry at the head. */
  #pump(): void {
    const es = this.#entries
    while (this.#head < es.length && this.#closed === undefined) {
      let f: Poll<Frame | typeof Done>
      try {
        f = this.#frames.pollNext(this.#own)
      } catch (err) {
        this.#close(err)
        return
      }
      if (f === Pending) return
      if (f === Done) {
        this.#close(undefined)
        return
      }
      const e = es[this.#head]!
      let r: unknown
      try {
        r = e.assemble(f)
      } catch (err) {
        this.#close(err)
        return
      }
      if (r === NeedMore) continue
      es[this.#head++] = undefined as never
      if (this.#head > 64 && this.#head * 2 > es.length) {
        es.splice(0, this.#head)
        this.#head = 0
      }
      e.state = 1
      e.value = r
      const c = e.call
      e.call = undefined
      c?.waker?.wake()
      this.#wakeSlotWaiter()
    }
  }

  #close(cause: unknown): void {
    if (this.#closed !== undefined) return
    const err = (this.#closed = new PipelineClosed(this.#label, cause))
    const es = this.#entries
    for (let i = this.#head; i < es.length; i++) {
      const e = es[i]!
      e.state = 2
      e.error = err
      e.call?.waker?.wake()
    }
    this.#head = es.length = 0
    for (const c of this.#slotWaiters.splice(0)) {
      c.queued = false
      c.waker?.wake()
    }
  }

  /** @internal A call went away. */
  drop(c: Call<Req, Frame, any>, e: Entry | undefined): void {
    c.waker = undefined
    if (e !== undefined) {
      e.call = undefined // the reply will be read and dropped
      return
    }
    if (!c.queued) return
    c.queued = false
    const q = this.#slotWaiters
    const i = q.indexOf(c)
    q.splice(i, 1)
    if (i === 0) this.#wakeSlotWaiter() // it may have been woken for the slot: pass it on
  }
}

class Call<Req, Frame, R> extends FutureBase<R, Error> {
  waker: Waker | undefined = undefined
  /** In the pipeline's queue of calls waiting for a slot. */
  queued = false
  #entry: Entry | undefined = undefined
  constructor(
    readonly p: Pipeline<Req, Frame>,
    readonly request: Req,
    readonly assemble: ReplyAssembler<Frame, R>,
  ) {
    super()
  }
  get label(): string {
    return `call(${this.p.label})`
  }
  /**
   * True once the request was queued and its reply has not been handed over: the server is (or will be) working on it.
   */
  get inFlight(): boolean {
    return this.#entry !== undefined && this.#entry.state === 0 && this.state === 0
  }
  protected step(cx: Context): Poll<R> {
    let e = this.#entry
    if (e === undefined) {
      const s = this.p.pollSend(this, cx)
      if (s === Pending) return Pending
      this.#entry = e = s
    }
    const r = this.p.pollReply(e, cx)
    if (r !== Pending) this.waker = undefined
    return r as Poll<R>
  }
  protected onCancel(): void {
    try {
      this.p.drop(this, this.#entry?.state === 0 ? this.#entry : undefined)
    } catch (err) {
      reportFault(err, this.label)
    }
  }
}

/**
 * The future of a {@link Pipeline.call}; `inFlight` tells whether the request reached the queue and waits for its
 * reply.
 */
export type PipelineCall<R> = Pollable<R, Error> & { readonly inFlight: boolean }

/**
 * A cancel-safe request/response queue over a framed connection (see {@link Pipeline}).
 * @throws InvalidArgument for a connection that is not a stream and a sink, or a bad `maxInFlight`.
 * @example
 * ```ts
 * const conn = pipeline(framed(fd, linesCodec({ maxLength: 4096 })), { maxInFlight: 64 })
 * const pong = yield* conn.call("PING")
 * ```
 */
export function pipeline<Req, Frame>(
  conn: Stream<Frame, unknown> & FrameSink<Req>,
  options: PipelineOptions = {},
): Pipeline<Req, Frame> {
  const o = conn as Partial<Stream<Frame, unknown> & FrameSink<Req>>
  if (
    typeof conn !== "object" ||
    conn === null ||
    typeof o.pollNext !== "function" ||
    typeof o.pollReady !== "function" ||
    typeof o.startSend !== "function" ||
    typeof o.pollFlush !== "function"
  ) {
    throw new InvalidArgument(
      "pipeline(conn)",
      "expected a framed connection: a stream of frames with a sink (pollNext, pollReady, startSend, pollFlush)",
      "pass framed(io, codec)",
    )
  }
  const max = options.maxInFlight ?? 16
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new InvalidArgument(
      "pipeline(conn, { maxInFlight })",
      `maxInFlight must be a whole number >= 1, got ${String(max)}`,
      "pass 1 for one request at a time, or e.g. 64 to pipeline",
    )
  }
  return new Pipeline(
    conn,
    conn,
    max,
    options.label ?? `pipeline(${String((conn as { label?: unknown }).label ?? "conn")})`,
  )
}
