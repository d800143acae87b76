import { defineConfig, type Options } from "tsup"

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
  splitting: true,
  external: [/^@pollable\//, "rxjs", /^rxjs\//, "effect", /^effect\//, /^node:/, "piscina"],
})

export default defineConfig([
  {
    ...pkg("core", {
      index: "src/index.ts",
      "testing/index": "src/testing/index.ts",
      "conformance/index": "src/conformance/index.ts",
      "otel/index": "src/otel/index.ts",
    }),
    // resolved at run time through package.json "imports", so the export condition decides
    external: [/^@pollable\//, /^node:/, "#pollable-condition"],
    clean: ["!condition/**"], // written by the build below, possibly first
  },
  {
    // The condition modules are one constant each. Built without code splitting: with
    // splitting, esbuild gives every entry a bare import of the shared runtime chunk,
    // which bundlers then warn about (the package is "sideEffects": false).
    ...pkg("core", {
      "condition/none": "src/select-executor/condition/none.ts",
      "condition/native": "src/select-executor/condition/native.ts",
      "condition/rxjs": "src/select-executor/condition/rxjs.ts",
      "condition/effect": "src/select-executor/condition/effect.ts",
    }),
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
