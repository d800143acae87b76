// A future written by hand, the Rust way: register the latest waker, return Pending.
import { Pending, wrap, gen, type Context, type Future, type Poll, type Waker } from "@pollable/core"
import { NativeExecutor } from "@pollable/adapter-native"

export class Flag implements Future<void> {
  #set = false
  #waker: Waker | undefined
  set(): void {
    this.#set = true
    this.#waker?.wake() // wake only schedules; it never polls here (rule 2)
  }
  poll(cx: Context): Poll<void> {
    if (this.#set) return undefined
    this.#waker = cx.waker // only the most recent waker matters (rule 1)
    return Pending
  }
  cancel(): void {
    this.#waker = undefined // nothing stays registered (rule 4)
  }
}

export async function main(): Promise<string> {
  const flag = new Flag()
  const task = new NativeExecutor().spawn(
    gen(function* () {
      yield* wrap(flag) // any { poll, cancel } object becomes yield*-able
      return "flag seen"
    }),
  )
  setTimeout(() => flag.set(), 5)
  return task
}
