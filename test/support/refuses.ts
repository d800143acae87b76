import { expect } from "vitest"
import { InvalidArgument } from "@pollable/core"

/**
 * Asserts that `call` throws `InvalidArgument` at once — not a TypeError from deep inside a
 * later poll — naming `where` (when given) and with a message matching every pattern.
 */
export function refuses(call: () => unknown, where: string | undefined, ...message: RegExp[]): void {
  let thrown: unknown
  try {
    call()
  } catch (e) {
    thrown = e
  }
  expect(thrown).toBeInstanceOf(InvalidArgument)
  if (where !== undefined) expect((thrown as InvalidArgument).where).toBe(where)
  for (const m of message) expect((thrown as Error).message).toMatch(m)
}
