/**
 * @pollable/core/testing — drive futures by hand: wakers, a manual executor, a virtual
 * clock, schedule exploration and leak checks. No runtime dependencies.
 * @module \@pollable/core/testing
 */
export { noopWaker, CountingWaker, contextOf } from "./wakers.js"
export { ManualFuture, manualFuture } from "./manual-future.js"
export { VirtualClock } from "./virtual-clock.js"
export { ManualExecutor, Stalled } from "./manual-executor.js"
export { virtualTime } from "./virtual-time.js"
export {
  ExploringExecutor,
  seededChoose,
  seededRandom,
  replayChoose,
  type Choose,
  type ExploringOptions,
} from "./explore.js"
export { checkNoLeaks, type LeakReport } from "./leak.js"
export * from "./io.js"
export { seedSelect } from "../combinators/select.js"
