/**
 * `Symbol.dispose` / `Symbol.asyncDispose`, or the registered symbols TypeScript's
 * downlevel `using` helpers fall back to on runtimes that lack them. Read once, at first
 * use of this module's exports — builtins only, no host global.
 * @internal
 */
export const disposeSymbol: typeof Symbol.dispose =
  (Symbol as { dispose?: typeof Symbol.dispose }).dispose ?? (Symbol.for("Symbol.dispose") as typeof Symbol.dispose)

/** @internal */
export const asyncDisposeSymbol: typeof Symbol.asyncDispose =
  (Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ??
  (Symbol.for("Symbol.asyncDispose") as typeof Symbol.asyncDispose)
