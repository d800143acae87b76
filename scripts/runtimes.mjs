// Where the JavaScript runtimes of the test matrix and the install test live, and how to get
// Node 24: the npm package `node@24` in tools/matrix (kept out of the root install, where its
// bin would shadow the system Node in every npm script). Bun and Deno are root devDependencies.
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"

export const root = new URL("..", import.meta.url).pathname
const bin = (p) => join(root, p)

export const systemNode = existsSync("/usr/bin/node") ? "/usr/bin/node" : process.execPath
export const node24 = bin("tools/matrix/node_modules/.bin/node")
export const bun = bin("node_modules/.bin/bun")
export const deno = bin("node_modules/.bin/deno")

/**
 * Installs tools/matrix (node@24) from its lockfile when it is missing, preferring the npm
 * cache. Returns null when Node 24 is there, else why not.
 */
export function ensureNode24() {
  if (existsSync(node24)) return null
  const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline", "--prefix", bin("tools/matrix")], {
    stdio: "inherit",
  })
  return r.status === 0 && existsSync(node24) ? null : "npm ci in tools/matrix failed (node@24 package)"
}
