// The line-length rule `npm run lint` enforces. Biome wraps code at 120 columns, but it cannot
// break string literals, template literals or comments, so those are checked here: every
// git-tracked .ts/.mjs/.js/.cjs line must fit in MAX_COLUMNS columns (Unicode code points,
// the unit Biome's lineWidth counts).
import { execFileSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"

export const MAX_COLUMNS = 120

const skipped = (file) => /(^|\/)(dist|node_modules)\//.test(file) || /^bench\/results\./.test(file)

export function longLines(root) {
  const tracked = execFileSync("git", ["ls-files", "-z", "--", "*.ts", "*.mjs", "*.js", "*.cjs"], {
    cwd: root,
    encoding: "utf8",
  })
  const found = []
  for (const file of tracked.split("\0")) {
    // a file deleted in the work tree but not yet staged has nothing to check
    if (file === "" || skipped(file) || !existsSync(join(root, file))) continue
    const lines = readFileSync(join(root, file), "utf8").split(/\r?\n/)
    lines.forEach((line, i) => {
      const columns = [...line].length
      if (columns > MAX_COLUMNS) found.push({ file, line: i + 1, columns })
    })
  }
  return found
}
