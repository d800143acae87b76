// Keeps README code blocks generated from real, type-checked, tested files:
//   <!-- include: examples/readme/native.ts -->```ts ... ```<!-- /include -->
// and the benchmark tables from bench/results.md (written by a full `npm run bench`):
//   <!-- bench -->...<!-- /bench -->
// `--check` exits 1 (and says which) when a README is out of date instead of writing.
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const check = process.argv.includes("--check")
const readmes = [
  "README.md",
  "packages/core/README.md",
  "packages/adapter-native/README.md",
  "packages/adapter-rxjs/README.md",
  "packages/adapter-effect/README.md",
]

function benchTable() {
  // a full `npm run bench` writes bench/results-goals.md (every goal, a column per Node
  // version) and bench/results.md (every table); the README shows the goals
  const goals = join(root, "bench/results-goals.md")
  if (existsSync(goals))
    return readFileSync(goals, "utf8")
      .split("\n")
      .filter((l) => !l.startsWith("<!--"))
      .join("\n")
      .trim()
  const file = join(root, "bench/results.md")
  if (!existsSync(file)) return "_Run `npm run bench` to generate these tables._"
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => !l.startsWith("<!--"))
    .map((l) => (l.startsWith("### ") ? `#${l}` : l))
    .join("\n")
    .trim()
}

const stale = []
const written = []
for (const rel of readmes) {
  const path = join(root, rel)
  if (!existsSync(path)) continue
  const before = readFileSync(path, "utf8")
  let after = before.replace(
    /<!-- include: ([^ ]+) -->[\s\S]*?<!-- \/include -->/g,
    (_, file) =>
      `<!-- include: ${file} -->\n\`\`\`ts\n` +
      `${readFileSync(join(root, file), "utf8").trimEnd()}\n\`\`\`\n<!-- /include -->`,
  )
  // the bench table follows bench/results.json, which changes with every run: not part of --check
  if (!check)
    after = after.replace(
      /<!-- bench -->[\s\S]*?<!-- \/bench -->/g,
      () => `<!-- bench -->\n${benchTable()}\n<!-- /bench -->`,
    )
  if (after !== before) {
    if (check) stale.push(rel)
    else {
      writeFileSync(path, after)
      written.push(path)
    }
  }
}
// the bench table is written unpadded: format it as the linter expects (`npm run lint`)
if (written.length > 0) spawnSync("npx", ["biome", "format", "--write", ...written], { cwd: root, stdio: "ignore" })
if (check && stale.length > 0) {
  console.log(`out of date: ${stale.join(", ")} — run node scripts/sync-readme.mjs`)
  process.exit(1)
}
console.log(check ? "READMEs in sync" : "READMEs updated")
