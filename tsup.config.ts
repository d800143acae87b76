import { readFileSync } from "node:fs"
import { defineConfig, type Options } from "tsup"
import { fastClassNames } from "./scripts/fast-class-names.js"

// One build per package: ESM + .d.ts into packages/<name>/dist.
// `@pollable/*` stays external so each adapter links to the single installed core
// (one `Pending` symbol per application), and packages can build in parallel.
const pkg = (dir: string, entry: Record<string, string>): Options => ({
  entry: Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, `packages/${dir}/${v}`])),
  outDir: `packages/${dir}/dist`,
  format: ["esm"],
  target: "es2022",
  platform: "neutral",
  dts: true,
  tsconfig: "tsconfig.build.json",
  sourcemap: true,
  clean: true,
  treeshake: true,
  // keep class and function names: error names, executor names and labels read them
  keepNames: true,
  // …but drop the renames that change nothing: V8 constructs a subclass whose `name` was
  // redefined several times slower (every future is one; see scripts/fast-class-names.ts)
  plugins: [fastClassNames()],
  // folds constants across modules, so the hot path compares `state` with a literal, not a
  // module variable (RUNNING, COMPLETED, CANCELLED live in their own module); see ARCHITECTURE.md
  minifySyntax: true,
  splitting: true,
  external: [/^@pollable\//, "rxjs", /^rxjs\//, "effect", /^effect\//, /^node:/, "piscina"],
})

type Target = string | { [condition: string]: Target }

/**
 * The condition modules, read from core's package.json "imports" map (`#pollable-condition`):
 * each built file (`default`) from its source (`@pollable/source`), so the list lives in one place.
 */
function conditionEntries(): Record<string, string> {
  const manifest = JSON.parse(readFileSync("packages/core/package.json", "utf8")) as {
    imports: Record<string, Target>
  }
  const entries: Record<string, string> = {}
  const visit = (t: Target): void => {
    if (typeof t === "string") return
    const out = t.default
    const src = t["@pollable/source"]
    if (typeof out === "string" && typeof src === "string") {
      entries[out.replace(/^\.\/dist\//, "").replace(/\.js$/, "")] = src.replace(/^\.\//, "")
    }
    for (const [k, v] of Object.entries(t)) if (k !== "default" && k !== "@pollable/source") visit(v)
  }
  visit(manifest.imports["#pollable-condition"]!)
  return entries
}

export default defineConfig([
  {
    ...pkg("core", {
      index: "src/index.ts",
      "testing/index": "src/testing/index.ts",
      "conformance/index": "src/conformance/index.ts",
      "otel/index": "src/otel/index.ts",
      "adapter/index": "src/adapter/index.ts",
    }),
    // resolved at run time through package.json "imports", so the export condition decides
    external: [/^@pollable\//, /^node:/, "#pollable-condition"],
    clean: ["!condition/**"], // written by the build below, possibly first
  },
  {
    // The condition modules are one constant each. Built without code splitting: with
    // splitting, esbuild gives every entry a bare import of the shared runtime chunk,
    // which bundlers then warn about (the package is "sideEffects": false).
    ...pkg("core", conditionEntries()),
    splitting: false,
    dts: false, // reached only through "#pollable-condition" at run time; no types needed
    clean: false, // the build above cleans packages/core/dist, keeping condition/
  },
  pkg("adapter-native", {
    index: "src/index.ts",
    "io/index": "src/io/index.ts",
    blocking: "src/blocking.ts",
    context: "src/context.ts",
    "introspect/index": "src/introspect/index.ts",
  }),
  pkg("adapter-rxjs", { index: "src/index.ts" }),
  pkg("adapter-effect", { index: "src/index.ts" }),
])
