export { Pending, isPending, type Poll } from "./poll.js"
export type { Waker, Context, Timer, TimerEntry, Spawner } from "./waker.js"
export type { Future, ValueOf, ErrorOf } from "./future.js"
export type { Executor, JoinHandle, Outcome } from "./executor.js"
