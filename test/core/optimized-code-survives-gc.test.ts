// A full GC after a job whose futures, tasks and wakers have all died must not throw away the
// code V8 optimized for them. V8 holds the hidden classes (maps) that optimized code embeds
// weakly; a class whose every instance died loses its map in a full GC, and each function
// optimized for it is deoptimized with the reason "weak objects" — the next job then runs in
// the interpreter, ten to twenty times slower. Core keeps one idle instance of each class it
// allocates per call (ARCHITECTURE.md, "Idle instances").
//
// The job runs in a child Node process over the BUILT packages (what users run, after the
// bundler's tree-shaking, which once dropped the idle instances), with V8's deoptimization
// trace on.
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect } from "vitest"
import { itUnless, skipOn } from "../support/runtime.js"

const dist = (pkg: string) => new URL(`../../packages/${pkg}/dist/index.js`, import.meta.url).href

/**
 * A fan-out of `count` tasks defined with `fn` whose bodies are `body`, warmed up, then a
 * full GC and one more run.
 */
const job = (imports: string, body: string) => `
import { fn, joinAll, map, ${imports} } from ${JSON.stringify(dist("core"))}
import { NativeExecutor, toPromise } from ${JSON.stringify(dist("adapter-native"))}
const idx = Array.from({ length: 2000 }, (_, i) => i)
const task = fn(function* task(i) {
  ${body}
})
const executor = new NativeExecutor()
const run = () => toPromise(map(joinAll(idx.map(task)), (xs) => xs.length), { executor })
for (let k = 0; k < 40; k++) await run()
await new Promise((r) => setTimeout(r, 0))
globalThis.gc()
globalThis.gc()
console.log("after the full GC:", await run())
`

const trace = (job: string): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--expose-gc", "--trace-opt", "--trace-deopt", "--input-type=module", "-e", job],
      { cwd: fileURLToPath(new URL("../..", import.meta.url)), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    )
  })

/**
 * The job's hot functions in core and the native adapter (the ones a full GC deoptimized
 * before core kept idle instances). Node's own functions are left out: some of them lose
 * their optimized code to a GC, which is Node's business.
 */
const hot = new Set([
  "Gen",
  "YieldNow",
  "FutureBase",
  "ChildWaker",
  "poll",
  "step",
  "#drive",
  "#release",
  "get cancelled",
  "next",
  "arm",
  "#suspend",
  "checkFutures",
  "findRepeat",
  "#firstPass",
  "#pass",
  "#slot",
  "childReady",
  "isLive",
  "get waker",
  "wake",
  "task",
  "Ready",
  "Deadline",
  "reached",
  "clear",
  "Entry",
  "schedule",
  "fireDue",
  "cancel",
  "cancelAll",
  "#popTop",
  "#up",
  "#down",
])

const notV8 = skipOn({
  bun: "reads V8's optimization trace (--trace-deopt); Bun runs JavaScriptCore",
  deno: "runs a child `node` with V8 flags (--trace-deopt); Deno's executable takes other arguments",
})

const jobs = [
  { name: "each task yields once", imports: "yieldNow", body: "yield* yieldNow()\n  return i + 1" },
  {
    name: "each task sleeps, then races a ready value against a sleep",
    imports: "race, ready, sleep",
    body: "yield* sleep(i % 3 === 0 ? 0.5 : 1)\n  return (yield* race(ready(i), sleep(5))) + 1",
  },
]

describe("optimized code survives a full GC", () => {
  for (const { name, imports, body } of jobs) {
    itUnless(notV8)(
      `a full GC after a fan-out job deoptimizes none of its functions for 'weak objects' (${name})`,
      async () => {
        const out = await trace(job(imports, body))
        expect(out).toContain("after the full GC: 2000")
        // the job's hot functions were optimized, so a GC that dropped their maps would show
        const optimized = out.split("\n").filter((l) => l.includes("completed optimizing"))
        const fnName = (l: string, re: RegExp) => re.exec(l)?.[1]?.trim() ?? l
        expect(optimized.filter((l) => hot.has(fnName(l, /JSFunction ([^(]*)\(sfi/))).length).toBeGreaterThan(3)
        const dropped = out
          .split("\n")
          .filter((l) => l.includes("reason: weak objects"))
          .map((l) => fnName(l, /SharedFunctionInfo ([^>]*)>/))
        expect(dropped.filter((n) => hot.has(n))).toEqual([])
      },
      120_000,
    )
  }
})
