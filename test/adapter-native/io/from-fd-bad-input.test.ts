import * as fs from "node:fs"
import { afterEach, describe, expect, it } from "vitest"
import { InvalidArgument } from "@pollable/core"
import { RegularFileNotPollable, fromFd } from "@pollable/adapter-native/io"
import { refuses } from "../../support/refuses.js"

const opened: number[] = []
afterEach(() => {
  for (const fd of opened.splice(0)) fs.closeSync(fd)
})

describe("fromFd refuses what it cannot wait on", () => {
  it("fromFd(2**31) is InvalidArgument, not a RangeError from fstat", () => {
    refuses(
      () => fromFd(2 ** 31),
      "fromFd(2147483648)",
      /fd must be a whole number from 0 to 2147483647, got a number \(2147483648\)/,
      /pass an open file descriptor/,
    )
  })

  it(
    "fromFd of /dev/null is RegularFileNotPollable with the spawnBlocking advice " + "(it used to be a raw TypeError)",
    () => {
      const fd = fs.openSync("/dev/null", "r")
      opened.push(fd)
      let e: unknown
      try {
        fromFd(fd)
      } catch (err) {
        e = err
      }
      expect(e).toBeInstanceOf(RegularFileNotPollable)
      expect((e as RegularFileNotPollable).kind).toMatch(/character device/)
      expect((e as Error).message).toMatch(
        /is a character device that is not a TTY \(like \/dev\/null or \/dev\/zero\); it is always "ready"/,
      )
      expect((e as Error).message).toMatch(/spawnBlocking/)
    },
  )

  it("a directory is refused the same way", () => {
    const fd = fs.openSync("/tmp", "r")
    opened.push(fd)
    expect(() => fromFd(fd)).toThrow(RegularFileNotPollable)
  })

  it("a label that is not a string is InvalidArgument", () => {
    expect(() => fromFd(0, 5 as never)).toThrow(InvalidArgument)
  })
})
