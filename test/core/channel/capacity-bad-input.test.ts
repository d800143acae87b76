import { describe, expect, it } from "vitest"
import { broadcast, mpsc } from "@pollable/core"
import { refuses } from "../../support/refuses.js"

describe("channel capacities are bounded at call time", () => {
  it("broadcast(2**53) is InvalidArgument, not a RangeError from allocating its ring", () => {
    refuses(
      () => broadcast(2 ** 53),
      "broadcast(capacity)",
      /expected an integer from 1 to 16777216, got 9007199254740992; pass a whole number of at most 16777216/,
    )
    refuses(() => broadcast(2 ** 24 + 1), "broadcast(capacity)", /at most 16777216/)
    refuses(() => broadcast(Infinity), "broadcast(capacity)", /expected an integer >= 1, got Infinity/)
  })

  it("mpsc past Number.MAX_SAFE_INTEGER is InvalidArgument", () => {
    refuses(() => mpsc(2 ** 53), "mpsc(capacity)", /from 1 to 9007199254740991/)
  })

  it("accepted capacities still work", () => {
    const [tx, rx] = broadcast<number>(1000)
    expect(tx.send(1)).toBe(1)
    expect(rx).toBeDefined()
    const [mtx] = mpsc<number>(Number.MAX_SAFE_INTEGER)
    expect(mtx.trySend(1)).toBe(true)
  })
})
