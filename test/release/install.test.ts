// The four packages as a user gets them: packed with `npm pack`, installed with
// `--ignore-scripts` into a fresh app outside this workspace (peers from the npm cache,
// nothing from the registry), then used from ESM and CommonJS on Node 20, Node 24, Bun and
// Deno, type-checked by strict `tsc` under nodenext, node16 and bundler (TypeScript 6 and
// the oldest supported, 5.8), and bundled for browsers by esbuild with no warning.
import { execFile } from "node:child_process"
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { staleBecause } from "../../scripts/build-if-stale.mjs"
import { bun, deno, node24, systemNode } from "../../scripts/runtimes.mjs"
import { itUnless } from "../support/runtime.js"
import { exportTargets } from "./export-targets.js"

const run = promisify(execFile)
const root = resolve(import.meta.dirname, "../..")
const fixtures = join(import.meta.dirname, "fixtures/app")
const tsc6 = join(root, "node_modules/typescript/bin/tsc")
const tsc58 = join(root, "tools/matrix/node_modules/typescript-5.8/bin/tsc")
const esbuild = join(root, "node_modules/.bin/esbuild")

// Node 24 and TypeScript 5.8 come from tools/matrix, which .ci/run installs; `npm test`
// downloads nothing, so without it those checks are skipped and say so.
const noTools =
  existsSync(node24) && existsSync(tsc58)
    ? undefined
    : "tools/matrix is not installed (npm ci --prefix tools/matrix installs Node 24 and TypeScript 5.8)"

let app = ""
let tarballs: string[] = []

/** `cmd args` in the app; its stdout, or the whole failure as the error. */
async function inApp(cmd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  try {
    const r = await run(cmd, args, {
      cwd: app,
      encoding: "utf8",
      env: { ...process.env, ...env },
      maxBuffer: 16 << 20,
      timeout: 180_000,
    })
    return r.stdout
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; message: string }
    throw new Error(`${cmd} ${args.join(" ")} failed in ${app}:\n${x.stdout ?? ""}\n${x.stderr ?? x.message}`)
  }
}

/**
 * The app's dependencies besides the tarballs: the peers (rxjs, effect), `@types/node` and
 * adapter-native's `piscina`, with what they depend on, at the versions this workspace's
 * lockfile pins — as tarball URLs, which `npm ci` left in the npm cache, so an `--offline`
 * install needs no registry metadata.
 */
async function cachedDependencies(): Promise<Record<string, string>> {
  const registry = (await run("npm", ["config", "get", "registry"], { encoding: "utf8" })).stdout
    .trim()
    .replace(/\/?$/, "/")
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")).packages as Record<
    string,
    { version: string; dependencies?: Record<string, string> }
  >
  const deps: Record<string, string> = {}
  const todo = ["rxjs", "effect", "@types/node", "piscina"]
  for (let name = todo.shift(); name !== undefined; name = todo.shift()) {
    if (deps[name] !== undefined) continue
    const entry = lock[`node_modules/${name}`]
    if (entry === undefined) throw new Error(`${name} is not in package-lock.json`)
    deps[name] = `${registry}${name}/-/${name.split("/").pop()}-${entry.version}.tgz`
    todo.push(...Object.keys(entry.dependencies ?? {}))
  }
  return deps
}

beforeAll(async () => {
  const stale = staleBecause()
  if (stale !== null)
    await run(systemNode, [join(root, "scripts/build-if-stale.mjs")], { cwd: root, maxBuffer: 16 << 20 })

  app = mkdtempSync(join(tmpdir(), "pollable-install-"))
  const packs = join(app, "tarballs")
  mkdirSync(packs)
  // the README's command for installing from a checkout
  const packed = await run("npm", ["pack", "--workspaces", "--ignore-scripts", "--json", "--pack-destination", packs], {
    cwd: root,
    encoding: "utf8",
  })
  tarballs = (JSON.parse(packed.stdout) as { filename: string }[]).map((info) => join(packs, info.filename))
  cpSync(fixtures, app, { recursive: true })
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "app", private: true, dependencies: await cachedDependencies() }, null, 2),
  )
  await inApp("npm", ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", ...tarballs])
}, 600_000)

afterAll(() => {
  if (app !== "") rmSync(app, { recursive: true, force: true })
})

