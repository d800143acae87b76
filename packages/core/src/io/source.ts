/**
 * Returned by {@link IoSource.tryRead} / {@link IoSource.tryWrite} when the operation
 * cannot make progress now. A registered symbol (`Symbol.for`), so two copies of core agree.
 */
export const WouldBlock: unique symbol = Symbol.for("pollable.WouldBlock")
/** The type of {@link WouldBlock}. */
export type WouldBlock = typeof WouldBlock

/** Returned by {@link IoSource.tryRead} at end of stream (the peer shut down its write side). Registered symbol. */
export const Eof: unique symbol = Symbol.for("pollable.Eof")
/** The type of {@link Eof}. */
export type Eof = typeof Eof

/** Removes a readiness registration. Idempotent. */
export type Unregister = () => void

/**
 * A non-blocking byte source/sink with readiness notifications — what {@link AsyncFd}
 * wraps. A socket, a pipe, a TTY, an in-memory pair, a timer that "becomes readable".
 *
 * @remarks
 * The contract an implementation keeps:
 * - `tryRead()` never blocks: it returns bytes the caller now owns (never a view into a
 *   buffer the source will reuse), {@link WouldBlock}, or {@link Eof} (sticky: every later
 *   call returns `Eof` too). It throws a named error for a failure (e.g. `ConnectionReset`).
 * - `tryWrite(bytes)` never blocks: it returns how many bytes it accepted (`>= 1` for a
 *   non-empty input; fewer than `bytes.length` is a partial write) or {@link WouldBlock}.
 *   It throws a named error when the peer is gone (`BrokenPipe`, `ConnectionReset`).
 *   The caller must not mutate `bytes` afterwards (a source may keep a reference).
 * - `onReadable(ready)` / `onWritable(ready)` register a one-shot callback, called **at
 *   most once**, when the direction may have become ready (data, EOF, an error, close).
 *   The source may call it synchronously from inside `onReadable` if the direction is
 *   ready already. Spurious calls are allowed: readiness is a hint, `tryRead` is the truth.
 *   The returned {@link Unregister} removes the callback; after it, the callback never runs.
 * - `close()` releases the resource; it must fire pending registrations.
 */
export interface IoSource {
  /** A short description used in error messages, e.g. `tcp 127.0.0.1:6379`. */
  readonly label?: string | undefined
  tryRead(): Uint8Array | WouldBlock | Eof
  /**
   * Optional zero-copy read: like `tryRead`, but the bytes are **lent** — a view into a
   * buffer the source reuses, valid only until the next `tryRead`/`tryReadLent`/`close`.
   * Sources that read into reused buffers (Node's `onread`) implement it; `AsyncFd.readLent()`
   * uses it, and falls back to `tryRead` when it is absent.
   */
  tryReadLent?(): Uint8Array | WouldBlock | Eof
  tryWrite(bytes: Uint8Array): number | WouldBlock
  onReadable(ready: () => void): Unregister
  onWritable(ready: () => void): Unregister
  /** Half-close: no more writes; the peer reads EOF once it drained what was written. Optional. */
  shutdown?(): void
  close(): void
}
