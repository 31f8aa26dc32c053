// When HeyGen says "slow down": reading Retry-After, backing off, and pausing the whole batch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { backoffMs, MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, MIN_RETRY_AFTER_MS, parseRetryAfter, RateLimitPause } from '../../../src/heygen/retry.js'

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-10T12:00:00Z')

  it.each([
    ['5', 5_000],
    ['1.5', 1_500],
    [' 12 ', 12_000],
    ['60', 60_000],
  ])('seconds %j wait %i ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms)
  })

  it('an HTTP date 30 s ahead waits 30 s', () => {
    expect(parseRetryAfter('Tue, 10 Mar 2026 12:00:30 GMT', now)).toBe(30_000)
  })

  // Retry-After: 0 on a 429 once gave six POSTs in 450 ms: "now" still waits a second.
  it.each([
    ['0', 'zero seconds'],
    ['0.2', 'a fraction of a second'],
    ['Tue, 10 Mar 2026 11:59:00 GMT', 'an HTTP date in the past'],
    ['Tue, 10 Mar 2026 12:00:00 GMT', 'an HTTP date of now'],
  ])('%j (%s) still waits the floor of one second', (value) => {
    expect(MIN_RETRY_AFTER_MS).toBe(1000)
    expect(parseRetryAfter(value, now)).toBe(1000)
  })

  it('is capped at 60 s, whether seconds or a date', () => {
    expect(MAX_RETRY_AFTER_MS).toBe(60_000)
    expect(parseRetryAfter('3600', now)).toBe(60_000)
    expect(parseRetryAfter('Tue, 10 Mar 2026 13:00:00 GMT', now)).toBe(60_000)
  })

  it.each([undefined, null, ''])('absent (%j) is undefined', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined()
  })

  it.each(['soon', 'tomorrow', 'abc', '5 seconds'])('garbage %j is undefined (so the caller backs off instead)', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined()
  })

  it('garbage that V8 Date.parse happens to read as a year-2001 date (-5, 1.5.6, later 1) is undefined too, not "retry now"', () => {
    // Date.parse('-5') is 2001-05-01 in V8: without a strict HTTP-date check this becomes a 0 ms wait,
    // and a 429 would be retried at once, six times in a row.
    expect(['-5', '1.5.6', 'later 1'].map((value) => parseRetryAfter(value, now))).toEqual([undefined, undefined, undefined])
  })
})

describe('backoffMs', () => {
  const low = () => 0
  const high = () => 0.999_999

  it('grows twofold per attempt from 1 s', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffMs(attempt, high))).toEqual([1_000, 2_000, 4_000, 8_000, 15_000])
  })

  it('is capped at 15 s however many attempts', () => {
    expect(backoffMs(6, high)).toBe(15_000)
    expect(backoffMs(40, high)).toBe(15_000)
  })

  it('keeps at least half the ceiling whatever the jitter, and never under the one-second floor', () => {
    expect([1, 2, 3, 6].map((attempt) => backoffMs(attempt, low))).toEqual([1_000, 1_000, 2_000, 7_500])
  })

  it('puts the jitter in the upper half: random 0.5 gives three quarters of the ceiling', () => {
    expect(backoffMs(3, () => 0.5)).toBe(3_000)
  })

  it('treats attempt 0 like attempt 1', () => {
    expect(backoffMs(0, high)).toBe(1_000)
  })

  it('honours a custom base and ceiling, but not below the floor', () => {
    expect(backoffMs(3, high, 1_000, 3_000)).toBe(3_000)
    expect(backoffMs(1, low, 200)).toBe(MIN_RETRY_AFTER_MS)
  })

  it('with the real random stays within its bounds', () => {
    for (let i = 0; i < 200; i++) {
      const ms = backoffMs(4)
      expect(ms).toBeGreaterThanOrEqual(4_000)
      expect(ms).toBeLessThanOrEqual(8_000)
    }
  })

  it('MAX_ATTEMPTS bounds retries to a handful', () => {
    expect(MAX_ATTEMPTS).toBe(6)
  })
})

