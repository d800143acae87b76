import fc from "fast-check"
import { describe, it } from "vitest"
import {
  AsyncFd,
  JoinSet,
  LocalExecutor,
  Mutex,
  Semaphore,
  TimerFd,
  TimerQueue,
  abortable,
  andThen,
  broadcast,
  bufferUnordered,
  buffered,
  copy,
  fromCallback,
  fuse,
  gen,
  join,
  joinAll,
  lazy,
  lines,
  map,
  mapConcurrent,
  mpsc,
  pollFn,
  race,
  read,
  readExact,
  ready,
  scope,
  select,
  selectAll,
  settle,
  shared,
  sleep,
  stream,
  suspend,
  timeout,
  timerFdSleep,
  tryJoin,
  tryJoinAll,
  bind,
  spawnOn,
  withExecutor,
  wrap,
  write,
} from "@pollable/core"
import { ExploringExecutor, ManualExecutor, VirtualClock, checkNoLeaks, manualFuture, memoryPair, replayChoose, seededChoose } from "@pollable/core/testing"
import { allCases, caseArb, checkCase, checkValid, harness, type Entry } from "../support/bad-input.js"

const fut = () => sleep(1)
const src = () => stream.fromIterable([1, 2])
const fd = () => new AsyncFd(memoryPair()[0])
const signal = () => new AbortController().signal
const body = function* () {
  return 1
}

