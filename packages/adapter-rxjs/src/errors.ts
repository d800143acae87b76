import { PollableError } from "@pollable/core"

/**
 * `fromObservable` / `firstValueFrom` / `lastValueFrom`: the Observable completed without
 * emitting, so there is no value to return (RxJS's `EmptyError`, as a pollable error).
 */
export class EmptyObservableError extends PollableError {
  constructor(readonly what: string) {
    super(
      `EmptyObservableError: ${what}: the observable completed without emitting a value; ` +
        `pass { default: value } to get a value instead, or use mode "toArray"`,
    )
  }
}

/**
 * `observableToStream` with `overflow: "error"`: the Observable pushed more items than the
 * buffer holds before the stream's consumer pulled them. The source has been unsubscribed;
 * the items buffered before the overflow are still delivered, then this is thrown.
 */
export class BufferOverflow extends PollableError {
  constructor(readonly capacity: number) {
    super(
      `BufferOverflow: observableToStream: the observable pushed more than ${capacity} item(s) ahead of the consumer; ` +
        `raise { buffer }, use buffer: Infinity, or choose overflow: "dropOldest" | "dropNewest"`,
    )
  }
}
