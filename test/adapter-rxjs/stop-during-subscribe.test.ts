/**
 * Subscriptions that must not outlive their consumer when the stop happens while the
 * Observable is still inside its synchronous `subscribe` (the returned Subscription does
 * not exist yet at that moment).
 */
import { describe, expect, it } from "vitest"
import { Observable, Subject, concat, of } from "rxjs"
import { Interrupted } from "@pollable/core"
import { CountingWaker, contextOf } from "@pollable/core/testing"
import { BufferOverflow, firstValueFrom, observableToStream } from "@pollable/adapter-rxjs"

describe("stops that happen during a synchronous subscribe", () => {
  it("firstValueFrom: an abort fired while subscribing still unsubscribes the source", async () => {
    const ac = new AbortController()
    const subj = new Subject<number>()
    const source = new Observable<number>((sub) => {
      const inner = subj.subscribe(sub)
      ac.abort("during subscribe")
      return inner
    })
    const e = await firstValueFrom(source, { signal: ac.signal }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(Interrupted)
    expect(subj.observed).toBe(false)
  })

  it('observableToStream overflow "error" during subscribe unsubscribes a source that stays open', () => {
    const subj = new Subject<number>()
    const s = observableToStream(concat(of(1, 2, 3), subj), { buffer: 2, overflow: "error" })
    const cx = contextOf(new CountingWaker())
    expect(s.pollNext(cx)).toBe(1)
    expect(subj.observed).toBe(false)
    expect(s.pollNext(cx)).toBe(2)
    expect(() => s.pollNext(cx)).toThrow(BufferOverflow)
    expect(subj.observed).toBe(false)
  })
})
