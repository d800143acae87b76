// Lints the workspace: Biome (formatting and lint rules, biome.json), no source line over 120 columns
// (scripts/line-length.mjs), knip (no unused files, exports or dependencies), then every built package with publint
// (package.json / exports correctness) and @arethetypeswrong/cli (types resolve for ESM consumers).
// Run `npm run build` first.
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { longLines, MAX_COLUMNS } from "./line-length.mjs"

const root = new URL("..", import.meta.url).pathname
const bin = (name) => join(root, "node_modules", ".bin", name)
let failed = 0
try {
  execFileSync(bin("biome"), ["check", "--error-on-warnings", "."], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  })
  console.log("ok   workspace: biome (format + lint)")
} catch (e) {
  failed++
  console.error(
    `FAIL workspace: biome — run \`npx biome check --write .\` to format\n${e.stdout ?? ""}${e.stderr ?? ""}`,
  )
}
const long = longLines(root)
if (long.length === 0) console.log(`ok   workspace: no line over ${MAX_COLUMNS} columns`)
else {
  failed++
  console.error(
    `FAIL workspace: ${long.length} line(s) over ${MAX_COLUMNS} columns; Biome cannot break strings or comments, ` +
      "so split long string literals with + (keeping the text identical) and rewrap comments by hand",
  )
  for (const l of long) console.error(`  ${l.file}:${l.line}: ${l.columns} columns`)
}
try {
  execFileSync(bin("knip"), [], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
  console.log("ok   workspace: knip")
} catch (e) {
  failed++
  console.error(`FAIL workspace: knip\n${e.stdout ?? ""}${e.stderr ?? ""}`)
}
for (const dir of readdirSync(join(root, "packages"))) {
  const pkg = join(root, "packages", dir)
  if (!existsSync(join(pkg, "dist"))) {
    console.error(`lint: packages/${dir} has no dist/; run \`npm run build\` first`)
    process.exit(1)
  }
  for (const [cmd, args] of [
    [bin("publint"), ["--strict", pkg]],
    [bin("attw"), ["--pack", pkg, "--profile", "esm-only", "--format", "table-flipped"]],
  ]) {
    try {
      const out = execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
      console.log(`ok   ${dir}: ${cmd.split("/").pop()}`)
      if (process.env.LINT_VERBOSE) console.log(out)
    } catch (e) {
      failed++
      console.error(`FAIL ${dir}: ${cmd.split("/").pop()}\n${e.stdout ?? ""}${e.stderr ?? ""}`)
    }
  }
}
process.exit(failed === 0 ? 0 : 1)
