/**
 * OnreadSource / connect(..., { onread }) options are checked when they are given: a bad
 * pool used to be clamped silently (buffers: 1 → 2), or to fail later, deep in the first
 * read (bufferSize: 0 reads nothing forever; a fraction or a string a RangeError/NaN).
 */
import { describe, expect, it } from "vitest"
import { InvalidArgument } from "@pollable/core"
import { connect, connectUnix, OnreadSource } from "@pollable/adapter-native/io"

const bad: [string, unknown, RegExp][] = [
  ["buffers: 0", { buffers: 0 }, /buffers.*got 0.*at least 2/],
  ["buffers: 1", { buffers: 1 }, /buffers.*got 1.*at least 2/],
  ["buffers: -3", { buffers: -3 }, /buffers.*got -3/],
  ["buffers: 2.5", { buffers: 2.5 }, /buffers must be a whole number.*got 2\.5/],
  ["buffers: NaN", { buffers: Number.NaN }, /buffers.*got NaN/],
  ["buffers: '4'", { buffers: "4" }, /buffers.*got a string/],
  ["bufferSize: 0", { bufferSize: 0 }, /bufferSize.*got 0.*at least 1/],
  ["bufferSize: -1", { bufferSize: -1 }, /bufferSize.*got -1/],
  ["bufferSize: 1.5", { bufferSize: 1.5 }, /bufferSize must be a whole number.*got 1\.5/],
  ["bufferSize: Infinity", { bufferSize: Infinity }, /bufferSize.*got Infinity/],
  ["bufferSize: 2 ** 40", { bufferSize: 2 ** 40 }, /bufferSize.*got 1099511627776.*at most/],
  ["bufferSize: null", { bufferSize: null }, /bufferSize.*got null/],
  ["a misspelt key", { bufferSise: 1024 }, /unknown option "bufferSise".*buffers, bufferSize/],
]

const thrown = (f: () => unknown): unknown => {
  try {
    f()
  } catch (e) {
    return e
  }
  return undefined
}

describe("onread options are validated at call time with InvalidArgument", () => {
  it.each(bad)("new OnreadSource(label, options) rejects %s", (_, options, message) => {
    const e = thrown(() => new OnreadSource("test", options as never))
    expect(e).toBeInstanceOf(InvalidArgument)
    expect((e as Error).message).toMatch(message)
    expect((e as Error).message).toMatch(/^OnreadSource\(test\)/)
  })

  it.each(bad)("connect(host, port, { onread }) rejects %s before any socket exists", (_, options, message) => {
    // creating the future must throw: nothing is polled here, so no connection is attempted
    const e = thrown(() => connect("127.0.0.1", 9, { onread: options as never }))
    expect(e).toBeInstanceOf(InvalidArgument)
    expect((e as Error).message).toMatch(message)
    expect((e as Error).message).toMatch(/connect\(127\.0\.0\.1:9\)/)
  })

  it("new OnreadSource(label, options) rejects options that are not an object", () => {
    for (const [v, got] of [
      [5, "a number \\(5\\)"],
      [null, "null"],
      ["big", 'a string \\("big"\\)'],
    ] as const) {
      const e = thrown(() => new OnreadSource("test", v as never))
      expect(e).toBeInstanceOf(InvalidArgument)
      expect((e as Error).message).toMatch(new RegExp(`must be an object \\{ buffers, bufferSize \\}, got ${got}`))
    }
  })

  it("connectUnix checks them too", () => {
    expect(() => connectUnix("/tmp/none.sock", { onread: { buffers: 0 } })).toThrow(InvalidArgument)
  })

  it("onread itself must be a boolean or an options object", () => {
    for (const v of ["yes", 1, null]) {
      const e = thrown(() => connect("127.0.0.1", 9, { onread: v as never }))
      expect(e).toBeInstanceOf(InvalidArgument)
      expect((e as Error).message).toMatch(/onread.*true, false or \{ buffers, bufferSize \}/)
    }
    expect(thrown(() => connect("127.0.0.1", 9, 7 as never))).toBeInstanceOf(InvalidArgument)
  })

  it("good options pass: defaults, the smallest pool, explicit undefined", () => {
    expect(() => new OnreadSource("ok")).not.toThrow()
    expect(() => new OnreadSource("ok", { buffers: 2, bufferSize: 1 })).not.toThrow()
    expect(() => new OnreadSource("ok", { buffers: undefined, bufferSize: undefined } as never)).not.toThrow()
    expect(() => connect("127.0.0.1", 9, { onread: { bufferSize: 4096 } })).not.toThrow()
    expect(() => connect("127.0.0.1", 9, { onread: false })).not.toThrow()
  })
})
