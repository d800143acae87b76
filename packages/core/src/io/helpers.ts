import type { FutureBase } from "../future-base.js"
import type { AsyncFd } from "./async-fd.js"
import type { BytesLike } from "./bytes.js"
import type { IoSource } from "./source.js"

/**
 * Read what is available from `fd` (at least one byte), or an empty array at EOF.
 * Same as `fd.read()`.
 * @remarks Cancel safety: safe; a cancelled read consumes nothing.
 * @throws FdClosed, FdBusy, the source's errors (e.g. `ConnectionReset`).
 */
export const read = <S extends IoSource>(fd: AsyncFd<S>): FutureBase<Uint8Array, Error> => fd.read()

/**
 * Read exactly `n` bytes; surplus stays buffered in `fd`. Same as `fd.readExact(n)`.
 * @remarks Cancel safety: safe; partial data is pushed back into `fd`.
 * @throws UnexpectedEof when the stream ends first; FdClosed, FdBusy, the source's errors.
 */
export const readExact = <S extends IoSource>(fd: AsyncFd<S>, n: number): FutureBase<Uint8Array, Error> => fd.readExact(n)

/**
 * Write all of `bytes` (any `ArrayBufferView` or `ArrayBuffer`), continuing partial writes
 * and waiting on backpressure. Same as `fd.write(bytes)`.
 * @remarks Cancel safety: NOT safe; a prefix may have been written.
 * @throws InvalidArgument at the call for anything that is not bytes; at the poll FdClosed,
 * FdBusy, the source's errors (`BrokenPipe`, `ConnectionReset`).
 */
export const write = <S extends IoSource>(fd: AsyncFd<S>, bytes: BytesLike): FutureBase<void, Error> => fd.write(bytes)
