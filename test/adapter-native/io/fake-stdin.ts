import { PassThrough } from "node:stream"
import { vi } from "vitest"

/**
 * A PassThrough standing in for `process.stdin` (the getter is spied), so listener counts
 * and bytes are real. Tests restore it with `vi.restoreAllMocks()` in `afterEach`.
 */
export function fakeStdin(): PassThrough {
  const pt = new PassThrough()
  vi.spyOn(process, "stdin", "get").mockReturnValue(pt as unknown as typeof process.stdin)
  return pt
}
