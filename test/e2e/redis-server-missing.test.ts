// The RESP end-to-end setup fails loudly — never skips — when redis-server cannot start,
// and the message says how to get it (issue 8: "not silently skipped in CI").
import { afterEach, describe, expect, it } from "vitest"
import { startRedis } from "./redis-server.js"

const saved = process.env.REDIS_SERVER
afterEach(() => {
  if (saved === undefined) delete process.env.REDIS_SERVER
  else process.env.REDIS_SERVER = saved
})

describe("startRedis when redis-server cannot be started", () => {
  it("rejects with why, and how to install it, for a binary that does not exist", async () => {
    process.env.REDIS_SERVER = "/nonexistent/redis-server"
    await expect(startRedis()).rejects.toThrow(
      /redis-server could not be started \(spawn failed: .*ENOENT.*apt-get install -y redis-server/s,
    )
  })

  it("rejects with the exit status for a binary that exits at once", async () => {
    process.env.REDIS_SERVER = "false"
    await expect(startRedis()).rejects.toThrow(/redis-server could not be started \(exited with 1\)/)
  })
})
