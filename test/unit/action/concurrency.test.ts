// Several proofreads in one step: results in the user's order, never more than max_concurrency at HeyGen at once.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FIXED_PLACE, mapWithConcurrency, type Place } from '../../../src/util/concurrency.js'

// Every story here runs on fake timers.
beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('mapWithConcurrency', () => {
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

describe('a task waiting out a 429 lends its place (place.lend, place.reclaim)', () => {
  it('the next item starts in the lent place, and the lender comes back before items not yet started', async () => {
    const started: Array<[string, number]> = []
    const t0 = Date.now()
    const running = mapWithConcurrency(['limited', 'b', 'c', 'd'], 2, async (name, _index, place) => {
      started.push([name, Date.now() - t0])
      if (name === 'limited') {
        // Refused: waits its Retry-After with its place lent, then takes one back before going on.
        place.lend()
        await new Promise((resolve) => setTimeout(resolve, 1_000))
        await place.reclaim()
        started.push(['limited again', Date.now() - t0])
      }
      await new Promise((resolve) => setTimeout(resolve, name === 'c' ? 3_000 : 1_500))
      return name
    })
    await vi.advanceTimersByTimeAsync(10_000)
    expect(await running).toEqual(['limited', 'b', 'c', 'd'])
    // c took the lent place at once; back at 1 s, the lender took b's place (1.5 s) ahead of d, which waited for c's (3 s).
    expect(started).toEqual([
      ['limited', 0],
      ['b', 0],
      ['c', 0],
      ['limited again', 1_500],
      ['d', 3_000],
    ])
  })

  it('never more than the limit hold a place, lent places included', async () => {
    let holding = 0
    let most = 0
    const running = mapWithConcurrency(
      Array.from({ length: 12 }, (_, i) => i),
      3,
      async (i, _index, place) => {
        holding++
        most = Math.max(most, holding)
        if (i % 2 === 0) {
          holding--
          place.lend()
          await new Promise((resolve) => setTimeout(resolve, 100))
          await place.reclaim()
          holding++
          most = Math.max(most, holding)
        }
        await new Promise((resolve) => setTimeout(resolve, 50 + i))
        holding--
        return i
      },
    )
    await vi.advanceTimersByTimeAsync(5_000)
    expect(await running).toHaveLength(12)
    expect(most).toBe(3)
  })

  it('a cancelled reclaim rejects with the reason and is handed no place', async () => {
    const controller = new AbortController()
    const reason = new Error('cancelled by SIGINT')
    const order: string[] = []
    const running = mapWithConcurrency(['a', 'b', 'c'], 1, async (name, _index, place) => {
      if (name === 'a') {
        place.lend()
        await new Promise((resolve) => setTimeout(resolve, 10))
        await place.reclaim(controller.signal).catch((error: unknown) => order.push(error === reason ? 'a cancelled' : 'a ?'))
        return name
      }
      order.push(name)
      await new Promise((resolve) => setTimeout(resolve, 100))
      return name
    })
    await vi.advanceTimersByTimeAsync(50)
    controller.abort(reason)
    await vi.advanceTimersByTimeAsync(1_000)
    expect(await running).toEqual(['a', 'b', 'c'])
    expect(order).toEqual(['b', 'a cancelled', 'c'])
  })

  it('outside mapWithConcurrency (FIXED_PLACE), and after the task ended, both do nothing', async () => {
    FIXED_PLACE.lend()
    await expect(FIXED_PLACE.reclaim()).resolves.toBeUndefined()
    let kept: Place | undefined
    await mapWithConcurrency(['a'], 1, (name, _index, place) => {
      kept = place
      return Promise.resolve(name)
    })
    // A place kept past its task: lending gives nothing away, reclaiming takes nothing.
    kept?.lend()
    await expect(kept?.reclaim()).resolves.toBeUndefined()
    expect(await mapWithConcurrency(['b', 'c'], 1, (name) => Promise.resolve(name))).toEqual(['b', 'c'])
  })
})
