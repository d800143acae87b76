import { spawnSync } from "node:child_process"
import { cpSync, mkdtempSync, mkdirSync, writeFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import {
  defaultExecutor,
  InvalidArgument,
  LocalExecutor,
  loadDefaultExecutor,
  MissingAdapter,
  provideAdapters,
  ready,
  selectedKind,
  withExecutor,
  type Executor,
} from "@pollable/core"
import { resetSelection } from "@pollable/core/adapter"
import { itUnless, skipOn } from "../../support/runtime.js"
import { tsCommand } from "../../support/node-runtime.js"

const root = resolve(import.meta.dirname, "../../..")

/** Run a snippet in a fresh process of this runtime on the sources, with extra export conditions and env. */
function runNode(code: string, { conditions = [] as string[], env = {} as Record<string, string>, cwd = root } = {}) {
  // the script lives under `cwd` so that packages resolve from cwd's node_modules (not in
  // node_modules itself: Deno loads a file there as a package's, which cannot import .ts)
  const dir = join(cwd, ".cache")
  mkdirSync(dir, { recursive: true })
  const file = join(mkdtempSync(join(dir, "pollable-sel-")), "main.mjs")
  writeFileSync(file, code)
  const [cmd, args] = tsCommand(file, [...conditions, "@pollable/source"])
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, POLLABLE_EXECUTOR: "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  })
  rmSync(join(file, ".."), { recursive: true, force: true })
  return { out: r.stdout.trim(), err: r.stderr.trim(), status: r.status }
}

const saved = process.env.POLLABLE_EXECUTOR
afterEach(() => {
  if (saved === undefined) delete process.env.POLLABLE_EXECUTOR
  else process.env.POLLABLE_EXECUTOR = saved
  resetSelection()
})

describe("executor selection precedence: per call > scope > env > condition > native", () => {
  it("defaults to native when nothing is set", () => {
    delete process.env.POLLABLE_EXECUTOR
    expect(selectedKind()).toMatchObject({ kind: "native", source: "default" })
    expect(defaultExecutor().describe()).toBe("native (default)")
  })

  it("POLLABLE_EXECUTOR selects the kind and says so", () => {
    process.env.POLLABLE_EXECUTOR = "rxjs"
    expect(defaultExecutor().describe()).toBe("rxjs (from POLLABLE_EXECUTOR)")
  })

  it("a withExecutor scope beats the env var, and scopes nest and restore", () => {
    process.env.POLLABLE_EXECUTOR = "effect"
    const a: Executor = new LocalExecutor({ name: "lib-a" })
    const b: Executor = new LocalExecutor({ name: "lib-b" })
    withExecutor(a, () => {
      expect(defaultExecutor().executor).toBe(a)
      withExecutor(b, () => expect(defaultExecutor().executor).toBe(b))
      expect(defaultExecutor().describe()).toBe("lib-a (withExecutor)")
    })
    expect(defaultExecutor().describe()).toBe("effect (from POLLABLE_EXECUTOR)")
  })

  it("two libraries choosing differently compose in one process", async () => {
    const a = new LocalExecutor({ name: "a" })
    const b = new LocalExecutor({ name: "b" })
    const ha = withExecutor(a, () => defaultExecutor().spawn(ready("from a")))
    const hb = withExecutor(b, () => defaultExecutor().spawn(ready("from b")))
    expect(a.queued).toBe(1)
    expect(b.queued).toBe(1)
    expect(await Promise.all([ha, hb])).toEqual(["from a", "from b"])
  })

  it("POLLABLE_EXECUTOR is read at the first use and remembered until resetSelection()", () => {
    process.env.POLLABLE_EXECUTOR = "rxjs"
    expect(selectedKind().kind).toBe("rxjs")
    process.env.POLLABLE_EXECUTOR = "effect"
    expect(selectedKind().kind).toBe("rxjs")
    resetSelection()
    expect(selectedKind().kind).toBe("effect")
  })

  it("a POLLABLE_EXECUTOR value that cannot be an adapter name is a named error saying what to set", () => {
    process.env.POLLABLE_EXECUTOR = "Rx JS!"
    expect(() => defaultExecutor()).toThrow(InvalidArgument)
    expect(() => defaultExecutor()).toThrow(/"Rx JS!" is not an adapter name.*"native", "rxjs" or "effect"/)
  })

  it("the adapter set is open: a fourth adapter, provided by name, is selected by POLLABLE_EXECUTOR", async () => {
    const mine = new LocalExecutor({ name: "fourth" })
    provideAdapters({ name: "fourth", createExecutor: () => mine })
    process.env.POLLABLE_EXECUTOR = "fourth"
    expect(selectedKind()).toMatchObject({ kind: "fourth", source: "POLLABLE_EXECUTOR" })
    expect(await loadDefaultExecutor()).toBe(mine)
    expect(defaultExecutor().describe()).toBe("fourth (from POLLABLE_EXECUTOR)")
    expect(await defaultExecutor().spawn(ready(4))).toBe(4)
  })

  it("an adapter name nobody provided loads @pollable/adapter-<name>, and its absence is MissingAdapter", async () => {
    process.env.POLLABLE_EXECUTOR = "tokio"
    await expect(loadDefaultExecutor()).rejects.toThrow(MissingAdapter)
    await expect(loadDefaultExecutor()).rejects.toThrow(
      "POLLABLE_EXECUTOR=tokio needs @pollable/adapter-tokio; npm install @pollable/adapter-tokio",
    )
  })

  it("provided adapters are used without a dynamic import", async () => {
    const mine = new LocalExecutor({ name: "provided" })
    provideAdapters({ name: "rxjs", createExecutor: () => mine })
    process.env.POLLABLE_EXECUTOR = "rxjs"
    expect(await loadDefaultExecutor()).toBe(mine)
    expect(defaultExecutor().executor).toBe(mine)
    expect(await defaultExecutor().spawn(ready(7))).toBe(7)
  })

  it("spawns made before the selected adapter loaded start once it has loaded", async () => {
    const mine = new LocalExecutor({ name: "late" })
    provideAdapters({ name: "effect", createExecutor: () => mine })
    process.env.POLLABLE_EXECUTOR = "effect"
    const sel = defaultExecutor()
    expect(sel.executor).toBeUndefined()
    expect(await sel.spawn(ready("late start"))).toBe("late start")
  })
})

describe("an adapter's own executor", () => {
  it("is used when the selection names the adapter's kind, and not otherwise", () => {
    const own = new LocalExecutor({ name: "own-native" })
    delete process.env.POLLABLE_EXECUTOR
    expect(defaultExecutor({ kind: "native", executor: () => own }).executor).toBe(own)
    // with nothing selected, an adapter's runner keeps its own kind
    const rx = defaultExecutor({ kind: "rxjs", executor: () => own })
    expect(rx.executor).toBe(own)
    expect(rx.describe()).toBe("rxjs (default)")
    process.env.POLLABLE_EXECUTOR = "rxjs"
    resetSelection() // the environment is read once, at the first use
    expect(defaultExecutor({ kind: "native", executor: () => own }).executor).toBeUndefined()
    expect(defaultExecutor({ kind: "rxjs", executor: () => own }).describe()).toBe("rxjs (from POLLABLE_EXECUTOR)")
  })
})

describe("export condition selects the executor (node --conditions=pollable-*)", () => {
  it.each(["native", "rxjs", "effect"])("--conditions=pollable-%s", (kind) => {
    const r = runNode(`import { defaultExecutor } from "@pollable/core"; console.log(defaultExecutor().describe())`, {
      conditions: [`pollable-${kind}`],
    })
    expect(r.err).toBe("")
    expect(r.out).toBe(`${kind} (from export condition)`)
  })

  it("POLLABLE_EXECUTOR beats the export condition", () => {
    const r = runNode(`import { defaultExecutor } from "@pollable/core"; console.log(defaultExecutor().describe())`, {
      conditions: ["pollable-rxjs"],
      env: { POLLABLE_EXECUTOR: "effect" },
    })
    expect(r.out).toBe("effect (from POLLABLE_EXECUTOR)")
  })
})

// The app below holds a copy of core's TypeScript sources in its node_modules, and Deno
// does not strip types from files under node_modules.
const copiedSourcesUnsupported = skipOn({
  deno: "Deno does not run TypeScript from node_modules (a copy of core's sources is installed there)",
})

describe("MissingAdapter when the selected adapter is not installed", () => {
  itUnless(copiedSourcesUnsupported)("names the package to install and the setting that selected it", () => {
    // An application folder where only @pollable/core is installed.
    const app = mkdtempSync(join(tmpdir(), "pollable-app-"))
    // a copy, not a symlink: a symlink would resolve back into this workspace, where every adapter exists
    const core = join(app, "node_modules/@pollable/core")
    mkdirSync(core, { recursive: true })
    cpSync(join(root, "packages/core/package.json"), join(core, "package.json"))
    cpSync(join(root, "packages/core/src"), join(core, "src"), { recursive: true })
    try {
      const r = runNode(
        `import { loadDefaultExecutor, defaultExecutor, ready } from "@pollable/core"
         const h = defaultExecutor().spawn(ready(1))
         await loadDefaultExecutor().catch((e) => console.log(e.name + "|" + e.message))
         await Promise.resolve(h).catch((e) => console.log("task: " + e.name))`,
        { env: { POLLABLE_EXECUTOR: "effect" }, cwd: app },
      )
      const lines = r.out.split("\n")
      expect(lines[0]).toBe(
        "MissingAdapter|POLLABLE_EXECUTOR=effect needs @pollable/adapter-effect; npm install @pollable/adapter-effect",
      )
      expect(lines[1]).toBe("task: MissingAdapter")
    } finally {
      rmSync(app, { recursive: true, force: true })
    }
  })

  it("is a named error class", () => {
    const e = new MissingAdapter("rxjs", "--conditions=pollable-rxjs", "@pollable/adapter-rxjs rxjs")
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe("MissingAdapter")
  })
})

describe("withExecutor across await (async context)", () => {
  it("the default sync store loses the scope after an await; useAsyncContext keeps it", async () => {
    const { useAsyncContext } = await import("@pollable/adapter-native/context")
    const ex = new LocalExecutor({ name: "scoped" })
    const tick = () => new Promise<void>((r) => setTimeout(r, 1))
    const before = await withExecutor(ex, async () => {
      await tick()
      return defaultExecutor().executor
    })
    expect(before).not.toBe(ex)
    const restore = useAsyncContext()
    try {
      const after = await withExecutor(ex, async () => {
        await tick()
        return defaultExecutor().executor
      })
      expect(after).toBe(ex)
      // concurrent scopes do not bleed into each other
      const other = new LocalExecutor({ name: "other" })
      const [x, y] = await Promise.all([
        withExecutor(ex, async () => (await tick(), defaultExecutor().describe())),
        withExecutor(other, async () => (await tick(), defaultExecutor().describe())),
      ])
      expect([x, y]).toEqual(["scoped (withExecutor)", "other (withExecutor)"])
    } finally {
      restore()
    }
  })
})

describe("adapter runners honour the selection (per call > scope > env > condition > own)", () => {
  it("toPromise, toObservable and toEffect run on the withExecutor scope's executor", async () => {
    const { toPromise } = await import("@pollable/adapter-native")
    const { toObservable } = await import("@pollable/adapter-rxjs")
    const { toEffect } = await import("@pollable/adapter-effect")
    const { firstValueFrom } = await import("rxjs")
    const { Effect } = await import("effect")
    const scoped = new LocalExecutor({ name: "scoped" })
    let spawned = 0
    const counting: Executor = {
      get timer() {
        return scoped.timer
      },
      spawn: (f) => (spawned++, scoped.spawn(f)),
    }
    const p = withExecutor(counting, () => toPromise(ready(1)))
    const o = withExecutor(counting, () => firstValueFrom(toObservable(() => ready(2))))
    const e = withExecutor(counting, () => Effect.runPromise(toEffect(() => ready(3))))
    expect(await Promise.all([p, o, e])).toEqual([1, 2, 3])
    expect(spawned).toBe(3)
  })

  it(
    "POLLABLE_EXECUTOR routes toPromise to the selected adapter's executor; " + "a per-call executor still wins",
    async () => {
      const { toPromise } = await import("@pollable/adapter-native")
      let used = 0
      const selected = new LocalExecutor({ name: "selected" })
      const counting: Executor = {
        get timer() {
          return selected.timer
        },
        spawn: (f) => (used++, selected.spawn(f)),
      }
      provideAdapters({ name: "effect", createExecutor: () => counting })
      process.env.POLLABLE_EXECUTOR = "effect"
      await loadDefaultExecutor()
      expect(await toPromise(ready("env"))).toBe("env")
      expect(used).toBe(1)
      expect(await toPromise(ready("call"), { executor: new LocalExecutor() })).toBe("call")
      expect(used).toBe(1)
    },
  )
})
