// The PostgreSQL end-to-end setup fails loudly — never skips — when the server cannot be
// found or started, and the message says how to install it.
import { afterEach, describe, expect, it } from "vitest"
import { startPostgres } from "./pg-server.js"

const saved = process.env.PG_BINDIR
afterEach(() => {
  if (saved === undefined) delete process.env.PG_BINDIR
  else process.env.PG_BINDIR = saved
})

describe("startPostgres when PostgreSQL is not there", () => {
  it("rejects with where it looked and the command that installs it", async () => {
    process.env.PG_BINDIR = "/nonexistent/postgresql/bin"
    await expect(startPostgres()).rejects.toThrow(/no initdb found.*apt-get install -y postgresql/s)
  })
})