function track(promise: Promise<void>) {
  const state = { settled: false, error: undefined as unknown }
  promise.then(
    () => {
      state.settled = true
    },
    (error) => {
      state.settled = true
      state.error = error
    },
  )
  return state
}
describe('RateLimitPause', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('without a pause, wait resolves at once', async () => {
    const waiting = track(new RateLimitPause().wait())
    await vi.advanceTimersByTimeAsync(0)
    expect(waiting.settled).toBe(true)
  })

  it('after a 429, every caller waits until the pause ends, not before', async () => {
    const pause = new RateLimitPause()
    pause.extend(5_000)
    const first = track(pause.wait())
    const second = track(pause.wait())
    await vi.advanceTimersByTimeAsync(4_999)
    expect([first.settled, second.settled]).toEqual([false, false])
    await vi.advanceTimersByTimeAsync(1)
    expect([first.settled, second.settled]).toEqual([true, true])
  })

  it('a longer pause announced while waiting is honoured', async () => {
    const pause = new RateLimitPause()
    pause.extend(1_000)
    const waiting = track(pause.wait())
    await vi.advanceTimersByTimeAsync(500)
    pause.extend(3_000) // ends at 3 500 ms
    await vi.advanceTimersByTimeAsync(2_999)
    expect(waiting.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(waiting.settled).toBe(true)
  })

  it('a shorter pause never cuts a longer one', async () => {
    const pause = new RateLimitPause()
    pause.extend(4_000)
    pause.extend(1_000)
    const waiting = track(pause.wait())
    await vi.advanceTimersByTimeAsync(3_999)
    expect(waiting.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(waiting.settled).toBe(true)
  })

  it('cancelling the step rejects a wait at once with the cancel reason', async () => {
    const pause = new RateLimitPause()
    pause.extend(60_000)
    const controller = new AbortController()
    const waiting = track(pause.wait(controller.signal))
    await vi.advanceTimersByTimeAsync(100)
    const reason = new Error('cancelled by SIGINT')
    controller.abort(reason)
    await vi.advanceTimersByTimeAsync(0)
    expect(waiting.settled).toBe(true)
    expect(waiting.error).toBe(reason)
  })
})

describe("RateLimitPause: the plan's cap and the step's deadline", () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("a 429 while 2 of the step's jobs render teaches a cap of 2, once: the next generate waits until one render ends", async () => {
    const learnt: number[] = []
    const pause = new RateLimitPause({ watchesRenders: true, onCapLearned: (cap) => learnt.push(cap) })
    for (const id of ['vt_a', 'vt_b']) {
      expect(await pause.beforeGenerate()).toBe(true)
      pause.generated(id)
    }
    expect(await pause.beforeGenerate()).toBe(true)
    pause.generated()
    pause.generateLimited(1_000)
    expect(learnt).toEqual([2])
    let sent = false
    void pause.beforeGenerate().then(() => {
      sent = true
    })
    // Retry-After alone does not open the gate: both renders are still running.
    await vi.advanceTimersByTimeAsync(10_000)
    expect(sent).toBe(false)
    pause.renderEnded('vt_a')
    await vi.advanceTimersByTimeAsync(0)
    expect(sent).toBe(true)
    // A second 429 at the same count teaches nothing new and says nothing.
    pause.generated()
    pause.generateLimited(1_000)
    expect(learnt).toEqual([2])
  })

  it('a call accepted after the 429 that taught the cap raises it, and the cap is said once, when no call is in flight', async () => {
    const learnt: number[] = []
    const pause = new RateLimitPause({ watchesRenders: true, onCapLearned: (cap) => learnt.push(cap) })
    for (let i = 0; i < 3; i++) expect(await pause.beforeGenerate()).toBe(true)
    pause.generated('vt_a')
    // The third call's 429 comes back before the second call's success.
    pause.generated()
    pause.generateLimited(1_000)
    expect(learnt).toEqual([])
    pause.generated('vt_b')
    expect(pause.cap).toBe(2)
    expect(learnt).toEqual([2])
  })

  it('a step that does not wait for its renders never learns a cap (it could not see one end): Retry-After alone paces it', async () => {
    const pause = new RateLimitPause({ watchesRenders: false })
    expect(await pause.beforeGenerate()).toBe(true)
    pause.generated('vt_a')
    pause.generateLimited(1_000)
    expect(pause.cap).toBeUndefined()
    let sent = false
    void pause.beforeGenerate().then(() => {
      sent = true
    })
    await vi.advanceTimersByTimeAsync(999)
    expect(sent).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(sent).toBe(true)
  })

  it('a generate waiting for a slot gives up at the deadline (false: nothing was sent)', async () => {
    const pause = new RateLimitPause({ watchesRenders: true, deadline: Date.now() + 5_000 })
    await pause.beforeGenerate()
    pause.generated('vt_a')
    await pause.beforeGenerate()
    pause.generated()
    pause.generateLimited(1_000)
    let answer: boolean | undefined
    void pause.beforeGenerate().then((ok) => {
      answer = ok
    })
    await vi.advanceTimersByTimeAsync(4_999)
    expect(answer).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(answer).toBe(false)
  })

  it('a pause never outlasts the deadline', async () => {
    const pause = new RateLimitPause({ deadline: Date.now() + 2_000 })
    pause.extend(60_000)
    const waiting = track(pause.wait())
    await vi.advanceTimersByTimeAsync(2_000)
    expect(waiting.settled).toBe(true)
  })
})
