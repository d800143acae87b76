import { ready, sleep, stream } from "@pollable/core"
import { VirtualClock } from "@pollable/core/testing"
import {
  NativeExecutor,
  fromPromise,
  fromReadableStream,
  scopeToPromise,
  toAsyncIterable,
  toPromise,
  toReadableStream,
} from "@pollable/adapter-native"
import { connect, connectUnix, fromFd, fromStream, listen } from "@pollable/adapter-native/io"
import { badInputProperty, type Entry } from "../support/bad-input.js"

const body = function* () {
  return 1
}
const src = () => stream.fromIterable([1])
// a virtual-clock executor: valid calls under test never arm a host timer
const ex = () => new NativeExecutor({ timer: new VirtualClock() })

/** The public functions and constructors of @pollable/adapter-native (and its io entry) that take arguments. */
const entries: Entry[] = [
  { name: "toPromise", slots: ["future", "options?"], valid: () => [ready(1), { executor: ex() }], call: toPromise },
  {
    name: "toPromise { executor }",
    slots: ["executor?"],
    valid: () => [ex()],
    call: (e: never) => toPromise(sleep(1), { executor: e }),
  },
  {
    name: "toPromise { signal }",
    slots: ["signal?"],
    valid: () => [undefined],
    call: (s: never) => toPromise(ready(1), { signal: s, executor: ex() }),
  },
  { name: "fromPromise", slots: ["function", "options?"], valid: () => [() => 1, undefined], call: fromPromise },
  {
    name: "new NativeExecutor",
    slots: ["options?"],
    valid: () => [undefined],
    call: (o: never) => new NativeExecutor(o),
  },
  {
    name: "new NativeExecutor { timer }",
    slots: ["timer?"],
    valid: () => [undefined],
    call: (t: never) => new NativeExecutor({ timer: t }),
  },
  {
    name: "new NativeExecutor { budget }",
    slots: ["count1?"],
    valid: () => [undefined],
    call: (b: never) => new NativeExecutor({ budget: b }),
  },
  { name: "toAsyncIterable", slots: ["stream", "options?"], valid: () => [src(), undefined], call: toAsyncIterable },
  { name: "toReadableStream", slots: ["stream", "options?"], valid: () => [src(), undefined], call: toReadableStream },
  { name: "fromReadableStream", slots: ["stream"], valid: () => [new ReadableStream()], call: fromReadableStream },
  {
    name: "scopeToPromise",
    slots: ["generatorFunction", "options?"],
    valid: () => [body, { executor: ex() }],
    call: scopeToPromise,
  },
  { name: "fromFd", slots: ["count0"], valid: () => [0], call: (fd: number) => fromFd(fd) },
  { name: "fromStream", slots: ["object"], valid: () => [process.stdin], call: fromStream },
  { name: "connect", slots: ["text", "count1"], valid: () => ["127.0.0.1", 1], call: connect },
  { name: "connectUnix", slots: ["text"], valid: () => ["/nonexistent.sock"], call: connectUnix },
  { name: "listen", slots: ["count0"], valid: () => [0], call: listen },
]

badInputProperty("@pollable/adapter-native", entries, 300)
