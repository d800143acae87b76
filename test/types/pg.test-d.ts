import { describe, expectTypeOf, it } from "vitest"
import type { Pollable } from "@pollable/core"
import {
  connectPg,
  type PgClient,
  type PgError,
  type PgConnectOptions,
  type PgResult,
} from "../../examples/pg/client.js"

describe("pg example types", () => {
  it("connectPg and query carry their value and error types", () => {
    expectTypeOf(connectPg({} as PgConnectOptions)).toEqualTypeOf<Pollable<PgClient, Error>>()
    const c = {} as PgClient
    expectTypeOf(c.query("select 1")).toEqualTypeOf<Pollable<PgResult, PgError | Error>>()
    expectTypeOf<PgResult["rows"][number]>().toEqualTypeOf<Record<string, string | null>>()
    // @ts-expect-error parameters are text-encodable scalars
    c.query("select $1", [{ a: 1 }])
  })
})
