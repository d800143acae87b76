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

/** Top-level `var V = class [C] …` headers (esbuild's output is indented by two spaces per level). */
const header = /^var ([A-Za-z_$][\w$]*) = class(?: (?!extends\b)([A-Za-z_$][\w$]*))?\b/
/** A top-level class body's keepNames block. */
const block = /\n {2}static \{\n {4}__name\(this, "([A-Za-z_$][\w$]*)"\);\n {2}\}/

const escape = (s: string): string => s.replace(/\$/g, "\\$")

/** Rewrite one chunk; exported for the build test. */
export function dropNoopClassRenames(code: string): string {
  // split before every top-level statement, so a class body is searched only up to the next one
  const parts = code.split(/(?=^\S)/m)
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    const h = header.exec(part)
    if (h === null) continue
    const b = block.exec(part)
    if (b === null) continue
    const [, binding, inner] = h
    const name = b[1]!
    let out = part
    if ((inner ?? binding) === name) {
      // already named `name`
    } else if (binding === name && inner === `_${name}`) {
      // `var X = class _X`: name the expression X; references to `_X` inside are the same class
      out = out.replace(new RegExp(`(?<![\\w$])${escape(inner)}(?![\\w$])`, "g"), name)
    } else continue
    parts[i] = out.replace(block, "\n\n\n")
  }
  return parts.join("")
}

/** The tsup plugin. */
export const fastClassNames = () => ({
  name: "fast-class-names",
  renderChunk(code: string, chunk: Chunk) {
    if (chunk.type !== "chunk" || !/\.m?js$/.test(chunk.path)) return
    return { code: dropNoopClassRenames(code) }
  },
})
