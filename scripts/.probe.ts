import * as core from "@pollable/core"
import * as testing from "@pollable/core/testing"
import * as native from "@pollable/adapter-native"
import * as nio from "@pollable/adapter-native/io"
import * as rx from "@pollable/adapter-rxjs"
import * as eff from "@pollable/adapter-effect"
const {
  join,
  select,
  joinAll,
  sleep,
  timeout,
  selectAll,
  race,
  tryJoin,
  tryJoinAll,
  andThen,
  map,
  abortable,
  gen,
  broadcast,
  mpsc,
  Semaphore,
  lines,
  read,
  write,
  readExact,
} = core
function t(name: string, f: () => unknown) {
  try {
    const r = f()
    let s: string
    try {
      s = String(r)
    } catch (e) {
      s = `<toString throws ${(e as Error).message}>`
    }
    console.log("OK   ", name, "→", s.slice(0, 80))
    return r
  } catch (e) {
    console.log(
      e instanceof core.PollableError ? "NAMED" : "RAW  ",
      name,
      "→",
      (e as Error)?.constructor?.name,
      String((e as Error)?.message).slice(0, 140),
    )
  }
}
function drive(name: string, f: any) {
  const clock = new testing.VirtualClock()
  const ex = new testing.ManualExecutor({ timer: clock })
  try {
    const h = ex.spawn(f)
    for (let i = 0; i < 20; i++) {
      ex.runUntilStalled()
      clock.advance(10)
    }
    console.log("DRIVE", name, "outcome", JSON.stringify((h as any).outcome ?? "?").slice(0, 200))
  } catch (e) {
    console.log("DRIVEERR", name, (e as Error)?.constructor?.name, (e as Error).message.slice(0, 140))
  }
}
const f1 = t("join(sleep(1), undefined)", () => join(sleep(1), undefined as any))
if (f1) drive("join undefined", f1)
const s = sleep(1)
const f2 = t("join(f,f)", () => join(s, s))
if (f2) drive("join(f,f)", f2)
const f3 = t("select(sleep(1), undefined)", () => select(sleep(1), undefined as any))
if (f3) drive("select undef", f3)
const f4 = t("joinAll(promise)", () => joinAll(Promise.resolve(1) as any))
if (f4) drive("joinAll promise", f4)
const f5 = t("joinAll({})", () => joinAll({} as any))
if (f5) drive("joinAll {}", f5)
t("joinAll([1])", () => joinAll([1] as any))
t("timeout(1, 5)", () => timeout(1 as any, 5))
t("selectAll([1])", () => selectAll([1] as any))
t("race(1)", () => race(1 as any))
t("tryJoin(1)", () => tryJoin(1 as any))
t("tryJoinAll(null)", () => tryJoinAll(null as any))
t("andThen(1, fn)", () => andThen(1 as any, (x: any) => x))
t("map(1, fn)", () => map(1 as any, (x: any) => x))
t("abortable(f)", () => abortable(sleep(1), undefined as any))
t("gen(()=>1)", () => gen((() => 1) as any))
t("toPromise(f, {executor:{}})", () => native.toPromise(core.ready(1), { executor: {} } as any))
t("NativeExecutor({timer:{}})", () => new native.NativeExecutor({ timer: {} } as any))
t("lines(undefined)", () => lines(undefined as any))
t("read(undefined)", () => read(undefined as any))
t("write(undefined, x)", () => write(undefined as any, new Uint8Array(1)))
t("readExact(1, 1)", () => readExact(1 as any, 1))
t("broadcast(2**53)", () => broadcast(2 ** 53))
t("mpsc(2**53)", () => mpsc(2 ** 53))
t("mpsc(Infinity)", () => mpsc(Infinity))
t("Semaphore(2**53)", () => new Semaphore(2 ** 53))
t("Semaphore(NaN)", () => new Semaphore(NaN))
t("fromFd(2**31)", () => nio.fromFd(2 ** 31))
import * as fs from "node:fs"
const dn = fs.openSync("/dev/null", "r")
t("fromFd(/dev/null)", () => nio.fromFd(dn))
t("Semaphore(2).acquire(3)", () => new Semaphore(2).acquire(3))
t("rx toObservable executor {}", () => rx.toObservable(() => core.ready(1), { executor: {} } as any))
t("rx RxjsExecutor({timer:{}})", () => new rx.RxjsExecutor({ timer: {} } as any))
t("eff toEffect executor {}", () => eff.toEffect(() => core.ready(1), { executor: {} } as any))
t("eff EffectExecutor({timer:{}})", () => new eff.EffectExecutor({ timer: {} } as any))
t("LocalExecutor({timer:{}})", () => new core.LocalExecutor({ timer: {} } as any))
t("ManualExecutor({timer:{}})", () => new testing.ManualExecutor({ timer: {} } as any))
setTimeout(() => process.exit(0), 200)
