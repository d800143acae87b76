// process.stdin as a TTY through AsyncFd: the child runs under `script` (util-linux), which
// gives it a pseudo-terminal; we type a line into it.
import { spawn, spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import { tsCommand } from "../../support/node-runtime.js"

const hasScript = spawnSync("script", ["--version"]).status === 0
const child = fileURLToPath(new URL("./tty-child.ts", import.meta.url))

describe("TTY source", () => {
  it.skipIf(!hasScript)("reads a line typed into a terminal (process.stdin.isTTY)", async () => {
    const cmd = tsCommand(child, ["@pollable/source"]).flat().join(" ")
    const p = spawn("script", ["-qec", cmd, "/dev/null"], { stdio: ["pipe", "pipe", "pipe"] })
    let out = ""
    p.stdout.on("data", (d) => (out += d))
    p.stderr.on("data", (d) => (out += d))
    p.stdin.write("hello tty\r") // the terminal's line discipline holds it until the child reads
    const guard = setTimeout(() => p.kill("SIGKILL"), 15_000) // never leave a stuck child behind
    const code = await new Promise<number | null>((r) => p.once("exit", r))
    clearTimeout(guard)
    p.stdin.destroy()
    expect(out).toContain("RESULT isTTY=true label=tty stdin line=hello tty")
    expect(code).toBe(0)
  })
})
