import { readFileSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gen, sleep } from "@pollable/core"
import { simulate } from "@pollable/core/testing"
import { afterAll, describe, expect, it } from "vitest"

const dir = mkdtempSync(join(tmpdir(), "pollable-sim-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("simulate({ trace: path })", () => {
  it("writes the run's trace to the file, one event per line", async () => {
    const path = join(dir, "trace.txt")
    const r = await simulate({ seed: 3, trace: path }, (sim) => {
      sim.host("a", () => sleep(5))
      return gen(function* () {
        yield* sleep(10)
        sim.log("checked")
      })
    })
    const text = readFileSync(path, "utf8")
    expect(text).toBe(`${r.trace.text}\n`)
    expect(text).toContain("5 end a/start@1")
    expect(text).toContain("10 log checked")
  })
})
