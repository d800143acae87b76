import { describe, expect, it } from "vitest"
import { Pending, Semaphore, gen, join } from "@pollable/core"
import { ManualExecutor, contextOf } from "@pollable/core/testing"
import { refuses } from "../../support/refuses.js"

describe("Semaphore refuses requests it could never grant", () => {
  it("Semaphore(2).acquire(3) is refused at call time, saying it has only 2 permits", () => {
    const sem = new Semaphore(2)
    refuses(
      () => sem.acquire(3),
      "Semaphore.acquire(n)",
      /asked for 3 permits, but the semaphore has only 2 in all/,
      /ask for at most 2, or call addPermits\(1\) first/,
    )
    refuses(() => sem.tryAcquire(3), "Semaphore.tryAcquire(n)", /only 2 in all/)
  })

  it("so a later acquire(1) is not blocked behind an impossible head: it gets a free permit", () => {
    const sem = new Semaphore(2)
    expect(() => sem.acquire(3)).toThrow()
    expect(new ManualExecutor().blockOn(sem.acquire(1)).count).toBe(1)
  })

  it("addPermits raises the total, forget lowers it", () => {
    const sem = new Semaphore(2)
    sem.addPermits(1)
    expect(sem.total).toBe(3)
    expect(sem.acquire(3).poll(contextOf())).not.toBe(Pending)
    const p = sem.tryAcquire(0 + 1)
    expect(p).toBeUndefined() // all 3 are held
    const sem2 = new Semaphore(3)
    sem2.tryAcquire(2)!.forget()
    expect(sem2.total).toBe(1)
    refuses(() => sem2.acquire(2), "Semaphore.acquire(n)", /only 1 in all/)
  })

  it("a semaphore with no permits at all waits for addPermits (documented)", () => {
    const ex = new ManualExecutor()
    const sem = new Semaphore(0)
    const h = ex.spawn(
      gen(function* () {
        return (yield* join(sem.acquire(2), sem.acquire(1))).map((p) => p.count)
      }),
    )
    ex.runUntilStalled()
    expect(sem.waiting).toBe(2)
    sem.addPermits(3)
    ex.runUntilStalled()
    expect(h.outcome).toEqual({ _tag: "Success", value: [2, 1] })
  })

  it("permits and additions past Number.MAX_SAFE_INTEGER are refused", () => {
    refuses(() => new Semaphore(2 ** 53), "new Semaphore(permits)", /from 0 to 9007199254740991, got 9007199254740992/)
    const sem = new Semaphore(Number.MAX_SAFE_INTEGER - 1)
    refuses(() => sem.addPermits(2), "Semaphore.addPermits(n)", /at most 1/)
  })
})
