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
export {
  simulate,
  Simulation,
  SimHost,
  SimulationStuck,
  type SimulateOptions,
  type SimResult,
  type SimOutcome,
  type SimExecutorKind,
  type SimExecutorSource,
} from "./sim/simulate.js"
export {
  SimNetwork,
  SimSocket,
  SimListener,
  SimConnection,
  type Net,
  type NetListener,
  type NetOptions,
  type LinkOptions,
} from "./sim/net.js"
export { ConnectFailed, ListenFailed } from "./sim/errors.js"
export { randomFaults, describeFault, type FaultEvent, type RandomFaultOptions } from "./sim/faults.js"
export { traceEquals, traceDiff, type Trace } from "./sim/trace.js"
export { simProperty, SimPropertyFailed, type SimPropertyOptions, type SimPropertyReport } from "./sim/property.js"
