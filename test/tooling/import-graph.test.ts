// The packages' import graph, read from their sources: core's folders form no cycle, and
// each adapter imports only @pollable/core (and its subpaths), its own runtime and Node's
// builtins — never another adapter.
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")

/** Every `.ts` file under `dir`, as absolute paths. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  )
}

/** The module specifiers a file imports or re-exports: static, side-effect and dynamic (`import("x")`). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, "")
  const found: string[] = []
  for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']/g)) found.push(m[1]!)
  for (const m of text.matchAll(/(?:^|[\s;])import\s*["']([^"']+)["']/g)) found.push(m[1]!)
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.push(m[1]!)
  return found
}

/** The node of a core source file in the folder graph: its top folder under src/, or the file itself at the top. */
const coreNode = (src: string, file: string): string => {
  const rel = relative(src, file)
  const slash = rel.indexOf("/")
  return slash < 0 ? rel : rel.slice(0, slash)
}

/** Core's folder graph: folder → the folders (and top-level files) its files import. */
function coreFolderGraph(): Map<string, Set<string>> {
  const src = join(root, "packages/core/src")
  const graph = new Map<string, Set<string>>()
  for (const file of sources(src)) {
    const from = coreNode(src, file)
    const edges = graph.get(from) ?? graph.set(from, new Set()).get(from)!
    for (const spec of specifiers(file)) {
      if (!spec.startsWith(".")) continue
      const to = coreNode(src, resolve(dirname(file), spec))
      if (to !== from) edges.add(to)
    }
  }
  return graph
}

/** The strongly connected components of more than one node (Tarjan): each is a cycle between folders. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const out: string[][] = []
  const visit = (v: string): void => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1) out.push(component.sort())
    }
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return out
}

describe("import graph", () => {
  it("core's folders import each other without a cycle", () => {
    const graph = coreFolderGraph()
    expect(graph.size).toBeGreaterThan(10) // the walk found core's folders
    expect(cycles(graph)).toEqual([])
  })

  it("the cycle finder reports a cycle between folders (so the check above can fail)", () => {
    const graph = new Map([
      ["stream", new Set(["scope"])],
      ["scope", new Set(["contracts", "stream"])],
      ["contracts", new Set<string>()],
    ])
    expect(cycles(graph)).toEqual([["scope", "stream"]])
  })

  const runtimes: Record<string, RegExp> = {
    "adapter-native": /^(?:node:.+|piscina)$/,
    "adapter-rxjs": /^rxjs(?:\/.+)?$/,
    "adapter-effect": /^effect(?:\/.+)?$/,
  }
  for (const [pkg, runtime] of Object.entries(runtimes)) {
    it(`${pkg} imports only @pollable/core (and its subpaths), its runtime and its own files`, () => {
      const src = join(root, "packages", pkg, "src")
      const foreign: string[] = []
      let count = 0
      for (const file of sources(src)) {
        for (const spec of specifiers(file)) {
          count++
          if (spec.startsWith(".")) {
            const target = resolve(dirname(file), spec)
            if (!target.startsWith(src)) foreign.push(`${relative(root, file)}: ${spec}`)
          } else if (!/^@pollable\/core(?:\/[a-z-]+)?$/.test(spec) && !runtime.test(spec)) {
            foreign.push(`${relative(root, file)}: ${spec}`)
          }
        }
      }
      expect(count).toBeGreaterThan(20) // the walk read the adapter's imports
      expect(foreign).toEqual([])
    })
  }
})
