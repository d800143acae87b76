// stdin() is one fd per process: a cancelled lines(stdin()).next() does not leave it busy.
import { afterEach, describe, expect, it, vi } from "vitest"
import { Pending, lines } from "@pollable/core"
import { contextOf, ManualExecutor, noopWaker } from "@pollable/core/testing"
import { stdin } from "@pollable/adapter-native/io"
import { fakeStdin } from "./fake-stdin.js"

afterEach(() => {
  vi.restoreAllMocks()
})

describe("shared stdin fd", () => {
  it(
    "a cancelled lines(stdin()).next() (a timeout, a lost select) " +
      "does not leave stdin busy for the rest of the process",
    () => {
      const pt = fakeStdin()
      pt.write("par") // a partial line: the first lines() reads it and waits for the rest
      const first = lines(stdin()).next()
      expect(first.poll(contextOf(noopWaker))).toBe(Pending)
      first.cancel() // e.g. timeout(lines(stdin()).next(), ms) fired; nobody holds that lines() stream
      pt.write("tial\n")
      const ex = new ManualExecutor()
      expect(ex.blockOn(lines(stdin()).next())).toBe("partial")
    },
  )
})
