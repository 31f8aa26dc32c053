// Several proofreads in one step: results in the user's order, never more than max_concurrency at HeyGen at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mapWithConcurrency } from '../../../src/util/concurrency.js'

describe('mapWithConcurrency', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('keeps the input order even when later items finish first', async () => {
    const durations = [500, 100, 300, 50, 200]
    const running = mapWithConcurrency(durations, 3, async (ms, index) => {
      await new Promise((resolve) => setTimeout(resolve, ms))
      return `item ${index} after ${ms}`
    })
    await vi.advanceTimersByTimeAsync(1_000)
    expect(await running).toEqual(['item 0 after 500', 'item 1 after 100', 'item 2 after 300', 'item 3 after 50', 'item 4 after 200'])
  })

  it.each([1, 2, 4])('never has more than %i in flight, and uses all of them', async (limit) => {
    let inFlight = 0
    let most = 0
    const running = mapWithConcurrency(
      Array.from({ length: 10 }, (_, i) => i),
      limit,
      async (i) => {
        inFlight++
        most = Math.max(most, inFlight)
        await new Promise((resolve) => setTimeout(resolve, 10 + ((i * 7) % 5)))
        inFlight--
        return i * 2
      },
    )
    await vi.advanceTimersByTimeAsync(1_000)
    expect(await running).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18])
    expect(most).toBe(limit)
  })

  it('with a limit above the item count starts each item once', async () => {
    const seen: number[] = []
    // eslint-disable-next-line @typescript-eslint/require-await -- the worker returns a promise; async is the plain way to write one
    const results = await mapWithConcurrency([1, 2, 3], 64, async (n) => {
      seen.push(n)
      return n
    })
    expect(results).toEqual([1, 2, 3])
    expect(seen.sort()).toEqual([1, 2, 3])
  })

  it('with no items returns no results', async () => {
    // eslint-disable-next-line @typescript-eslint/require-await -- the worker returns a promise; async is the plain way to write one
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([])
  })
})
