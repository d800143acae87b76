import { describe, expect, it } from "vitest"
import { Cause, Effect, Exit, Fiber, Stream } from "effect"
import { TestClock } from "effect/testing"
import { type Done, StreamBase, pending, stream, type Context, type Poll } from "@pollable/core"
import { EffectDefect, EffectExecutor, effectStreamToStream, streamToEffectStream } from "@pollable/adapter-effect"
import { MyError, runTest } from "./helpers.js"
import { macrotask } from "../support/runtime.js"

/** Counts up forever; counts polls and cancels; optionally fails at `failAt`. */
class Counter extends StreamBase<number, MyError> {
  polls = 0
  cancels = 0
  #n = 0
  constructor(readonly failAt = Infinity) {
    super()
  }
  get label(): string {
    return "counter"
  }
  protected step(_cx: Context): Poll<number | typeof Done> {
    this.polls++
    if (this.#n === this.failAt) throw new MyError(`at ${this.#n}`)
    return this.#n++
  }
  protected onCancel(): void {
    this.cancels++
  }
}

describe("streamToEffectStream", () => {
  it("emits every item, then ends", async () => {
    const r = await Effect.runPromise(
      Stream.runCollect(streamToEffectStream(() => stream.fromIterable([1, 2, 3, 4, 5]))),
    )
    expect(r).toEqual([1, 2, 3, 4, 5])
  })

  it("pulls one item per downstream pull with maxChunk 1, and cancels on early end", async () => {
    const c = new Counter()
    const r = await Effect.runPromise(
      Stream.runCollect(
        Stream.take(
          streamToEffectStream(() => c, { maxChunk: 1 }),
          3,
        ),
      ),
    )
    expect(r).toEqual([0, 1, 2])
    expect(c.polls).toBe(3)
    expect(c.cancels).toBe(1)
  })

  it("a ready chunk is bounded by maxChunk", async () => {
    const c = new Counter()
    await Effect.runPromise(
      Stream.runCollect(
        Stream.take(
          streamToEffectStream(() => c, { maxChunk: 8 }),
          3,
        ),
      ),
    )
    expect(c.polls).toBe(8)
  })

  it("TestClock drives a pollable interval", async () => {
    const r = await runTest(
      Effect.gen(function* () {
        const fiber = yield* Effect.forkChild(
          Stream.runCollect(streamToEffectStream(() => stream.take(stream.interval(1000), 3))),
        )
        yield* TestClock.adjust(2999)
        const early = fiber.pollUnsafe()
        yield* TestClock.adjust(1)
        return [early, yield* Fiber.join(fiber)]
      }),
    )
    expect(r[0]).toBe(undefined)
    expect((r[1] as number[]).length).toBe(3)
  })

  it("a throw is a typed failure, after the items before it", async () => {
    const seen: number[] = []
    const c = new Counter(2)
    const exit = await Effect.runPromiseExit(
      Stream.runForEach(
        streamToEffectStream(() => c),
        (n) => Effect.sync(() => seen.push(n)),
      ),
    )
    expect(seen).toEqual([0, 1])
    expect(Exit.isFailure(exit) && Cause.squash(exit.cause)).toBeInstanceOf(MyError)
    expect(Exit.hasFails(exit)).toBe(true)
  })

  it("interrupting the consuming fiber cancels the pollable stream", async () => {
    let cancelled = 0
    class Stuck extends StreamBase<number> {
      get label() {
        return "stuck"
      }
      protected step(): Poll<number | typeof Done> {
        return pending<never>().poll({ waker: { wake() {} } })
      }
      protected onCancel(): void {
        cancelled++
      }
    }
    const fiber = Effect.runFork(Stream.runDrain(streamToEffectStream(() => new Stuck())))
    await Effect.runPromise(Effect.yieldNow)
    await Effect.runPromise(Fiber.interrupt(fiber))
    expect(cancelled).toBe(1)
  })

  it("each run of the Effect stream makes a fresh pollable stream", async () => {
    let made = 0
    const s = streamToEffectStream(() => {
      made++
      return stream.fromIterable([made])
    })
    expect(await Effect.runPromise(Stream.runCollect(Stream.concat(s, s)))).toEqual([1, 2])
  })
})

describe("effectStreamToStream", () => {
  const collect = <T, E>(s: import("@pollable/core").Stream<T, E>) => new EffectExecutor().spawn(stream.collect(s))

  it("yields every item, then Done", async () => {
    expect(await collect(effectStreamToStream(Stream.make(1, 2, 3)))).toEqual([1, 2, 3])
    expect(await collect(effectStreamToStream(Stream.fromIterable([4, 5, 6]).pipe(Stream.rechunk(2))))).toEqual([
      4, 5, 6,
    ])
  })

  it("is lazy and pulls only what the consumer takes; cancel runs the stream's finalizers", async () => {
    let pulls = 0
    let finalized = 0
    const source = Stream.fromEffectRepeat(Effect.sync(() => ++pulls)).pipe(
      Stream.ensuring(Effect.sync(() => finalized++)),
    )
    const s = effectStreamToStream(source)
    expect(pulls).toBe(0)
    const r = await new EffectExecutor().spawn(stream.collect(stream.take(s, 3)))
    expect(r).toEqual([1, 2, 3])
    expect(pulls).toBe(3)
    expect(finalized).toBe(1)
  })

  it("async Effect streams wake the consumer", async () => {
    const src = Stream.fromEffect(Effect.sleep(2).pipe(Effect.as(7))).pipe(Stream.concat(Stream.make(8)))
    expect(await collect(effectStreamToStream(src))).toEqual([7, 8])
  })

  it("a typed failure is thrown as E; a defect as EffectDefect; interruption as Interrupted", async () => {
    const e = new MyError("s")
    const h1 = collect(effectStreamToStream(Stream.concat(Stream.make(1), Stream.fail(e))))
    await expect(h1).rejects.toBe(e)
    const h2 = collect(effectStreamToStream(Stream.die(new Error("bug"))))
    await expect(h2).rejects.toBeInstanceOf(EffectDefect)
    const h3 = collect(effectStreamToStream(Stream.fromEffect(Effect.interrupt)))
    await expect(h3).rejects.toMatchObject({ name: "Interrupted" })
  })

  it("cancelling the pollable consumer interrupts a pull in flight and closes the scope", async () => {
    let released = 0
    const src = Stream.unwrap(
      Effect.acquireRelease(Effect.succeed(Stream.never), () => Effect.sync(() => released++)).pipe(
        Effect.map((s) => s),
      ),
    )
    const ex = new EffectExecutor()
    const h = ex.spawn(stream.collect(effectStreamToStream(src)))
    await macrotask()
    await macrotask()
    expect(h.outcome).toBe(undefined)
    h.cancel()
    expect(released).toBe(1)
  })

  it("round trip: pollable → Effect → pollable keeps items and the typed failure", async () => {
    const back = effectStreamToStream(streamToEffectStream(() => new Counter(4)))
    const seen: number[] = []
    const h = new EffectExecutor().spawn(stream.forEach(back, (n) => void seen.push(n)))
    await expect(h).rejects.toBeInstanceOf(MyError)
    expect(seen).toEqual([0, 1, 2, 3])
  })
})
