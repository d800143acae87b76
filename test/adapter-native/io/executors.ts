// The four executors the IO tests run on (table for describe.each). Each is a LocalExecutor
// with its runtime's hooks and a real clock, since sockets need real time to pass.
import { asyncScheduler } from "rxjs"
import { hostClock, LocalExecutor, TimerQueue, type Executor } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"
import { RxjsExecutor } from "@pollable/adapter-rxjs"
import { EffectExecutor } from "@pollable/adapter-effect"

export interface ExecutorRow {
  readonly name: string
  readonly make: () => Executor
}

export const executors: readonly ExecutorRow[] = [
  { name: "reference", make: () => new LocalExecutor({ timer: new TimerQueue(hostClock()), name: "reference" }) },
  { name: "native", make: () => new NativeExecutor() },
  { name: "rxjs", make: () => new RxjsExecutor(asyncScheduler) },
  { name: "effect", make: () => new EffectExecutor() },
]
