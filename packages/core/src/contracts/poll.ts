/**
 * The one sentinel a future returns from `poll` when it cannot finish yet.
 *
 * It is a registered symbol (`Symbol.for`), so even two copies of core in one
 * application agree on it; comparing against it allocates nothing.
 */
export const Pending: unique symbol = Symbol.for("pollable.Pending")

/** What `poll` returns: the value, or {@link Pending}. */
export type Poll<T> = T | typeof Pending

/** True when `p` is the {@link Pending} sentinel. */
export const isPending = <T>(p: Poll<T>): p is typeof Pending => p === Pending
