// scripts/ensure-redis.mjs (`npm test`'s pretest): a missing server fails the run with the
// one command that installs it, and nothing is ever installed by the script itself.
import { spawnSync } from "node:child_process"
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")
const bin = mkdtempSync(join(tmpdir(), "pollable-pretest-"))
const log = join(bin, "calls.log")
// A PATH with only `sh`, and an apt-get / apt / sudo that record a call and do nothing.
symlinkSync("/bin/sh", join(bin, "sh"))
for (const fake of ["apt-get", "sudo", "apt"]) {
  writeFileSync(join(bin, fake), `#!/bin/sh\necho "${fake} $*" >> ${log}\n`)
  chmodSync(join(bin, fake), 0o755)
}
const path = bin
afterAll(() => rmSync(bin, { recursive: true, force: true }))

const pretest = (env: Record<string, string>) =>
  spawnSync(process.execPath, [join(root, "scripts/ensure-redis.mjs")], {
    env: { PATH: path, HOME: process.env.HOME ?? "/root", ...env },
    encoding: "utf8",
  })
const calls = () => {
  try {
    return readFileSync(log, "utf8")
  } catch {
    return ""
  }
}

describe("npm test's pretest when redis-server is missing", () => {
  it("fails, printing the one command that installs it, and installs nothing", () => {
    const r = pretest({})
    expect(r.status).toBe(1)
    expect(r.stderr).toContain("redis-server is not installed")
    expect(r.stderr).toContain("\n  apt-get install -y redis-server\n")
    expect(calls()).toBe("")
  })

  it("passes when REDIS_SERVER names the binary", () => {
    const r = pretest({ REDIS_SERVER: "/opt/redis/bin/redis-server" })
    expect(r.status).toBe(0)
    expect(r.stderr).toBe("")
    expect(calls()).toBe("")
  })
})
