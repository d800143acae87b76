import { execFileSync } from "node:child_process"
import { resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { main as nativeMain } from "../../examples/readme/native.js"
import { main as rxjsMain } from "../../examples/readme/rxjs.js"
import { main as effectMain } from "../../examples/readme/effect.js"
import { main as testingMain } from "../../examples/readme/testing.js"
import { main as handWrittenMain } from "../../examples/readme/hand-written.js"

describe("the README's examples run and say what the README says", () => {
  it("native", async () => expect(await nativeMain()).toBe("a+b; user navigated away"))
  it("rxjs (marble test under TestScheduler)", () => expect(rxjsMain()).toBe("ok"))
  it("effect (TestClock)", async () => expect(await effectMain()).toBe("a+b"))
  it("testing kit (VirtualClock)", () =>
    expect(testingMain()).toBe('undefined then {"_tag":"Success","value":"a+b"} at 120 ms'))
  it("hand-written future", async () => expect(await handWrittenMain()).toBe("flag seen"))
})

describe("README code blocks are generated from examples/readme", () => {
  it("is in sync (run `node scripts/sync-readme.mjs` after editing an example)", () => {
    const root = resolve(import.meta.dirname, "../..")
    const out = execFileSync(process.execPath, ["scripts/sync-readme.mjs", "--check"], { cwd: root, encoding: "utf8" })
    expect(out).toContain("in sync")
  })
})
