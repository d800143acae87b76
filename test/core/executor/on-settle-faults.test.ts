// A throwing onSettle listener goes to the fault reporter and stops nothing else (rule 8).
import { describe, expect, it } from "vitest"

describe("a throwing onSettle listener", () => {
  it(
    "does not stop the other listeners or the executor; " +
      "the error goes to the executor's fault reporter (rule 8), never to the host",
    async () => {
      const { LocalExecutor, ready } = await import("@pollable/core")
      const faults: unknown[] = []
      const ex = new LocalExecutor({ onFault: (e) => void faults.push(e) })
      const seen: string[] = []
      const uncaught: unknown[] = []
      const onUncaught = (e: unknown) => uncaught.push(e)
      const saved = process.listeners("uncaughtException")
      process.removeAllListeners("uncaughtException")
      process.on("uncaughtException", onUncaught)
      try {
        const h = ex.spawn(ready(1)) as unknown as { onSettle(l: (o: { _tag: string }) => void): void }
        h.onSettle(() => {
          throw new Error("listener bug")
        })
        h.onSettle((o) => seen.push(o._tag))
        const other = ex.spawn(ready(2))
        expect(await other).toBe(2)
        await new Promise((r) => setTimeout(r, 0))
        expect(seen).toEqual(["Success"])
        expect(uncaught).toEqual([])
        expect(faults).toHaveLength(1)
        expect((faults[0] as Error).message).toBe("listener bug")
      } finally {
        process.removeListener("uncaughtException", onUncaught)
        for (const l of saved) process.on("uncaughtException", l)
      }
    },
  )
})
