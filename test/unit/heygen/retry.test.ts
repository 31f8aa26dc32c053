// When HeyGen says "slow down": reading Retry-After, backing off, and pausing the whole batch.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  backoffMs,
  limitKind,
  MAX_ATTEMPTS,
  MAX_RETRY_AFTER_MS,
  MIN_RETRY_AFTER_MS,
  parseRetryAfter,
  RateLimitPause,
} from '../../../src/heygen/retry.js'

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
/** A pause on fake time: `clock` is read by the pace and the deadline. */
/** Advances the fake clock until the wait's turn has come (a paced wait takes a while). */
async function turnOf(waiting: Promise<unknown>): Promise<void> {
  const state = track(waiting.then(() => undefined))
  while (!state.settled) await vi.advanceTimersByTimeAsync(50)
}

function fakePause(options: ConstructorParameters<typeof RateLimitPause>[0] = {}): RateLimitPause {
  return new RateLimitPause({ now: () => Date.now(), ...options })
}

describe('RateLimitPause: a 429 costs the call that got it, and a budget is paced', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('without a limit seen, wait resolves at once', async () => {
    const waiting = track(fakePause().wait())
    await vi.advanceTimersByTimeAsync(0)
    expect(waiting.settled).toBe(true)
  })

  it("one 429 does not hold back the other callers (its Retry-After is its own caller's to wait)", async () => {
    const pause = fakePause()
    pause.extend(5_000)
    const other = track(pause.wait())
    await vi.advanceTimersByTimeAsync(0)
    expect(other.settled).toBe(true)
  })

  it('a second in which more were refused than let through is a budget: later requests are spread at what got through', async () => {
    const pause = fakePause()
    // 16 requests at once against a bucket of 4: 4 answered, 12 refused.
    for (let i = 0; i < 16; i++) await pause.wait()
    for (let i = 0; i < 4; i++) pause.answered()
    for (let i = 0; i < 12; i++) pause.extend(1_000)
    const started: number[] = []
    const t0 = Date.now()
    const all = Array.from({ length: 8 }, () => pause.wait().then(() => started.push(Date.now() - t0)))
    await vi.advanceTimersByTimeAsync(2_000)
    await Promise.all(all)
    // A little under four a second (90% of what got through, for a bucket's burst): 0, 278, 556 ... ms, the first at once.
    expect(started[0]).toBe(0)
    for (let i = 1; i < started.length; i++) expect((started[i] ?? 0) - (started[i - 1] ?? 0)).toBeGreaterThanOrEqual(250)
    expect(started[7]).toBeLessThanOrEqual(2_000)
  })

  it('a storm of random 429s is not taken for a budget: refused as often while paced, the pace is dropped', async () => {
    const pause = fakePause()
    for (let i = 0; i < 8; i++) await pause.wait()
    for (let i = 0; i < 4; i++) pause.answered()
    for (let i = 0; i < 4; i++) pause.extend(1_000)
    // Paced at 4 a second; over the next 3 s half of what is sent is refused again: not a budget the step is over.
    for (let i = 0; i < 8; i++) {
      const turn = pause.wait()
      await vi.advanceTimersByTimeAsync(400)
      await turn
      if (i % 2 === 0) pause.extend(1_000)
      else pause.answered()
    }
    const t0 = Date.now()
    const burst = Array.from({ length: 5 }, () => pause.wait())
    await vi.advanceTimersByTimeAsync(0)
    await Promise.all(burst)
    expect(Date.now() - t0).toBe(0)
  })

  it('a storm on the paid route only is found though the free calls beside it are never refused', async () => {
    const pause = fakePause()
    // A burst of 8 generate calls: 4 accepted, 4 refused at random (the pace cannot tell that from a budget yet).
    for (let i = 0; i < 8; i++) await pause.beforeGenerate()
    for (let i = 0; i < 4; i++) pause.generated('vt_' + i)
    for (let i = 0; i < 4; i++) {
      pause.generateLimited(1_000)
      pause.generated()
    }
    // Paced: many status polls answered, and the retried generate calls still refused one in two.
    for (let i = 0; i < 12; i++) {
      for (let poll = 0; poll < 3; poll++) {
        await turnOf(pause.wait())
        pause.answered()
      }
      await turnOf(pause.beforeGenerate())
      if (i % 2 === 0) pause.generateLimited(1_000)
      pause.generated(i % 2 === 0 ? undefined : `vt_r${i}`)
    }
    const burst = Array.from({ length: 5 }, () => track(pause.wait()))
    await vi.advanceTimersByTimeAsync(0)
    expect(burst.filter((w) => !w.settled)).toEqual([])
  })

  it('requests queued under a pace that turns out to be a storm go at once when it is dropped, not at their old turn', async () => {
    const pause = fakePause()
    for (let i = 0; i < 8; i++) await pause.wait()
    for (let i = 0; i < 4; i++) pause.answered()
    for (let i = 0; i < 4; i++) pause.extend(1_000)
    // Paced at 3.6 a second: 20 polls queue up to 5 s ahead.
    const queued = Array.from({ length: 20 }, () => track(pause.wait()))
    // A second and a half on, half of what was sent since is refused: a storm; the pace is dropped.
    await vi.advanceTimersByTimeAsync(1_500)
    for (let i = 0; i < 4; i++) pause.extend(1_000)
    await vi.advanceTimersByTimeAsync(0)
    expect(queued.filter((w) => !w.settled)).toEqual([])
  })

  it('cancelling the step rejects a paced wait at once with the cancel reason', async () => {
    const pause = fakePause()
    for (let i = 0; i < 5; i++) await pause.wait()
    pause.answered()
    for (let i = 0; i < 4; i++) pause.extend(1_000)
    const controller = new AbortController()
    const waits = [track(pause.wait(controller.signal)), track(pause.wait(controller.signal))]
    await vi.advanceTimersByTimeAsync(100)
    expect(waits[1]?.settled).toBe(false)
    const reason = new Error('cancelled by SIGINT')
    controller.abort(reason)
    await vi.advanceTimersByTimeAsync(0)
    expect(waits[1]?.error).toBe(reason)
  })
})

