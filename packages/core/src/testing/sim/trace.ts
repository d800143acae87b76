import { InvalidArgument } from "../../errors.js"
import { describeArgument } from "../../internal/check.js"

/**
 * What a simulation recorded: one line per simulation-level event, each starting with the
 * virtual time in milliseconds — hosts starting, crashing and restarting, tasks starting
 * and ending, connections, bytes sent and delivered, partitions, resets, faults.
 *
 * Two runs with the same seed, options and body produce equal traces (see {@link traceEquals}).
 */
export interface Trace {
  /** The events, in the order they happened. */
  readonly lines: readonly string[]
  /** The lines joined with `\n` (what `simulate({ trace: path })` writes to the file). */
  readonly text: string
  /** A short fingerprint of the text (32-bit FNV-1a, 8 hex digits): equal traces have equal digests. */
  readonly digest: string
}

/** FNV-1a over the UTF-16 code units of `s`, as 8 hex digits. */
const fnv1a = (s: string): string => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, "0")
}

/** A trace whose text and digest are computed when first read (most passing runs never read them). */
class RecordedTrace implements Trace {
  #text: string | undefined
  #digest: string | undefined
  constructor(readonly lines: readonly string[]) {}
  get text(): string {
    this.#text ??= this.lines.join("\n")
    return this.#text
  }
  get digest(): string {
    this.#digest ??= fnv1a(this.text)
    return this.#digest
  }
}

/** Freeze recorded lines (the caller hands them over) into a {@link Trace}. @internal */
export function makeTrace(lines: string[]): Trace {
  return new RecordedTrace(Object.freeze(lines))
}

const checkTrace = (where: string, t: unknown): Trace => {
  if (typeof t !== "object" || t === null || !Array.isArray((t as Trace).lines)) {
    throw new InvalidArgument(
      where,
      `expected a Trace (the trace of a simulate() result), got ${describeArgument(t)}`,
      "pass result.trace",
    )
  }
  return t as Trace
}

/**
 * True when two traces recorded the same events in the same order.
 * @throws InvalidArgument when either argument is not a Trace.
 * @example
 * ```ts
 * const a = await simulate({ seed: 7 }, body)
 * const b = await simulate({ seed: 7, executor: "effect" }, body)
 * traceEquals(a.trace, b.trace) // true
 * ```
 */
export function traceEquals(a: Trace, b: Trace): boolean {
  const x = checkTrace("traceEquals(a, b)", a)
  const y = checkTrace("traceEquals(a, b)", b)
  if (x.lines.length !== y.lines.length) return false
  for (let i = 0; i < x.lines.length; i++) if (x.lines[i] !== y.lines[i]) return false
  return true
}

/**
 * Where two traces first differ, for a readable test failure: `undefined` when they are
 * equal, else the index of the first differing line and a few lines of context from each
 * (`-` lines from `a`, `+` lines from `b`).
 * @throws InvalidArgument when either argument is not a Trace.
 */
export function traceDiff(
  a: Trace,
  b: Trace,
  context = 3,
): { readonly line: number; readonly text: string } | undefined {
  const x = checkTrace("traceDiff(a, b)", a).lines
  const y = checkTrace("traceDiff(a, b)", b).lines
  const n = Math.min(x.length, y.length)
  let i = 0
  while (i < n && x[i] === y[i]) i++
  if (i === n && x.length === y.length) return undefined
  const from = Math.max(0, i - context)
  const out: string[] = []
  for (let k = from; k < i; k++) out.push(`  ${x[k]}`)
  for (let k = i; k < Math.min(x.length, i + context); k++) out.push(`- ${x[k]}`)
  for (let k = i; k < Math.min(y.length, i + context); k++) out.push(`+ ${y[k]}`)
  if (x.length !== y.length) out.push(`(a has ${x.length} lines, b has ${y.length})`)
  return { line: i, text: out.join("\n") }
}
