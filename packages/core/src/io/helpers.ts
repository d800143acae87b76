import { InvalidArgument, describeArgument } from "../errors.js"
import type { FutureBase } from "../future-base.js"
import { AsyncFd } from "./async-fd.js"
import type { BytesLike } from "./bytes.js"
import type { IoSource } from "./source.js"

/** Refuses anything but an {@link AsyncFd} at call time (an fd given as a number, a socket, `undefined`). @internal */
export function checkFd(where: string, fd: unknown): void {
  if (!(fd instanceof AsyncFd)) {
    throw new InvalidArgument(
      where,
      `expected an AsyncFd, got ${describeArgument(fd)}`,
      "wrap your source first: new AsyncFd(source), or connect()/fromSocket()/fromFd() from @pollable/adapter-native/io",
    )
  }
}

/**
 * Read what is available from `fd` (at least one byte), or an empty array at EOF.
 * Same as `fd.read()`.
 * @remarks Cancel safety: safe; a cancelled read consumes nothing.
 * @throws FdClosed, FdBusy, the source's errors (e.g. `ConnectionReset`).
 * @throws InvalidArgument (at call time) when `fd` is not an AsyncFd.
 */
export const read = <S extends IoSource>(fd: AsyncFd<S>): FutureBase<Uint8Array, Error> => {
  checkFd("read(fd)", fd)
  return fd.read()
}

/**
 * Read exactly `n` bytes; surplus stays buffered in `fd`. Same as `fd.readExact(n)`.
 * @remarks Cancel safety: safe; partial data is pushed back into `fd`.
 * @throws UnexpectedEof when the stream ends first; FdClosed, FdBusy, the source's errors.
 * @throws InvalidArgument (at call time) when `fd` is not an AsyncFd.
 */
export const readExact = <S extends IoSource>(fd: AsyncFd<S>, n: number): FutureBase<Uint8Array, Error> => {
  checkFd("readExact(fd, n)", fd)
  return fd.readExact(n)
}

/**
 * Write all of `bytes` (any `ArrayBufferView` or `ArrayBuffer`), continuing partial writes
 * and waiting on backpressure. Same as `fd.write(bytes)`.
 * @remarks Cancel safety: NOT safe; a prefix may have been written.
 * @throws InvalidArgument at the call when `fd` is not an AsyncFd or `bytes` is not bytes;
 * at the poll FdClosed, FdBusy, the source's errors (`BrokenPipe`, `ConnectionReset`).
 */
export const write = <S extends IoSource>(fd: AsyncFd<S>, bytes: BytesLike): FutureBase<void, Error> => {
  checkFd("write(fd, bytes)", fd)
  return fd.write(bytes)
}