describe("the packed tarballs", () => {
  it(
    "hold package.json, README, LICENSE, " +
      "the built files every export points at and the sources; no tests, no install scripts",
    async () => {
      const names = readdirSync(join(root, "packages")).map((d) => {
        const { version } = JSON.parse(readFileSync(join(root, "packages", d, "package.json"), "utf8")) as {
          version: string
        }
        return `pollable-${d}-${version}.tgz`
      })
      expect(tarballs.map((t) => t.split("/").pop()).sort()).toEqual(names.sort())
      for (const tarball of tarballs) {
        const files = (await run("tar", ["-tzf", tarball], { encoding: "utf8" })).stdout
          .split("\n")
          .filter(Boolean)
          .map((f) => f.replace(/^package\//, ""))
        const pkg = JSON.parse(
          (await run("tar", ["-xOzf", tarball, "package/package.json"], { encoding: "utf8" })).stdout,
        )
        expect(files, tarball).toEqual(
          expect.arrayContaining([
            "package.json",
            "README.md",
            "LICENSE",
            "dist/index.js",
            "dist/index.d.ts",
            "src/index.ts",
          ]),
        )
        for (const t of exportTargets(pkg)) expect(files, `${pkg.name}: ${t}`).toContain(t.replace(/^\.\//, ""))
        expect(
          files.filter((f) => /(^|\/)test\/|\.test\.ts$/.test(f)),
          pkg.name,
        ).toEqual([])
        expect(
          Object.keys(pkg.scripts ?? {}).filter((s) => /^(pre|post)?install$|^prepare$/.test(s)),
          pkg.name,
        ).toEqual([])
      }
    },
  )
})

// The same program, once with `import` and once with `require()`: every entry point loads,
// and a future runs through each adapter, core's virtual clock and a worker thread.
const expected = {
  promise: 3,
  observable: 3,
  effect: 3,
  virtual: 3,
  worker: 42,
  exports: "function,function,function,function,function",
}
const runtimes: [string, () => [string, string[]]][] = [
  ["Node 20", () => [systemNode, []]],
  ["Node 24", () => [node24, []]],
  ["Bun", () => [bun, []]],
  ["Deno", () => [deno, ["run", "-A"]]],
]

/** `it.concurrent`, or a skipped test whose title says why (printed too). */
const concurrentUnless = (reason: string | undefined) =>
  reason === undefined
    ? it.concurrent
    : (title: string, fn: () => Promise<void>, timeout?: number) => itUnless(reason)(title, fn, timeout)

describe.each(runtimes)("installed packages on %s", (name, command) => {
  for (const file of ["esm.mjs", "cjs.cjs"]) {
    const test = concurrentUnless(name === "Node 24" ? noTools : undefined)
    test(`${file} (${file.endsWith(".mjs") ? "import" : "require()"}) ` +
      `loads every entry point and runs futures through each adapter`, async () => {
      const [cmd, args] = command()
      const out = await inApp(cmd, [...args, file])
      if (name === "Node 20" || name === "Node 24") {
        const version = (await inApp(cmd, ["--version"])).trim()
        expect(version.startsWith(name === "Node 20" ? "v20." : "v24."), version).toBe(true)
      }
      expect(JSON.parse(out.trim().split("\n").pop() ?? "")).toEqual(expected)
    }, 120_000)
  }
})

describe("strict TypeScript in the app", () => {
  // tsconfig.<mode>.json: strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess.
  // Only the first run also checks every declaration file (skipLibCheck: false); it is the
  // slow one (Effect's types are large), the others check the app against them.
  for (const [name, mode, tsc, skip] of [
    ["TypeScript 6", "nodenext-full", tsc6, undefined],
    ["TypeScript 6", "node16", tsc6, undefined],
    ["TypeScript 6", "bundler", tsc6, undefined],
    ["TypeScript 5.8", "nodenext", tsc58, noTools], // the oldest supported: require() of ES modules in .cts files
  ] as const) {
    concurrentUnless(skip)(
      `${name}, tsconfig.${mode}.json`,
      async () => {
        expect(await inApp(systemNode, [tsc, "-p", `tsconfig.${mode}.json`])).toBe("")
      },
      300_000,
    )
  }
})

describe("a browser bundle", () => {
  it("esbuild --bundle --platform=browser of all four package roots: no error, no warning", async () => {
    const r = await run(
      esbuild,
      [
        "browser.mjs",
        "--bundle",
        "--platform=browser",
        "--format=esm",
        "--outfile=out/browser.js",
        "--log-level=warning",
      ],
      {
        cwd: app,
        encoding: "utf8",
      },
    )
    expect(r.stderr).toBe("")
    expect(readdirSync(join(app, "out"))).toContain("browser.js")
    // and the bundle runs: it logs each package's export count
    const out = await inApp(systemNode, ["out/browser.js"])
    expect(
      out
        .trim()
        .split(" ")
        .map(Number)
        .every((n) => n > 0),
    ).toBe(true)
  }, 120_000)
})
