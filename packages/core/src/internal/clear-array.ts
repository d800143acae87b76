/**
 * Empty `a` in place. `a.length = 0` goes through V8's generic length setter (~50 ns on
 * Node 20, whatever the length); popping a handful of items costs a few ns. Hot paths that
 * reuse a small scratch array per poll (fan-in batches, group ready lists) use this.
 * @internal
 */
export function clearArray(a: unknown[]): void {
  if (a.length > 16) {
    a.length = 0
    return
  }
  while (a.length > 0) a.pop()
}
