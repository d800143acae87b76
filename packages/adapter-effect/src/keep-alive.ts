/**
 * Keeps the host process alive while a pollable future is pending inside an Effect
 * program, the way `Runtime.makeRunMain` keeps it alive for the main fiber: one
 * long-period interval, shared by every holder, cleared when the last one releases.
 *
 * Read at call time only (never at import); a no-op where the host has no `setInterval`.
 * @internal
 */
interface HostInterval {
  setInterval(fn: () => void, ms: number): unknown
  clearInterval(handle: unknown): void
}

let holders = 0
let handle: unknown

const noop = (): void => {}

/** Hold the process open; returns an idempotent release. @internal */
export function holdProcess(): () => void {
  const host = globalThis as unknown as Partial<HostInterval>
  if (typeof host.setInterval !== "function" || typeof host.clearInterval !== "function") return noop
  if (holders++ === 0) handle = host.setInterval(noop, 2_147_483_647)
  let held = true
  return () => {
    if (!held) return
    held = false
    if (--holders === 0) {
      host.clearInterval!(handle)
      handle = undefined
    }
  }
}

/** How many holders are live (tests check that every one was released). @internal */
export const keepAliveHolders = (): number => holders
