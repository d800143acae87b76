import { describe, expect, it } from "vitest"
import { Interrupted, lazy, ready, settle, sleep } from "@pollable/core"
import { ManualExecutor, checkNoLeaks, contextOf } from "@pollable/core/testing"
import { Boom, Probe } from "../../support/probe.js"

const cx = contextOf()

describe("settle", () => {
  it("never fails: it completes with the outcome", () => {
    const ex = new ManualExecutor()
    expect(ex.blockOn(settle(ready(1)))).toEqual({ _tag: "Success", value: 1 })
    expect(
      ex.blockOn(
        settle(
          lazy(() => {
            throw new Boom()
          }),
        ),
      ),
    ).toMatchObject({ _tag: "Failure" })
    expect(
      ex.blockOn(
        settle(
          lazy(() => {
            throw new Interrupted()
          }),
        ),
      ),
    ).toEqual({ _tag: "Interrupted" })
  })
  it("cancel cancels the inner future", () => {
    const p = new Probe()
    const f = settle(p)
    f.poll(cx)
    f.cancel()
    expect(p.cancels).toBe(1)
    checkNoLeaks(() => settle(sleep(10)), 1)
  })
})
