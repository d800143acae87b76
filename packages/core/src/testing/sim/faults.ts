import { mulberry32 } from "../../internal/mulberry32.js"

/**
 * One scripted fault, applied at virtual time `at` (ms from the start of the simulation):
 * - `partition`: hosts `a` and `b` cannot reach each other (segments in flight wait, new
 *   connections between them time out) until a `heal`.
 * - `heal`: the partition between `a` and `b` ends; held segments are delivered, in order.
 * - `reset`: every connection between `a` and `b` is reset (both ends read `ConnectionReset`).
 * - `crash`: every task of `host` is cancelled, its connections reset and its listeners
 *   closed; its disk survives.
 * - `restart`: a crashed `host` runs its start function again.
 */
export type FaultEvent =
  | { readonly at: number; readonly kind: "partition" | "heal" | "reset"; readonly a: string; readonly b: string }
  | { readonly at: number; readonly kind: "crash" | "restart"; readonly host: string }

/** How {@link randomFaults} draws a fault script from the seed. */
export interface RandomFaultOptions {
  /** The hosts faults may hit (a crash or a partition names them). */
  readonly hosts: readonly string[]
  /** Faults happen before this virtual time (ms). Default 10,000. */
  readonly until?: number | undefined
  /** Mean virtual milliseconds between two faults. Default 500. */
  readonly every?: number | undefined
  /** The kinds to draw from. Default: partition, reset, crash. */
  readonly kinds?: readonly ("partition" | "reset" | "crash")[] | undefined
  /** How long (ms) a partition or a crash lasts at most before its heal or restart. Default 1,000. */
  readonly maxOutage?: number | undefined
}

/** The seed's fault stream is independent of its scheduling and network streams. @internal */
const FAULT_STREAM = 0x5eed_fa17

/**
 * The fault script a seed gives: faults at random times (exponential gaps of mean `every`),
 * each partition followed by its heal and each crash by its restart within `maxOutage` ms.
 * Deterministic: the same seed and options give the same script. `simulate({ seed, faults:
 * options })` applies it; pass a script (an array) to replay or shrink one instead.
 */
export function randomFaults(seed: number, options: RandomFaultOptions): FaultEvent[] {
  const random = mulberry32((seed ^ FAULT_STREAM) >>> 0)
  const hosts = options.hosts
  const until = options.until ?? 10_000
  const every = options.every ?? 500
  const kinds = options.kinds ?? ["partition", "reset", "crash"]
  const maxOutage = options.maxOutage ?? 1_000
  const out: FaultEvent[] = []
  if (hosts.length === 0 || kinds.length === 0) return out
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
  let t = 0
  for (;;) {
    t += Math.max(1, Math.round(-Math.log(1 - random()) * every))
    if (t >= until) break
    const kind = pick(kinds)
    const outage = 1 + Math.floor(random() * maxOutage)
    if (kind === "crash") {
      const host = pick(hosts)
      out.push({ at: t, kind: "crash", host }, { at: t + outage, kind: "restart", host })
      continue
    }
    if (hosts.length < 2) continue
    const a = pick(hosts)
    let b = pick(hosts)
    while (b === a) b = pick(hosts)
    if (kind === "reset") out.push({ at: t, kind: "reset", a, b })
    else out.push({ at: t, kind: "partition", a, b }, { at: t + outage, kind: "heal", a, b })
  }
  return out.sort((x, y) => x.at - y.at)
}

/** One line per fault, for messages and traces. */
export function describeFault(f: FaultEvent): string {
  return "host" in f ? `${f.at} ${f.kind} ${f.host}` : `${f.at} ${f.kind} ${f.a} ${f.b}`
}
