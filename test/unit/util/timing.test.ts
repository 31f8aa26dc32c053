// The step's time constants as one injectable value: production keeps its floor and backoff, a test shrinks them.
import { describe, expect, it } from 'vitest'
import { backoffFor, parseRetryAfter } from '../../../src/util/retry.js'
import { PRODUCTION_TIMING, stepTiming } from '../../../src/util/timing.js'

describe('stepTiming', () => {
  it('is production timing unless overridden: a 1 s retry floor, six attempts, a 2 s deadline grace', () => {
    expect(stepTiming()).toEqual(PRODUCTION_TIMING)
    expect(PRODUCTION_TIMING).toMatchObject({ minRetryMs: 1000, maxAttempts: 6, deadlineGraceMs: 2000, maxRetryAfterMs: 60_000 })
  })

  it('takes a test’s milliseconds and keeps every other constant', () => {
    const timing = stepTiming({ minRetryMs: 1, backoffBaseMs: 2 })
    expect(timing).toEqual({ ...PRODUCTION_TIMING, minRetryMs: 1, backoffBaseMs: 2 })
    expect(Object.isFrozen(timing)).toBe(true)
  })

  it('refuses a negative or non-finite value, which would mean "retry at once, forever"', () => {
    expect(() => stepTiming({ minRetryMs: -1 })).toThrow(/timing.minRetryMs/)
    expect(() => stepTiming({ backoffMaxMs: Number.NaN })).toThrow(/timing.backoffMaxMs/)
  })
})

describe('delays under an injected timing', () => {
  const fast = stepTiming({ minRetryMs: 1, backoffBaseMs: 4, backoffMaxMs: 16, maxRetryAfterMs: 50 })

  it('the backoff doubles from the timing’s base up to its ceiling, never under its floor', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffFor(attempt, fast, () => 1))).toEqual([4, 8, 16, 16])
    expect(backoffFor(1, stepTiming({ minRetryMs: 3, backoffBaseMs: 2 }), () => 0)).toBe(3)
    // Production: the 1 s floor the README promises.
    expect(backoffFor(1, PRODUCTION_TIMING, () => 0)).toBe(1000)
  })

  it('Retry-After is kept between the timing’s floor and cap', () => {
    expect(parseRetryAfter('0', 0, fast)).toBe(1)
    expect(parseRetryAfter('3600', 0, fast)).toBe(50)
    expect(parseRetryAfter('0', 0)).toBe(1000)
  })
})
