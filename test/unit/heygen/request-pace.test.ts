// The request pace (request-pace.ts) and the max_concurrency place a refused generate call may lend: a storm of random
// 429s is told from a token bucket by how its refusals fall, and a proofread waiting out a 429 that may be the plan's
// cap keeps its place (another proofread would only be refused too).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RateLimitPause } from '../../../src/heygen/rate-limit-pause.js'
import { RequestPace } from '../../../src/heygen/request-pace.js'

/** Answers in the order HeyGen gave them, each a few ms after the last: `A` accepted, `R` refused (429). */
function answer(pace: RequestPace, pattern: string, kind: 'generate' | 'free' = 'generate'): void {
  for (const letter of pattern) {
    if (letter === 'A') pace.answered()
    else pace.refusedRate(kind)
    vi.advanceTimersByTime(3)
  }
}

describe('RequestPace: a budget only from refusals shaped like a bucket', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it("a storm's 429s falling among the acceptances teach no budget (seeded storm 30%, seed 4: the 18 s outlier)", () => {
    const pace = new RequestPace(() => Date.now())
    // The first wave of that run: 16 generate calls at once, 4 refused at random between acceptances.
    answer(pace, 'AARRRARAAAAAAAAA')
    expect(pace.rate).toBeUndefined()
  })

  it('a 60% storm refusing most calls, but between acceptances, teaches none either', () => {
    const pace = new RequestPace(() => Date.now())
    answer(pace, 'ARRARRRARRARRRAR')
    expect(pace.rate).toBeUndefined()
  })

  it("a bucket's run of refusals after its burst is a budget: paced at 90% of what got through", () => {
    const pace = new RequestPace(() => Date.now())
    answer(pace, 'AAAAAAAAAARRRRRR', 'free')
    expect(pace.rate).toBeCloseTo(9, 5)
  })

  it('a bucket refilling during its run of refusals is still a budget (one acceptance per refill)', () => {
    const pace = new RequestPace(() => Date.now())
    // A bucket of 6 a second: 6 through, 3 refused, then a token's refill later (167 ms) one let through and the next refused.
    answer(pace, 'AAAAAARRR')
    vi.advanceTimersByTime(170)
    answer(pace, 'AR')
    expect(pace.rate).toBeDefined()
  })

  it("after a quiet second the bucket's refill goes at once, then one per 1/rate s: never more than a bucket lets through", async () => {
    const pace = new RequestPace(() => Date.now())
    answer(pace, 'AAAAAAAAAARRRRRR', 'free')
    expect(pace.rate).toBeCloseTo(9, 5)
    // Every caller waits out its whole-second Retry-After; the bucket (and the pace's picture of it) refills meanwhile.
    vi.advanceTimersByTime(1_000)
    const t0 = Date.now()
    const sentAt: number[] = []
    const all = Array.from({ length: 27 }, () => pace.take(Number.POSITIVE_INFINITY).then(() => sentAt.push(Date.now() - t0)))
    await vi.advanceTimersByTimeAsync(5_000)
    await Promise.all(all)
    // A second's worth at once (9), then 9 a second: 27 in 2 s, where an even pace would take 3.
    expect(sentAt.filter((at) => at === 0)).toHaveLength(9)
    for (let i = 10; i < sentAt.length; i++) expect((sentAt[i] ?? 0) - (sentAt[i - 1] ?? 0)).toBeGreaterThanOrEqual(111)
    expect(sentAt[26]).toBeLessThanOrEqual(2_000)
    // Within any second: at most a bucket of 9 a second's refill plus its burst.
    for (const at of sentAt) expect(sentAt.filter((t) => t >= at && t < at + 1_000).length).toBeLessThanOrEqual(18)
  })
})

describe('RateLimitPause.generateLimited: whether a refused call lends its max_concurrency place', () => {
  /** `count` renders going, after a call was accepted with `count` going (then one ended): no plan cap at `count`. */
  function rendering(pause: RateLimitPause, count: number): void {
    for (let i = 0; i <= count; i++) pause.generated(`vt_${i}`)
    pause.renderEnded(`vt_${count}`)
  }

  it('lends at the first refusal at a count of renders, even where no call was accepted with as many going; not at a second there (it may be the plan cap)', () => {
    for (const acceptedAtTwo of [true, false]) {
      const pause = new RateLimitPause({ watchesRenders: true, now: () => 0 })
      // Without: two accepted, the third refused, as a plan cap of 2 refuses it, or as a storm's burst refuses at a new count.
      if (acceptedAtTwo) rendering(pause, 2)
      else ['vt_0', 'vt_1'].forEach((id) => pause.generated(id))
      expect(pause.generateLimited(1_000)).toBe(true)
      pause.generated()
      expect(pause.generateLimited(1_000)).toBe(false)
      pause.generated()
      expect(pause.generateLimited(1_000)).toBe(false)
      pause.generated()
    }
  })

  it('a call accepted above that count lends again (a storm, not a cap); one accepted at it does not (a render may have ended unseen)', () => {
    const pause = new RateLimitPause({ watchesRenders: true, now: () => 0 })
    rendering(pause, 2)
    expect(pause.generateLimited(1_000)).toBe(true)
    pause.generated()
    pause.generated('vt_at')
    pause.renderEnded('vt_at')
    expect(pause.generateLimited(1_000)).toBe(false)
    pause.generated()
    pause.generated('vt_at')
    pause.generated('vt_above')
    pause.renderEnded('vt_at')
    pause.renderEnded('vt_above')
    expect(pause.generateLimited(1_000)).toBe(true)
    pause.generated()
  })

  it("a storm's first burst: each refusal at a new count lends, so the burst starts as many renders as it has places", () => {
    const pause = new RateLimitPause({ watchesRenders: true, now: () => 0 })
    // Answers of calls sent together: accepted and refused in turn, every refusal at one more render than the last.
    for (let i = 0; i < 8; i++) {
      pause.generated(`vt_${i}`)
      expect(pause.generateLimited(1_000)).toBe(true)
      pause.generated()
    }
    expect(pause.cap).toBeUndefined()
  })

  it('never lends when HeyGen says the limit is on jobs at once; always when no render could be a cap', () => {
    const pause = new RateLimitPause({ watchesRenders: true, now: () => 0 })
    expect(pause.generateLimited(1_000)).toBe(true)
    pause.generated()
    rendering(pause, 1)
    expect(pause.generateLimited(1_000, 'concurrency')).toBe(false)
    pause.generated()
    const unwatched = new RateLimitPause({ watchesRenders: false, now: () => 0 })
    expect(unwatched.generateLimited(1_000)).toBe(true)
    expect(unwatched.generateLimited(1_000)).toBe(true)
  })
})