describe("RateLimitPause: the plan's cap, from evidence that holds, and the step's deadline", () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  /** Two renders going, then a generate refused `times` times with both still rendering. */
  async function refusedAtTwo(pause: RateLimitPause, times: number): Promise<void> {
    for (const id of ['vt_a', 'vt_b']) {
      expect(await pause.beforeGenerate()).toBe(true)
      pause.generated(id)
    }
    for (let i = 0; i < times; i++) {
      expect(await pause.beforeGenerate()).toBe(true)
      pause.generateLimited(1_000)
      pause.generated()
    }
  }

  it('two 429s while 2 render teach nothing (a storm can do that); a third holds the step at 2; said once, when settled', async () => {
    const learnt: number[] = []
    const pause = fakePause({ watchesRenders: true, onCapLearned: (cap) => learnt.push(cap) })
    await refusedAtTwo(pause, 2)
    expect(pause.cap).toBeUndefined()
    expect(await pause.beforeGenerate()).toBe(true)
    pause.generateLimited(1_000)
    pause.generated()
    expect(pause.cap).toBe(2)
    // Held, not yet said: three refusals may still be a storm's.
    expect(learnt).toEqual([])
    // Held back: one call a second goes above the cap to test it; the others wait for a render to end.
    const probe = track(pause.beforeGenerate().then(() => undefined))
    const held = track(pause.beforeGenerate().then(() => undefined))
    await vi.advanceTimersByTimeAsync(0)
    expect([probe.settled, held.settled]).toEqual([true, false])
    pause.generateLimited(1_000)
    pause.generated()
    pause.renderEnded('vt_a')
    await vi.advanceTimersByTimeAsync(0)
    expect(held.settled).toBe(true)
    pause.generated('vt_c')
    // Refused at 2 again and again (the probes): settled, and said once.
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(1_000)
      expect(await pause.beforeGenerate()).toBe(true)
      pause.generateLimited(1_000)
      pause.generated()
    }
    expect(pause.cap).toBe(2)
    expect(learnt).toEqual([2])
  })

  /** Held at 2 by three refusals, then a probe accepted with 2 rendering: the cap is lifted at once. */
  async function liftedByProbe(): Promise<RateLimitPause> {
    const pause = fakePause({ watchesRenders: true })
    await refusedAtTwo(pause, 3)
    expect(pause.cap).toBe(2)
    expect(await pause.beforeGenerate()).toBe(true)
    pause.generated('vt_c')
    expect(pause.cap).toBeUndefined()
    return pause
  }

  it('a generate accepted at or above the cap lifts it at once (a storm, not a plan)', async () => {
    // The probe is accepted with 2 rendering: the plan runs at least 3, and nothing was refused at 3.
    await liftedByProbe()
  })

  it('a burst refused one by one while the others are still in flight teaches no cap (HeyGen may have counted them)', async () => {
    const learnt: number[] = []
    const pause = fakePause({ watchesRenders: true, onCapLearned: (cap) => learnt.push(cap) })
    // 16 generate calls at once under a random storm: six accepted answers arrive first, then ten refusals.
    for (let i = 0; i < 16; i++) expect(await pause.beforeGenerate()).toBe(true)
    for (let i = 0; i < 6; i++) pause.generated(`vt_${i}`)
    for (let i = 0; i < 10; i++) {
      pause.generateLimited(1_000)
      pause.generated()
    }
    // Only the last refusal came with no other call in flight: one refusal at 6 is no cap to hold the retries at.
    expect(pause.cap).toBeUndefined()
    expect(learnt).toEqual([])
  })

  it('a call accepted while a render ended unseen lifts the cap at once, and refusals after it at that count teach it again', async () => {
    // vt_a's render ended at HeyGen before the step's poll saw it: a probe is accepted with 2 "rendering".
    const pause = await liftedByProbe()
    // The poll sees vt_a end; the plan is still full at 2, and three calls alone are refused there again: held again.
    pause.renderEnded('vt_a')
    for (let i = 0; i < 3; i++) {
      await turnOf(pause.beforeGenerate())
      pause.generateLimited(1_000)
      pause.generated()
    }
    expect(pause.cap).toBe(2)
  })

  it('a 429 whose body names a concurrency limit teaches the cap at once; one naming a request rate teaches none', async () => {
    expect(limitKind('{"error":{"code":"concurrent_limit_exceeded","message":"Too many concurrent jobs"}}')).toBe('concurrency')
    expect(limitKind('{"error":{"code":"rate_limit_exceeded","message":"Limit: 10 requests per second"}}')).toBe('rate')
    expect(limitKind('{"error":{"code":"rate_limit_exceeded","message":"Too many requests."}}')).toBeUndefined()
    const told = fakePause({ watchesRenders: true })
    await pause2(told, 'concurrency')
    expect(told.cap).toBe(2)
    const rate = fakePause({ watchesRenders: true })
    await pause2(rate, 'rate')
    await pause2(rate, 'rate', false)
    expect(rate.cap).toBeUndefined()
  })

  async function pause2(pause: RateLimitPause, kind: 'concurrency' | 'rate', start = true): Promise<void> {
    if (start) {
      for (const id of ['vt_a', 'vt_b']) {
        await pause.beforeGenerate()
        pause.generated(id)
      }
    }
    await pause.beforeGenerate()
    pause.generateLimited(1_000, kind)
    pause.generated()
  }

  it("a storm's end game: refusals with fewer renders going than the plan was proven to take at once teach no cap", async () => {
    const learnt: number[] = []
    const pause = fakePause({ watchesRenders: true, onCapLearned: (cap) => learnt.push(cap) })
    // Four accepted one after another; a status call sent after the fourth finds all four rendering: the plan takes 4.
    for (const id of ['vt_a', 'vt_b', 'vt_c', 'vt_d']) {
      await pause.beforeGenerate()
      pause.generated(id)
    }
    await vi.advanceTimersByTimeAsync(10)
    for (const id of ['vt_a', 'vt_b', 'vt_c', 'vt_d']) pause.stillRendering(id, pause.now())
    // Three end; the last proofreads are refused again and again with one render going, as a 60% storm does.
    for (const id of ['vt_a', 'vt_b', 'vt_c']) pause.renderEnded(id)
    for (let i = 0; i < 12; i++) {
      // Each retry after its Retry-After, as the client waits it.
      const ready = pause.beforeGenerate()
      await vi.advanceTimersByTimeAsync(1_000)
      expect(await ready).toBe(true)
      expect(pause.generateLimited(1_000)).toBe(true)
      pause.generated()
    }
    expect(pause.cap).toBeUndefined()
    expect(learnt).toEqual([])
  })

  it('a status call sent before an acceptance proves nothing of it: a plan cap of 2 is still learnt', async () => {
    const pause = fakePause({ watchesRenders: true })
    await pause.beforeGenerate()
    pause.generated('vt_a')
    const askedBefore = pause.now()
    await vi.advanceTimersByTimeAsync(10)
    await pause.beforeGenerate()
    pause.generated('vt_b')
    // Answered after vt_b was accepted, but asked before: vt_a may have ended in between.
    pause.stillRendering('vt_a', askedBefore)
    pause.stillRendering('vt_b', askedBefore)
    for (let i = 0; i < 3; i++) {
      await pause.beforeGenerate()
      pause.generateLimited(1_000)
      pause.generated()
    }
    expect(pause.cap).toBe(2)
  })

  it('a step that does not wait for its renders never learns a cap (it could not see one end)', async () => {
    const pause = fakePause({ watchesRenders: false })
    for (let i = 0; i < 3; i++) {
      expect(await pause.beforeGenerate()).toBe(true)
      pause.generated(`vt_${i}`)
    }
    for (let i = 0; i < 3; i++) {
      await pause.beforeGenerate()
      pause.generateLimited(1_000)
      pause.generated()
    }
    expect(pause.cap).toBeUndefined()
  })

  it('a generate waiting for a slot gives up at the deadline (false: nothing was sent)', async () => {
    const pause = fakePause({ watchesRenders: true, deadline: Date.now() + 500 })
    await refusedAtTwo(pause, 3)
    // This second's probe goes; the next call waits for a slot or the next probe, and the deadline comes first.
    expect(await pause.beforeGenerate()).toBe(true)
    let answer: boolean | undefined
    void pause.beforeGenerate().then((ok) => {
      answer = ok
    })
    await vi.advanceTimersByTimeAsync(499)
    expect(answer).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(answer).toBe(false)
  })

  it('a paced wait never outlasts the deadline', async () => {
    const pause = fakePause({ deadline: Date.now() + 2_000 })
    for (let i = 0; i < 5; i++) await pause.wait()
    pause.answered()
    for (let i = 0; i < 4; i++) pause.extend(1_000)
    const waits = Array.from({ length: 5 }, () => track(pause.wait()))
    await vi.advanceTimersByTimeAsync(2_000)
    expect(waits.every((w) => w.settled)).toBe(true)
  })
})
