// scripts/line-length.mjs, the check `npm run lint` runs after Biome: Biome wraps code but
// cannot break strings or comments, so a long one would otherwise come back unnoticed.
import { execFileSync } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { longLines, MAX_COLUMNS } from "../../scripts/line-length.mjs"

const repos: string[] = []

/** A fresh git work tree holding `tracked` (committed to the index) and `untracked` files. */
function repo(tracked: Record<string, string>, untracked: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "pollable-line-length-"))
  repos.push(dir)
  const write = (files: Record<string, string>) => {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true })
      writeFileSync(join(dir, file), text)
    }
  }
  write(tracked)
  execFileSync("git", ["init", "-q"], { cwd: dir })
  execFileSync("git", ["add", "-f", "--", ...Object.keys(tracked)], { cwd: dir })
  write(untracked)
  return dir
}

afterEach(() => {
  for (const dir of repos.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const cols = (n: number) => "x".repeat(n)

describe("the 120-column line check", () => {
  it("reports the file, line and width of every tracked source line over 120 columns, none at exactly 120", () => {
    expect(MAX_COLUMNS).toBe(120)
    const dir = repo({
      "src/a.ts": `${cols(120)}\nconst ok = 1\n// ${cols(118)}\n`,
      "src/b.mjs": `${cols(130)}`,
      "src/c.cjs": `ok\r\n${cols(121)}\r\n`,
      "src/d.js": `${cols(119)}\n`,
    })
    expect(longLines(dir)).toEqual([
      { file: "src/a.ts", line: 3, columns: 121 },
      { file: "src/b.mjs", line: 1, columns: 130 },
      { file: "src/c.cjs", line: 2, columns: 121 },
    ])
  })

  it("counts columns as code points: 120 characters of multi-byte text fit, 121 do not", () => {
    const dir = repo({ "fits.ts": `// ${"é—".repeat(58)}é\n`, "long.ts": `// ${"é—".repeat(59)}\n` })
    expect(longLines(dir)).toEqual([{ file: "long.ts", line: 1, columns: 121 }])
  })

  it("skips dist/, node_modules/, bench/results.*, untracked files, other extensions and deleted files", () => {
    const long = `${cols(200)}\n`
    const dir = repo(
      {
        "packages/core/dist/index.js": long,
        "node_modules/x/index.js": long,
        "bench/results.js": long,
        "README.md": long,
        "gone.ts": long,
        "kept.ts": "ok\n",
      },
      { "scratch.ts": long },
    )
    rmSync(join(dir, "gone.ts"))
    expect(longLines(dir)).toEqual([])
    writeFileSync(join(dir, "kept.ts"), long)
    expect(longLines(dir)).toEqual([{ file: "kept.ts", line: 1, columns: 200 }])
  })
})
