import { describe, expect, it } from "vitest"
import { InvalidArgument } from "@pollable/core"
import { scopeToPromise } from "@pollable/adapter-native"
import { scopeToObservable } from "@pollable/adapter-rxjs"
import { scopeToEffect } from "@pollable/adapter-effect"

describe("scope adapters: bad arguments fail at the call, with a named error", () => {
  const adapters = [
    ["scopeToPromise", scopeToPromise],
    ["scopeToObservable", scopeToObservable],
    ["scopeToEffect", scopeToEffect],
  ] as const
  for (const [name, make] of adapters) {
    it(`${name}: a non-function body, an unknown mode, a non-string name`, () => {
      const call = make as (body: unknown, options?: unknown) => unknown
      for (const body of [undefined, 42, null]) {
        expect(() => call(body)).toThrow(InvalidArgument)
        expect(() => call(body)).toThrow(new RegExp(`${name}\\(body\\): expected a function`))
      }
      expect(() => call(function* () {}, { mode: "fast" })).toThrow(/unknown mode fast; use "failFast" or "collectAll"/)
      expect(() => call(function* () {}, { name: 1 })).toThrow(/name must be a string/)
    })
  }
})
