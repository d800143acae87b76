// A tsup plugin run after `keepNames`: it removes the `static { __name(this, "X") }` blocks
// that change nothing, because on V8 (Node 20 and 24) a derived class whose `name` was
// redefined is constructed 3–5× slower — measured: `new Sub(v)` 11 ns plain, 41 ns after
// `Object.defineProperty(Sub, "name", …)`, the same with a `static name` field. Every
// future is such a subclass (of FutureBase), so keepNames alone made creating one several
// times dearer.
//
// esbuild emits top-level classes as `var X = class …`, and with keepNames adds
// `static { __name(this, "X"); }` to every one. The rename is a no-op when the class is
// already named X: an anonymous `var X = class extends …` takes the name X from its binding.
// When esbuild named the class expression itself `_X` (it does so for a class that refers
// to itself, e.g. `X.#helper(…)`), renaming that inner binding to `X` gives it the right name
// with the same meaning (inside the body both bindings are the class). Any other rename
// (a class renamed `X2` to avoid a clash) is left as esbuild wrote it.
//
// Line numbers are kept (the block becomes blank lines), so the source maps still point
// at the right lines.

interface Chunk {
  readonly type: string
  readonly path: string
}

/** A class header `V = class [C]` (after `var ` or, with minifySyntax, after `}, ` in one `var` list). */
const header = /([A-Za-z_$][\w$]*) = class(?: (?!extends\b)([A-Za-z_$][\w$]*))?\b/g
/** A top-level class body's keepNames block (class bodies are indented by two spaces). */
const block = /\n {2}static \{\n {4}__name\(this, "([A-Za-z_$][\w$]*)"\);\n {2}\}/g

const escape = (s: string): string => s.replace(/\$/g, "\\$")

/** Where the line holding `at` starts, searching back for one that is not indented (a top-level line). */
const topLineBefore = (code: string, at: number): number => {
  let i = code.lastIndexOf("\n", at - 1)
  while (i >= 0 && (code[i + 1] === " " || code[i + 1] === "\n")) i = code.lastIndexOf("\n", i - 1)
  return i + 1
}

/** Rewrite one chunk; exported for the build test. */
export function dropNoopClassRenames(code: string): string {
  const blocks = [...code.matchAll(block)]
  // from the last block back, so earlier offsets stay valid
  for (let k = blocks.length - 1; k >= 0; k--) {
    const b = blocks[k]!
    const at = b.index
    const name = b[1]!
    // a top-level class body is indented, so its header is on the nearest line that is not:
    // the last `V = class` on that line opens the class this block is in
    const lineStart = topLineBefore(code, at)
    const lineEnd = code.indexOf("\n", lineStart)
    const heads = [...code.slice(lineStart, lineEnd).matchAll(header)]
    const h = heads[heads.length - 1]
    if (h === undefined) continue
    const [, binding, inner] = h
    // the class body ends at the next line that is not indented
    const bodyStart = lineStart + h.index
    const next = code.slice(at + b[0].length).search(/\n[^ \n]/)
    const bodyEnd = next < 0 ? code.length : at + b[0].length + next + 1
    let body = code.slice(bodyStart, bodyEnd)
    if ((inner ?? binding) === name) {
      // already named `name`
    } else if (binding === name && inner === `_${name}`) {
      // `X = class _X`: name the expression X; references to `_X` inside are the same class
      body = body.replace(new RegExp(`(?<![\\w$])${escape(inner)}(?![\\w$])`, "g"), name)
    } else continue
    // the block becomes blank lines: every later line keeps its number
    body = body.replace(`\n  static {\n    __name(this, "${name}");\n  }`, "\n\n\n")
    code = code.slice(0, bodyStart) + body + code.slice(bodyEnd)
  }
  return code
}

/** The tsup plugin. */
export const fastClassNames = () => ({
  name: "fast-class-names",
  renderChunk(code: string, chunk: Chunk) {
    if (chunk.type !== "chunk" || !/\.m?js$/.test(chunk.path)) return
    return { code: dropNoopClassRenames(code) }
  },
})
