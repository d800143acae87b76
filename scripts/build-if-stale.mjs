// Builds the packages (`npm run build`) when a package's dist/ is missing or older than
// what it is built from; otherwise does nothing. `npm test` runs it first (the `pretest`
// script), so the install test always packs what the sources say, and a fresh clone's
// `npm install && npm test` works without a separate build step.
import { spawnSync } from "node:child_process"
import { existsSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname

/** The newest modification time under `path` (a file or a folder, recursively). */
function newest(path) {
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), st.mtimeMs)
}

/** Why the build is stale, or null when every package's dist/ is newer than its inputs. */
export function staleBecause() {
  const shared = Math.max(
    ...["tsup.config.ts", "tsconfig.build.json", "tsconfig.base.json"].map((f) => newest(join(root, f))),
  )
  for (const dir of readdirSync(join(root, "packages"))) {
    const pkg = join(root, "packages", dir)
    const built = join(pkg, "dist", "index.js")
    if (!existsSync(built)) return `packages/${dir}/dist is missing`
    const inputs = Math.max(shared, newest(join(pkg, "src")), newest(join(pkg, "package.json")))
    if (inputs > statSync(built).mtimeMs) return `packages/${dir} changed after its last build`
  }
  return null
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const why = staleBecause()
  if (why !== null) {
    console.log(`build: ${why}; running npm run build`)
    const r = spawnSync("npm", ["run", "build", "--silent"], { cwd: root, encoding: "utf8" })
    if (r.status !== 0) console.error(`${r.stdout ?? ""}${r.stderr ?? ""}build failed`)
    process.exit(r.status ?? 1)
  }
}
