// Shared by the socket tests: read an fd to EOF as text.
import { gen, read, type AsyncFd, type IoSource } from "@pollable/core"

const dec = new TextDecoder()

/** Read `fd` until EOF; the bytes as UTF-8 text. */
export const readToEnd = (fd: AsyncFd<IoSource>) =>
  gen(function* () {
    let s = ""
    for (;;) {
      const c = yield* read(fd)
      if (c.length === 0) return s + dec.decode()
      s += dec.decode(c, { stream: true })
    }
  })
