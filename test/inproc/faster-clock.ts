// A clock that runs faster than the wall's, for in-process stories whose waits are whole seconds on purpose (an HTTP
// date's resolution, a pace read over one-second windows). The sandbox and the step share this process, so both read
// the same clock: what a story asserts about time stays true on it, and only the wall time shrinks. Time the machine
// spends working (between two calls) stretches by the same factor, so a story on it bounds a gap from below (a wait
// at least so long), or from above only with room for that stretched work, and a wait it checks must be long beside it.
import { createRequire } from 'node:module'
import { vi } from 'vitest'

// undici runs its timeouts over a second (request_timeout's, keep-alive's) off one timer of its own, made the first time
// one is set and refreshed ever after. Made on a faster clock, it would die with that clock, and no such timeout would
// fire again in this process. Made here first, on the wall's clock, it stays the wall's: on a faster clock those
// timeouts then run on the wall's time, longer than asked, never shorter.
const undiciTimers = createRequire(import.meta.url)('undici/lib/util/timers.js') as {
  setFastTimeout: (callback: () => void, delayMs: number) => unknown
  clearFastTimeout: (timer: unknown) => void
}
undiciTimers.clearFastTimeout(undiciTimers.setFastTimeout(() => {}, 2000))

/** Where the last faster clock stopped: ahead of the wall's, by the time it gained. */
let lastFakeNow = 0

/** Runs `story` with Date and setTimeout `rate` times faster than the wall's clock, then puts the real ones back. */
export async function onFasterClock<T>(rate: number, story: () => Promise<T>): Promise<T> {
  if (vi.isFakeTimers()) throw new Error('onFasterClock: the timers are already fake (a faster clock inside another?)')
  const everyMs = 5
  const wallInterval = globalThis.setInterval
  // Never behind the last one: a job, a claim or an asset an earlier step dated on it is not in this step's future.
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'], now: Math.max(Date.now(), lastFakeNow) })
  // Advanced by what the wall's clock says went by, not by a fixed step per tick: a tick that comes late (the event
  // loop busy with the step) would otherwise slow the fast clock down with it.
  const wallStart = performance.now()
  let advancedMs = 0
  const ticking = wallInterval(() => {
    const dueMs = Math.floor(rate * (performance.now() - wallStart))
    vi.advanceTimersByTime(dueMs - advancedMs)
    advancedMs = dueMs
  }, everyMs)
  try {
    return await story()
  } finally {
    clearInterval(ticking)
    lastFakeNow = Date.now()
    vi.useRealTimers()
  }
}
