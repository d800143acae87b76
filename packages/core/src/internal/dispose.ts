/**
 * The symbol `using` calls: `Symbol.dispose`, or on runtimes that lack it the registered
 * symbol TypeScript's downlevel `using` helpers fall back to. Every disposable handle in
 * pollable has it. Read once, at first use of this module — builtins only, no host global.
 */
export const disposeSymbol: typeof Symbol.dispose =
  (Symbol as { dispose?: typeof Symbol.dispose }).dispose ?? (Symbol.for("Symbol.dispose") as typeof Symbol.dispose)

/** The symbol `await using` calls: `Symbol.asyncDispose`, or the registered fallback. */
export const asyncDisposeSymbol: typeof Symbol.asyncDispose =
  (Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ??
  (Symbol.for("Symbol.asyncDispose") as typeof Symbol.asyncDispose)
