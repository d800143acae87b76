// Every ```ts block of the package READMEs is type-checked against the workspace sources
// (the `@pollable/source` condition, as in tsconfig.json), with one small prelude declaring
// the placeholders the examples leave to the reader (`http`, `render`, …). One ts.Program
// checks all blocks; each block is its own module, so blocks cannot lean on each other.
import { readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")
const readmes = [
  "packages/core/README.md",
  "packages/adapter-native/README.md",
  "packages/adapter-rxjs/README.md",
  "packages/adapter-effect/README.md",
  "docs/simulation.md",
]

/** What the examples assume and do not define: stand-ins for the reader's own code. */
const prelude = `
type Future<T, E = unknown> = import("@pollable/core").Future<T, E>
declare class AError extends Error { readonly _tag: "AError" }
declare class BError extends Error { readonly _tag: "BError" }
declare class CError extends Error { readonly _tag: "CError" }
// core README, gen: three fallible fetches and a cleanup
declare function fetchA(): Future<string, AError>
declare function fetchB(): Future<number, BError>
declare function fetchC(b: number): Future<string, CError>
declare function release(): void
// core README, running futures: the future the \`gen\` example builds
declare const pipeline: Future<string, AError | BError | CError | import("@pollable/core").TimeoutError>
// adapter-rxjs README: an HTTP client returning Observables, UI callbacks, a DOM button
declare const http: { get(url: string): import("rxjs").Observable<string> }
declare function render(page: string): void
declare function showError(error: unknown): void
declare const token$: import("rxjs").Observable<string>
declare const button: HTMLElement
// adapter-native README, context: an executor, some awaited work and a task
declare const myExecutor: import("@pollable/core").Executor
declare function somethingElse(): Promise<void>
declare const task: Future<string, Error>
// docs/simulation.md: the echo server its first block defines
declare function echoServer(
  net: import("@pollable/core/testing").Net,
  port: number,
): import("@pollable/core").Pollable<import("@pollable/core/testing").NetListener, Error>
`

/**
 * The core README's contract block restates the contract's interfaces: appended to it, this
 * fails when they drift from the real ones (each way assignable).
 */
const contractMarker = "// abridged from packages/core/src/contracts"
const contractCheck = `
import type * as Real from "@pollable/core"
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
export const contractMatches: [
  Same<Poll<1>, Real.Poll<1>>, Same<Waker, Real.Waker>, Same<Context, Real.Context>,
  Same<Future<1, 2>, Real.Future<1, 2>>, Same<Executor, Real.Executor>,
] = [true, true, true, true, true]
`

interface Block {
  readme: string
  line: number
  size: number
  file: string
  code: string
}

const blocks: Block[] = readmes.flatMap((readme) => {
  const lines = readFileSync(join(root, readme), "utf8").split("\n")
  const out: Block[] = []
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trimEnd() !== "```ts") continue
    const start = i + 1
    let end = start
    while (end < lines.length && lines[end]?.trimEnd() !== "```") end++
    // a virtual module next to the tests: resolves `@pollable/*` like the tests do
    const file = join(root, "test/docs", `${readme.replace(/[/.]/g, "_")}_L${start + 1}.ts`)
    // `export {}`: every block is a module (top-level await, no clashes between blocks)
    const code = lines.slice(start, end).join("\n")
    out.push({
      readme,
      line: start + 1,
      size: end - start,
      file,
      code: `${code}\nexport {}\n${code.startsWith(contractMarker) ? contractCheck : ""}`,
    })
    i = end
  }
  return out
})

const preludeFile = join(root, "test/docs/readme-prelude.d.ts")

function check(): Map<string, string[]> {
  const base = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(base.config, ts.sys, root)
  const virtual = new Map([[preludeFile, prelude], ...blocks.map((b) => [b.file, b.code] as const)])
  const host = ts.createCompilerHost({ ...options, noEmit: true })
  const getSourceFile = host.getSourceFile.bind(host)
  host.getSourceFile = (name, lang, ...rest) => {
    const text = virtual.get(resolve(name))
    return text !== undefined ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, ...rest)
  }
  const fileExists = host.fileExists.bind(host)
  host.fileExists = (name) => virtual.has(resolve(name)) || fileExists(name)
  const readFile = host.readFile.bind(host)
  host.readFile = (name) => virtual.get(resolve(name)) ?? readFile(name)
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options: { ...options, noEmit: true }, host })
  const result = new Map<string, string[]>()
  for (const b of [{ file: preludeFile, line: 1, size: Infinity }, ...blocks]) {
    const sf = program.getSourceFile(b.file)
    const diags =
      sf === undefined ? [] : [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]
    result.set(
      b.file,
      diags.map((d) => {
        const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined
        const where = !at
          ? ""
          : at.line < b.size
            ? `line ${b.line + at.line}:${at.character + 1}`
            : "in the appended contract check:"
        return `${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`
      }),
    )
  }
  return result
}

describe("package README ```ts blocks type-check against the workspace", () => {
  const diagnostics = check()
  it("found the blocks", () => expect(blocks.length).toBeGreaterThanOrEqual(17))
  it("every fence names its language: ts (checked), sh or text (not TypeScript)", () => {
    for (const readme of readmes) {
      const fences = readFileSync(join(root, readme), "utf8")
        .split("\n")
        .filter((l) => l.startsWith("```"))
      const opening = fences.filter((_, i) => i % 2 === 0).map((l) => l.slice(3).trim())
      expect(
        opening.filter((lang) => !["ts", "sh", "text"].includes(lang)),
        readme,
      ).toEqual([])
    }
  })
  it("the contract block is compared with the real contract", () =>
    expect(blocks.filter((b) => b.code.startsWith(contractMarker))).toHaveLength(1))
  it("the placeholder prelude", () => expect(diagnostics.get(preludeFile)).toEqual([]))
  for (const b of blocks) {
    it(`${b.readme} block at line ${b.line}`, () => expect(diagnostics.get(b.file)).toEqual([]))
  }
})
