/**
 * The build's class-name plugin (scripts/fast-class-names.ts) removes only the keepNames
 * renames that change nothing, so every class keeps the name keepNames gives it while a
 * subclass constructor is not slowed down by a redefined `name`.
 */
import { describe, expect, it } from "vitest"
import { dropNoopClassRenames } from "../../scripts/fast-class-names.js"

// esbuild's keepNames helper, as it appears in a chunk; counts the renames it performs
const prelude = `var __renamed = []
var __defProp = Object.defineProperty
var __name = (target, value) => (__renamed.push(value), __defProp(target, "name", { value, configurable: true }));
class Base {}
`
const run = (code: string): { names: Record<string, string>; renamed: string[] } =>
  new Function(
    `${prelude}${code}\nreturn { names: { A: A.name, B: B.name, Send2: Send2.name }, renamed: __renamed, }`,
  )()

// the three shapes esbuild emits with keepNames on
const chunk = `// a.ts
var A = class extends Base {
  constructor() {
    super();
  }
  static {
    __name(this, "A");
  }
  get label() {
    return "a";
  }
};
// b.ts: refers to itself, so esbuild gives the expression a name of its own
var B = class _B extends Base {
  static {
    __name(this, "B");
  }
  static #count = 0;
  static make() {
    _B.#count++;
    return new _B();
  }
  static get count() {
    return _B.#count;
  }
};
// send.ts: renamed to avoid a clash with another Send
var Send2 = class _Send extends Base {
  static {
    __name(this, "Send");
  }
  static make() {
    return new _Send();
  }
};
`

describe("fast-class-names", () => {
  it("drops the rename of a class its binding already names, keeping the name", () => {
    const out = dropNoopClassRenames(chunk)
    expect(out).not.toContain('__name(this, "A")')
    const { names, renamed } = run(out)
    expect(names.A).toBe("A")
    expect(renamed).not.toContain("A")
  })

  it("names a self-referring class expression after its binding instead of renaming it at run time", () => {
    const out = dropNoopClassRenames(chunk)
    expect(out).toContain("var B = class B extends Base")
    expect(out).not.toContain("_B")
    const fn = new Function(`${prelude}${out}\nB.make(); B.make(); return [B.name, B.count, __renamed]`)
    const [name, count, renamed] = fn() as [string, number, string[]]
    expect(name).toBe("B")
    expect(count).toBe(2)
    expect(renamed).not.toContain("B")
  })

  it("keeps the rename of a class esbuild renamed to avoid a clash", () => {
    const out = dropNoopClassRenames(chunk)
    expect(out).toContain('__name(this, "Send")')
    expect(run(out).names.Send2).toBe("Send")
  })

  it("finds the classes of one merged `var` list (esbuild's minifySyntax output)", () => {
    const merged = chunk.replace(
      "};\n// b.ts: refers to itself, so esbuild gives the expression a name of its own\nvar B",
      "}, B",
    )
    expect(merged).toContain("}, B = class _B extends Base")
    const out = dropNoopClassRenames(merged)
    expect(out).toContain("}, B = class B extends Base")
    expect(out).not.toContain('__name(this, "A")')
    expect(out).not.toContain('__name(this, "B")')
    expect(run(out).names).toEqual({ A: "A", B: "B", Send2: "Send" })
  })

  it("keeps every line where it was, so source maps stay right", () => {
    const out = dropNoopClassRenames(chunk)
    expect(out.split("\n").length).toBe(chunk.split("\n").length)
    const line = (code: string, text: string): number => code.split("\n").findIndex((l) => l.includes(text))
    expect(line(out, 'return "a"')).toBe(line(chunk, 'return "a"'))
  })
})
