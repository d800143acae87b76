// Property: whatever the order of commands, cancels, server replies and byte splits, a
// command that completes gets the reply to its own request, and once the server has
// answered everything no command is left waiting. fast-check picks the schedule.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { AsyncFd, type JoinHandle } from "@pollable/core"
import { ManualExecutor, memoryPair } from "@pollable/core/testing"
import { NeedMore, RespClient, RespDecoder, type RespValue } from "../../../examples/resp/client.js"

type Action =
  | { op: "get"; key: number }
  | { op: "cancel"; pick: number }
  | { op: "answer"; count: number }
  | { op: "run" }

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ op: fc.constant("get" as const), key: fc.nat(20) }),
  fc.record({ op: fc.constant("cancel" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("answer" as const), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant("run" as const) }),
)

describe("RESP client FIFO under random schedules", () => {
  it("every completed command got its own reply; nothing waits once the server answered all", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { maxLength: 40 }),
        fc.integer({ min: 1, max: 16 }),
        fc.integer({ min: 4, max: 64 }),
        async (actions, readChunk, capacity) => {
          const [a, b] = memoryPair({ readChunk, capacity })
          const server = new AsyncFd(a)
          const client = new RespClient(new AsyncFd(b))
          const ex = new ManualExecutor()
          const requests = new RespDecoder() // the server decodes commands with the same decoder
          const pendingAnswers: Uint8Array[] = []
          const enc = new TextEncoder()
          /** Read what the client sent; answer up to `count` complete commands (GET k → "v:k"). */
          const answer = (count: number) => {
            for (let c = server.tryRead(); typeof c !== "symbol" && c.length > 0; c = server.tryRead()) requests.push(c)
            for (let i = 0; i < count; i++) {
              const cmd = requests.next()
              if (cmd === NeedMore) break
              const key = String((cmd as RespValue[])[1])
              pendingAnswers.push(enc.encode(`$${key.length + 2}\r\nv:${key}\r\n`))
            }
            while (pendingAnswers.length > 0) {
              const n = server.tryWrite(pendingAnswers[0]!)
              if (typeof n === "symbol") break
              if (n === pendingAnswers[0]!.length) pendingAnswers.shift()
              else pendingAnswers[0] = pendingAnswers[0]!.subarray(n)
            }
          }
          const handles: {
            key: string
            h: JoinHandle<RespValue, Error>
            out: { value?: RespValue; error?: unknown; done: boolean }
          }[] = []
          for (const act of actions) {
            if (act.op === "get") {
              const key = `k${act.key}`
              const h = ex.spawn(client.get(key))
              const out: { value?: RespValue; error?: unknown; done: boolean } = { done: false }
              h.then(
                (v) => Object.assign(out, { value: v, done: true }),
                (e: unknown) => Object.assign(out, { error: e, done: true }),
              )
              handles.push({ key, h, out })
            } else if (act.op === "cancel") {
              if (handles.length > 0) handles[act.pick % handles.length]!.h.cancel()
            } else if (act.op === "answer") answer(act.count)
            else ex.runUntilStalled()
            await Promise.resolve()
          }
          // the server answers everything that was sent; the client catches up
          for (let i = 0; i < 10_000 && handles.some((x) => !x.out.done); i++) {
            ex.runUntilStalled()
            answer(1_000)
            await Promise.resolve()
          }
          for (const { key, out } of handles) {
            expect(out.done).toBe(true)
            if (out.error === undefined) expect(out.value).toBe(`v:${key}`)
            else expect((out.error as Error).name).toBe("Interrupted")
          }
        },
      ),
      { numRuns: 200 },
    )
  })
})
