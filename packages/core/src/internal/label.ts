/**
 * The name to show for a future in messages (rule 3's `PollAfterReady`, `TimeoutError`):
 * its own `toString()` when it has one (every core future returns its label, a task its
 * `task#N`), else its class name, else `"future"` for an object literal.
 * @internal
 */
export function labelOf(f: object): string {
  try {
    const toString = (f as { toString?: unknown }).toString
    if (typeof toString === "function" && toString !== Object.prototype.toString) return String(f)
    const name = (f as { constructor?: { name?: unknown } }).constructor?.name
    return typeof name === "string" && name !== "" && name !== "Object" ? name : "future"
  } catch {
    // a toString (or a getter) that throws must not turn a message into another failure
    return "future"
  }
}
