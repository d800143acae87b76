// split(io): a read half and a write half owned by different tasks, each with its own waiter.
import { describe, expect, it } from "vitest"
import { BufReader, Done, gen, join, ReadHalf, shutdown, split, WriteHalf, writeAll } from "@pollable/core"
import { ManualExecutor } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"
import { enc, fds } from "./io-helpers.js"

describe("split", () => {
  it("an echo server: one task reads the read half while another writes the write half, both pending at once", () => {
    const { fa, fb } = fds({ readChunk: 5, capacity: 32 })
    const ex = new ManualExecutor()
    const [r, w] = split(fb)
    expect(r).toBeInstanceOf(ReadHalf)
    expect(w).toBeInstanceOf(WriteHalf)
    // server: reads lines from its read half, and a writer task answers on the write half
    const incoming: string[] = []
    const reader = ex.spawn(
      gen(function* () {
        const br = new BufReader(r)
        for (let l; (l = yield* br.readLine()) !== Done; ) incoming.push(l)
        return incoming.length
      }),
    )
    const writer = ex.spawn(
      gen(function* () {
        for (let i = 0; i < 20; i++) yield* writeAll(w, enc(`reply ${i}\n`))
        yield* shutdown(w)
      }),
    )
    // client: sends 20 lines and reads the 20 replies concurrently (both directions are busy)
    const client = ex.spawn(
      join(
        gen(function* () {
          for (let i = 0; i < 20; i++) yield* writeAll(fa, enc(`hello ${i}\n`))
          yield* shutdown(fa)
        }),
        gen(function* () {
          const br = new BufReader(fa)
          const got: string[] = []
          for (let l; (l = yield* br.readLine()) !== Done; ) got.push(l)
          return got
        }),
      ),
    )
    ex.runUntilStalled()
    expect(reader.outcome).toEqual({ _tag: "Success", value: 20 })
    expect(writer.outcome?._tag).toBe("Success")
    expect(client.outcome?._tag === "Success" && client.outcome.value[1]).toEqual(
      Array.from({ length: 20 }, (_, i) => `reply ${i}`),
    )
    expect(incoming[19]).toBe("hello 19")
  })

  it("the read half lends bytes when the duplex does (zero-copy is kept)", () => {
    const { fb } = fds()
    const [r] = split(fb)
    expect(typeof r.pollReadLent).toBe("function")
  })

  it("bad input: a non-duplex, or a duplex split twice, is refused", () => {
    const { fa } = fds()
    split(fa)
    refuses(() => split(fa), "split(io)", /was split already/)
    refuses(() => split({ pollRead() {} } as never), "split(io)", /AsyncWrite/)
  })
})
