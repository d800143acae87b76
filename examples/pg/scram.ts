import type { Pollable } from "@pollable/core"
// SCRAM-SHA-256 (RFC 5802 / RFC 7677) as PostgreSQL uses it, on WebCrypto
// (`globalThis.crypto.subtle`), so it runs on Node, Bun, Deno and in browsers. WebCrypto
// answers with Promises; `fromCallback` turns each into a future that cancels cleanly.
import { fromCallback } from "@pollable/core"
import { PgProtocolError } from "./protocol.js"

const te = new TextEncoder()

const subtle = (): SubtleCrypto => {
  const s = globalThis.crypto?.subtle
  if (s === undefined)
    throw new PgProtocolError(
      "SCRAM-SHA-256 needs WebCrypto (globalThis.crypto.subtle), which this runtime does not have",
    )
  return s
}

/** A Promise-returning step as a future (the Promise's late result is ignored after cancel). */
const step = <T>(label: string, run: () => Promise<T>): Pollable<T, Error> =>
  fromCallback<T, Error>(
    (resolve, reject) => {
      run().then(resolve, reject)
    },
    { label },
  )

const b64 = (b: Uint8Array): string => btoa(String.fromCharCode(...b))
const unb64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))

async function hmac(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await subtle().importKey("raw", key as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
  return new Uint8Array(await subtle().sign("HMAC", k, data as BufferSource))
}

/** The client's side of one SCRAM-SHA-256 exchange. */
export class Scram {
  readonly nonce: string
  readonly clientFirstBare: string
  #serverSignature: Uint8Array | undefined

  /**
   * @param nonce the client nonce; random by default (pass one only to replay a known exchange).
   * @param user the SCRAM user name; PostgreSQL takes the user from the startup message, so it is empty.
   */
  constructor(
    readonly password: string,
    nonce: string = b64(globalThis.crypto.getRandomValues(new Uint8Array(18))),
    user = "",
  ) {
    this.nonce = nonce
    this.clientFirstBare = `n=${user},r=${nonce}`
  }

  /** client-first-message: no channel binding. */
  clientFirst(): Uint8Array {
    return te.encode(`n,,${this.clientFirstBare}`)
  }

  /** client-final-message for the server-first-message; keeps the expected server signature. */
  clientFinal(serverFirst: string): Pollable<Uint8Array, Error> {
    const attrs = new Map(serverFirst.split(",").map((kv) => [kv[0], kv.slice(2)] as const))
    const nonce = attrs.get("r")
    const salt = attrs.get("s")
    const iterations = Number(attrs.get("i"))
    if (
      nonce === undefined ||
      !nonce.startsWith(this.nonce) ||
      salt === undefined ||
      !Number.isInteger(iterations) ||
      iterations < 1
    ) {
      throw new PgProtocolError(
        `a SCRAM server-first-message that does not continue our exchange: ${JSON.stringify(serverFirst)}`,
      )
    }
    return step("scram client-final", async () => {
      const s = subtle()
      const base = await s.importKey("raw", te.encode(this.password) as BufferSource, "PBKDF2", false, ["deriveBits"])
      const salted = new Uint8Array(
        await s.deriveBits(
          { name: "PBKDF2", hash: "SHA-256", salt: unb64(salt) as BufferSource, iterations },
          base,
          256,
        ),
      )
      const clientKey = await hmac(salted, te.encode("Client Key"))
      const storedKey = new Uint8Array(await s.digest("SHA-256", clientKey as BufferSource))
      const withoutProof = `c=biws,r=${nonce}`
      const authMessage = te.encode(`${this.clientFirstBare},${serverFirst},${withoutProof}`)
      const signature = await hmac(storedKey, authMessage)
      const proof = clientKey.map((b, i) => b ^ signature[i]!)
      this.#serverSignature = await hmac(await hmac(salted, te.encode("Server Key")), authMessage)
      return te.encode(`${withoutProof},p=${b64(proof)}`)
    })
  }

  /** Check the server-final-message: the server proves it knows the password too. */
  verifyServerFinal(serverFinal: string): void {
    const v = serverFinal.startsWith("v=") ? serverFinal.slice(2) : undefined
    if (v === undefined || this.#serverSignature === undefined || v !== b64(this.#serverSignature)) {
      throw new PgProtocolError(
        "the server's SCRAM signature does not match: " +
          "it does not know the password (or the exchange was tampered with)",
      )
    }
  }
}
