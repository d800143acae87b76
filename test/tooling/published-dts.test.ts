/**
 * The published `.d.ts` hold no `@internal` declaration, and still type-check for a consumer.
 * tsup builds the declarations with tsconfig.build.json, whose `stripInternal` drops every
 * declaration marked `@internal`; this test emits them the same way (TypeScript's declaration
 * emit with that tsconfig), then compiles them strictly, without `skipLibCheck`, so a
 * stripped declaration that a published one still refers to fails here, not in a user's build.
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")
// inside the repository, so `rxjs`, `effect` and `@types/node` resolve from its node_modules
const out = join(root, "node_modules", ".cache", "pollable-dts")
const tsc = join(root, "node_modules", ".bin", "tsc")

const declarations = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? declarations(join(dir, e.name)) : e.name.endsWith(".d.ts") ? [join(dir, e.name)] : [],
  )

/** Run tsc; its diagnostics (stdout) on failure, "" on success. */
function runTsc(args: string[]): string {
  try {
    execFileSync(tsc, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
    return ""
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e)
  }
}

let emitted: string[] = []

beforeAll(() => {
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  const diagnostics = runTsc([
    "-p",
    "tsconfig.build.json",
    "--emitDeclarationOnly",
    "--sourceMap",
    "false",
    "--rootDir",
    "packages",
    "--outDir",
    out,
  ])
  if (diagnostics !== "") throw new Error(`declaration emit failed:\n${diagnostics}`)
  emitted = declarations(out)
}, 180_000)

describe("published declarations", () => {
  it("tsconfig.build.json strips @internal declarations (tsup's dts build reads it)", () => {
    const build = JSON.parse(readFileSync(join(root, "tsconfig.build.json"), "utf8"))
    expect(build.compilerOptions.stripInternal).toBe(true)
  })

  it("no emitted .d.ts mentions @internal", () => {
    expect(emitted.length).toBeGreaterThan(100) // every package's sources were emitted
    const leaks = emitted.filter((f) => readFileSync(f, "utf8").includes("@internal"))
    expect(leaks.map((f) => f.slice(out.length + 1))).toEqual([])
  })

  it("type-check for a consumer: strict, without skipLibCheck, every package as its .d.ts", () => {
    const entry = (pkg: string, file: string) => [join(out, pkg, "src", file)]
    writeFileSync(
      join(out, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023", "DOM", "ESNext.Disposable"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          exactOptionalPropertyTypes: true,
          skipLibCheck: false,
          noEmit: true,
          types: ["node"],
          paths: {
            "@pollable/core": entry("core", "index.d.ts"),
            "@pollable/core/adapter": entry("core", "adapter/index.d.ts"),
            "@pollable/core/testing": entry("core", "testing/index.d.ts"),
            "@pollable/core/conformance": entry("core", "conformance/index.d.ts"),
          },
        },
        include: ["**/*.d.ts"],
      }),
    )
    expect(runTsc(["-p", join(out, "tsconfig.json")])).toBe("")
  }, 180_000)
})