/** The public functions and constructors of @pollable/core (and its testing entry) that take arguments. */
const entries: Entry[] = [
  { name: "sleep", slots: ["duration"], valid: () => [1], call: sleep },
  { name: "timeout", slots: ["future", "duration"], valid: () => [fut(), 5], call: timeout },
  { name: "map", slots: ["future", "function"], valid: () => [fut(), (x: unknown) => x], call: map },
  { name: "andThen", slots: ["future", "function"], valid: () => [fut(), () => ready(1)], call: andThen },
  { name: "join", slots: ["future", "future"], valid: () => [fut(), fut()], call: join },
  { name: "tryJoin", slots: ["future", "future"], valid: () => [fut(), fut()], call: tryJoin },
  { name: "select", slots: ["future", "future"], valid: () => [fut(), fut()], call: select },
  { name: "race", slots: ["future", "future"], valid: () => [fut(), fut()], call: race },
  { name: "joinAll", slots: ["iterable"], valid: () => [[fut()]], call: joinAll },
  { name: "tryJoinAll", slots: ["iterable"], valid: () => [[fut()]], call: tryJoinAll },
  { name: "selectAll", slots: ["iterable+"], valid: () => [[fut()]], call: selectAll },
  { name: "abortable", slots: ["future", "signal"], valid: () => [fut(), signal()], call: abortable },
  { name: "shared", slots: ["future"], valid: () => [fut()], call: shared },
  { name: "fuse", slots: ["future"], valid: () => [fut()], call: fuse },
  { name: "wrap", slots: ["future"], valid: () => [fut()], call: wrap },
  { name: "settle", slots: ["future"], valid: () => [fut()], call: settle },
  { name: "pollFn", slots: ["function"], valid: () => [() => 1], call: pollFn },
  { name: "lazy", slots: ["function"], valid: () => [() => 1], call: lazy },
  { name: "suspend", slots: ["function"], valid: () => [() => ready(1)], call: suspend },
  { name: "fromCallback", slots: ["function", "options?"], valid: () => [(res: (v: number) => void) => res(1), undefined], call: fromCallback },
  { name: "gen", slots: ["generatorFunction"], valid: () => [body], call: gen },
  { name: "scope", slots: ["generatorFunction", "options?"], valid: () => [body, undefined], call: scope },
  { name: "withExecutor", slots: ["executor?", "function"], valid: () => [new ManualExecutor(), () => 1], call: (ex: never, f: never) => withExecutor(ex, f) },
  { name: "mpsc", slots: ["count1"], valid: () => [4], call: mpsc },
  { name: "broadcast", slots: ["count1"], valid: () => [4], call: broadcast },
  { name: "new Semaphore", slots: ["count0"], valid: () => [2], call: (n: number) => new Semaphore(n) },
  { name: "Semaphore.acquire", slots: ["count1?"], valid: () => [1], call: (n: number) => new Semaphore(2).acquire(n) },
  { name: "Semaphore.tryAcquire", slots: ["count1?"], valid: () => [1], call: (n: number) => new Semaphore(2).tryAcquire(n) },
  { name: "Semaphore.addPermits", slots: ["count0"], valid: () => [1], call: (n: number) => new Semaphore(2).addPermits(n) },
  { name: "new JoinSet", slots: ["options?"], valid: () => [undefined], call: (o: never) => new JoinSet(o) },
  { name: "JoinSet.spawn", slots: ["future"], valid: () => [fut()], call: (f: never) => new JoinSet().spawn(f) },
  { name: "bufferUnordered", slots: ["stream", "count1"], valid: () => [stream.fromIterable([ready(1)]), 2], call: bufferUnordered },
  { name: "buffered", slots: ["stream", "count1"], valid: () => [stream.fromIterable([ready(1)]), 2], call: buffered },
  { name: "mapConcurrent", slots: ["stream", "count1", "function"], valid: () => [src(), 2, (x: number) => ready(x)], call: mapConcurrent },
  { name: "stream.fromIterable", slots: ["anyIterable"], valid: () => [[1]], call: stream.fromIterable },
  { name: "stream.fromAsyncIterable", slots: ["stream"], valid: () => [(async function* () {})()], call: stream.fromAsyncIterable },
  { name: "stream.interval", slots: ["period"], valid: () => [5], call: stream.interval },
  { name: "stream.unfold", slots: ["any", "function"], valid: () => [0, () => ready(undefined)], call: stream.unfold },
  { name: "stream.map", slots: ["stream", "function"], valid: () => [src(), (x: unknown) => x], call: stream.map },
  { name: "stream.filter", slots: ["stream", "function"], valid: () => [src(), () => true], call: stream.filter },
  { name: "stream.take", slots: ["stream", "count0"], valid: () => [src(), 1], call: stream.take },
  { name: "stream.takeUntil", slots: ["stream", "future"], valid: () => [src(), fut()], call: stream.takeUntil },
  { name: "stream.scan", slots: ["stream", "any", "function"], valid: () => [src(), 0, (a: number) => a], call: stream.scan },
  { name: "stream.merge", slots: ["stream", "stream"], valid: () => [src(), src()], call: stream.merge },
  { name: "stream.zip", slots: ["stream", "stream"], valid: () => [src(), src()], call: stream.zip },
  { name: "stream.buffer", slots: ["stream", "count1"], valid: () => [stream.fromIterable([ready(1)]), 2], call: stream.buffer },
  { name: "stream.chunks", slots: ["stream", "count1"], valid: () => [src(), 2], call: stream.chunks },
  { name: "stream.throttle", slots: ["stream", "period"], valid: () => [src(), 5], call: stream.throttle },
  { name: "stream.debounce", slots: ["stream", "period"], valid: () => [src(), 5], call: stream.debounce },
  { name: "stream.collect", slots: ["stream"], valid: () => [src()], call: stream.collect },
  { name: "stream.forEach", slots: ["stream", "function"], valid: () => [src(), () => {}], call: stream.forEach },
  { name: "stream.next", slots: ["stream"], valid: () => [src()], call: stream.next },
  { name: "read", slots: ["fd"], valid: () => [fd()], call: read },
  { name: "readExact", slots: ["fd", "count0"], valid: () => [fd(), 1], call: readExact },
  { name: "write", slots: ["fd"], valid: () => [fd(), new Uint8Array(1)], call: write },
  { name: "lines", slots: ["fd", "options?"], valid: () => [fd(), undefined], call: lines },
  { name: "copy", slots: ["fd", "fd"], valid: () => [fd(), fd()], call: copy },
  { name: "new AsyncFd", slots: ["fd"], valid: () => [memoryPair()[0]], call: (s: never) => new AsyncFd(s) },
  { name: "timerFdSleep", slots: ["duration"], valid: () => [1], call: timerFdSleep },
  { name: "new TimerFd", slots: ["object", "object"], valid: () => [new VirtualClock(), { initialMs: 5 }], call: (t: never, o: never) => new TimerFd(t, o) },
  { name: "new TimerQueue", slots: ["object"], valid: () => [{ now: () => 0, setAlarm: () => () => {} }], call: (c: never) => new TimerQueue(c) },
  { name: "new LocalExecutor", slots: ["options?"], valid: () => [undefined], call: (o: never) => new LocalExecutor(o) },
  { name: "new ManualExecutor", slots: ["options?"], valid: () => [undefined], call: (o: never) => new ManualExecutor(o) },
  { name: "new VirtualClock", slots: ["time?"], valid: () => [0], call: (n: never) => new VirtualClock(n) },
  { name: "VirtualClock.advance", slots: ["duration"], valid: () => [1], call: (ms: number) => new VirtualClock().advance(ms) },
  { name: "checkNoLeaks", slots: ["function"], valid: () => [() => ready(1)], call: (f: never) => checkNoLeaks(f) },
  { name: "AsyncFd.readExact", slots: ["count0"], valid: () => [1], call: (n: number) => fd().readExact(n) },
  { name: "ManualExecutor.blockOn", slots: ["future"], valid: () => [ready(1)], call: (f: never) => new ManualExecutor().blockOn(f) },
  { name: "ManualExecutor.runUntilStalled", slots: ["count1?"], valid: () => [undefined], call: (n: never) => new ManualExecutor().runUntilStalled(n) },
  { name: "VirtualClock.advanceTo", slots: ["time?"], valid: () => [5], call: (t: number) => new VirtualClock().advanceTo(t) },
  { name: "VirtualClock.advanceAsync", slots: ["duration"], valid: () => [1], call: (ms: number) => new VirtualClock().advanceAsync(ms) },
  { name: "new ExploringExecutor", slots: ["object"], valid: () => [{ choose: seededChoose(1) }], call: (o: never) => new ExploringExecutor(o) },
  { name: "seededChoose", slots: ["finite"], valid: () => [1], call: seededChoose },
  { name: "replayChoose", slots: ["iterable"], valid: () => [[0]], call: replayChoose },
  { name: "manualFuture", slots: ["string?"], valid: () => [undefined], call: manualFuture },
  { name: "memoryPair", slots: ["options?"], valid: () => [undefined], call: memoryPair },
  { name: "spawnOn", slots: ["future", "executor?"], valid: () => [ready(1), new ManualExecutor()], call: spawnOn },
  { name: "bind", slots: ["objectArg", "object"], valid: () => [{ f: () => ready(1) }, { name: "x", run: (f: () => unknown) => f() }], call: bind },
  { name: "stream.interval", slots: ["period"], valid: () => [5], call: stream.interval },
  { name: "checkNoLeaks cancelAfterMs", slots: ["duration?"], valid: () => [1], call: (ms: number) => checkNoLeaks(() => sleep(5), ms) },
  { name: "Mutex.lock (a value of any kind is fine)", slots: ["any"], valid: () => [1], call: (v: unknown) => new Mutex(v).lock() },
]

describe("property: every wrong argument to core's public API is refused with a named error", () => {
  it("the catalogue's valid calls run (bounded) without throwing", () => {
    checkValid(harness(), entries)
  })

  it("fast-check: one wrong argument at a time, later work on the executor unaffected", () => {
    const h = harness()
    fc.assert(
      fc.property(caseArb(entries), ({ e, slot, bad }) => {
        checkCase(h, e, slot, bad)
      }),
      { numRuns: 600 },
    )
  })

  it("every (function, position, wrong value) of the fixed pool", () => {
    const h = harness()
    const failures: string[] = []
    for (const c of allCases(entries)) {
      try {
        checkCase(h, c.e, c.slot, c.bad())
      } catch (err) {
        failures.push((err as Error).message.split("\n")[0]!)
      }
    }
    if (failures.length > 0) throw new Error(`${failures.length} wrong arguments not refused:\n${failures.join("\n")}`)
  })
})
