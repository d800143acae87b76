/** Run `f`, return what it threw (fails the test when nothing was thrown). */
export const thrown = (f: () => unknown): Error => {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error("expected a throw")
}
