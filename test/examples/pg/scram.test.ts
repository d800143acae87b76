// SCRAM-SHA-256 on WebCrypto, checked against the exchange published in RFC 7677 (§3).
import { describe, expect, it } from "vitest"
import { ManualExecutor } from "@pollable/core/testing"
import { PgProtocolError } from "../../../examples/pg/protocol.js"
import { Scram } from "../../../examples/pg/scram.js"

const nonce = "rOprNGfwEbeRWgbNEkqO"
const serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
const serverFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="

/** Drive a WebCrypto-backed future: it resolves in a later turn, so poll until it is done. */
async function run<T>(f: import("@pollable/core").Future<T, unknown>): Promise<T> {
  const ex = new ManualExecutor()
  const h = ex.spawn(f)
  for (let i = 0; i < 1000 && h.outcome === undefined; i++) {
    ex.runUntilStalled()
    await new Promise((r) => setTimeout(r, 1))
  }
  if (h.outcome?._tag !== "Success") throw new Error(`not done: ${JSON.stringify(h.outcome)}`)
  return h.outcome.value
}

describe("SCRAM-SHA-256 (RFC 7677 test vector)", () => {
  it("computes the RFC's client proof and accepts its server signature", async () => {
    const s = new Scram("pencil", nonce, "user")
    expect(new TextDecoder().decode(s.clientFirst())).toBe("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
    const final = await run(s.clientFinal(serverFirst))
    expect(new TextDecoder().decode(final)).toBe(
      "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
    )
    expect(() => s.verifyServerFinal(serverFinal)).not.toThrow()
  })

  it(
    "refuses a server signature that does not prove the password, " + "and a server nonce that does not extend ours",
    async () => {
      const s = new Scram("not pencil", nonce, "user")
      await run(s.clientFinal(serverFirst))
      expect(() => s.verifyServerFinal(serverFinal)).toThrow(PgProtocolError)
      expect(() => new Scram("pencil", nonce).clientFinal("r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")).toThrow(
        /does not continue our exchange/,
      )
    },
  )
})
