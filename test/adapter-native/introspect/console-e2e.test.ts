/**
 * End to end: a separate Node process hangs a named task on a receive and serves its tasks on
 * 127.0.0.1; `pollable-console --once` attaches to it and prints the task table, naming the
 * stuck task and what it waits on.
 */
import { spawn, execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const fixture = fileURLToPath(new URL("./fixtures/hanging-program.ts", import.meta.url))
const bin = fileURLToPath(new URL("../../../packages/adapter-native/bin/pollable-console.mjs", import.meta.url))

const child = spawn("node", ["--conditions=@pollable/source", "--import", "tsx", fixture], {
  cwd: root,
  stdio: ["pipe", "pipe", "inherit"],
})
const port = new Promise<number>((resolve, reject) => {
  let out = ""
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString()
    const m = /port (\d+)/.exec(out)
    if (m !== null) resolve(Number(m[1]))
  })
  child.once("exit", (code) => reject(new Error(`the hanging program exited early (${code})`)))
})

const consoleOnce = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile("node", [bin, ...args], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? 1), stdout, stderr })
    })
  })

afterAll(async () => {
  const exited = new Promise((r) => child.once("exit", r))
  child.stdin!.end() // the program closes its server and exits when its stdin ends
  await exited
})

describe("pollable-console --once against a hung process", () => {
  it("shows the named stuck task and its wait, with counters", async () => {
    const p = await port
    const r = await consoleOnce(String(p), "--once")
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^native: 2 task\(s\) — sorted by busy/)
    expect(r.stdout).toMatch(/fetch user 42\s+waiting\s+1\s+1\s.*mpsc receive \(0 queued\)/)
    expect(r.stdout).toMatch(/gen\(heartbeat\)\s+waiting.*timer at t=/)
  }, 60_000)

  it("filters by name and sorts by the column asked for", async () => {
    const p = await port
    const r = await consoleOnce(String(p), "--once", "--filter", "FETCH", "--sort", "id")
    expect(r.stdout).toMatch(/2 task\(s\), 1 matching "FETCH" — sorted by id/)
    expect(r.stdout).toMatch(/fetch user 42/)
    expect(r.stdout).not.toMatch(/heartbeat/)
  }, 60_000)

  it("says what is wrong with a bad argument or an unreachable port", async () => {
    expect(await consoleOnce("--once")).toMatchObject({ code: 2, stderr: expect.stringMatching(/give the port/) })
    expect(await consoleOnce("1", "--once", "--sort", "size")).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--sort takes one of busy, polls, wakes, age, id/),
    })
    const r = await consoleOnce("1", "--once")
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/cannot read tasks from 127\.0\.0\.1:1/)
  }, 60_000)
})
