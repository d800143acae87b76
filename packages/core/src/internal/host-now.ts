/**
 * Milliseconds from the host's monotonic clock (`performance.now()`, else `Date.now()`),
 * the global read at each call, never at import. @internal
 */
export const hostNow = (): number => {
  const p = (globalThis as { performance?: { now(): number } }).performance
  return p !== undefined ? p.now() : Date.now()
}
