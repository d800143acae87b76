/**
 * The Effect spans bridge: pollable tasks on an EffectExecutor become Effect spans on the
 * program's tracer, under the span the program runs in, ended with the task's Exit.
 */
import { describe, expect, it } from "vitest"
import { Effect, Exit, Option, Tracer } from "effect"
import { InvalidArgument, fail, gen, named, pending, sleep } from "@pollable/core"
import { EffectExecutor, effectSpanHooks, effectSpans, toEffect } from "@pollable/adapter-effect"

const recording = () => {
  const spans: Tracer.NativeSpan[] = []
  const tracer = Tracer.make({
    span(options) {
      const s = new Tracer.NativeSpan(options)
      spans.push(s)
      return s
    },
  })
  return { spans, tracer }
}

describe("effectSpans", () => {
  const title = "records each task as a span under the program's span, child tasks under their spawner, with the Exit"
  it(title, async () => {
    const { spans, tracer } = recording()
    const program = Effect.gen(function* () {
      const hooks = yield* effectSpans
      const ex = yield* EffectExecutor.make({ hooks })
      return yield* toEffect(() =>
        ex.spawn(
          named(
            gen(function* () {
              yield* ex.spawn(sleep(1), { name: "child" })
              return 7
            }),
            "fetch user 42",
          ),
        ),
      )
    }).pipe(Effect.withSpan("request"), Effect.provideService(Tracer.Tracer, tracer))
    expect(await Effect.runPromise(program)).toBe(7)
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]))
    const request = byName.request!
    const task = byName["pollable task fetch user 42"]!
    const child = byName["pollable task child"]!
    expect(Option.getOrUndefined(task.parent)?.spanId).toBe(request.spanId)
    expect(Option.getOrUndefined(child.parent)?.spanId).toBe(task.spanId)
    expect(task.status._tag).toBe("Ended")
    expect(task.status._tag === "Ended" && Exit.isSuccess(task.status.exit)).toBe(true)
    expect(child.status._tag).toBe("Ended")
  })

  it("ends a failed task's span with a failure Exit and a cancelled one's with an interruption", async () => {
    const { spans, tracer } = recording()
    const ex = new EffectExecutor({ hooks: effectSpanHooks(tracer) })
    const broken = ex.spawn(fail(new Error("no")), { name: "broken" })
    ex.spawn(pending(), { name: "idle" }).cancel()
    await broken.then(undefined, () => {}) // the failure's span ended when the task did
    const ends = Object.fromEntries(
      spans.map((s) => [s.name, s.status._tag === "Ended" ? s.status.exit : undefined] as const),
    )
    expect(Exit.isFailure(ends["pollable task broken"]!)).toBe(true)
    expect(Exit.hasInterrupts(ends["pollable task idle"]!)).toBe(true)
    expect(spans.every((s) => Option.isNone(s.parent))).toBe(true)
  })

  it("refuses something that is not a tracer", () => {
    expect(() => effectSpanHooks({} as never)).toThrow(InvalidArgument)
  })
})
