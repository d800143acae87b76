import { NativeExecutor } from "@pollable/adapter-native"
import { connect, listen, type Listener } from "@pollable/adapter-native/io"
import { describe, expect, it } from "vitest"
import { client, replica } from "../../../examples/sim/kv.js"

describe("examples/sim: the same key-value store on real sockets", () => {
  it("runs unchanged with the Node adapter's connect and listen on 127.0.0.1", async () => {
    const net = { connect, listen }
    const ex = new NativeExecutor()
    const primaryDisk = new Map<string, unknown>()
    const backupDisk = new Map<string, unknown>()
    const b = (await ex.spawn(replica(net, backupDisk, { port: 0, replicationTimeout: 10_000 }))) as Listener
    const backup = { host: "127.0.0.1", port: b.port }
    const p = (await ex.spawn(replica(net, primaryDisk, { port: 0, backup, replicationTimeout: 10_000 }))) as Listener
    try {
      const log = await ex.spawn(
        client(net, new Map(), { primary: { host: "127.0.0.1", port: p.port }, backup }, 3, 1, 10_000),
      )
      expect(log).toEqual({ acked: ["k0", "k1", "k2"], violations: [] })
      expect(Object.fromEntries(backupDisk)).toEqual({ k0: "v0", k1: "v1", k2: "v2" })
      expect(Object.fromEntries(primaryDisk)).toEqual({ k0: "v0", k1: "v1", k2: "v2" })
    } finally {
      p.close()
      b.close()
    }
  })
})
