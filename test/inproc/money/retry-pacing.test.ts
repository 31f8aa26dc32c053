// In-process twin of test/e2e/money/retry-pacing.test.ts, on a 200 ms floor: a 429 that says "retry now" (Retry-After:
// 0, or an HTTP date in the past) must not become a burst of paid calls; the step still waits the floor between
// attempts. The end-to-end file checks the production floor (a second) on the bundle.
import { describe, expect, it } from 'vitest'
import { annotations, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Pc3W-4c8e-Gt'
const PINNED = { api_version: 'v2', preflight: 'false' }
const FLOOR_MS = 200
// Retry-After is cut to maxRetryAfterMs, which must not be under the floor.
const timing = { minRetryMs: FLOOR_MS, backoffBaseMs: FLOOR_MS, maxRetryAfterMs: 5 * FLOOR_MS }

// Two HeyGens: one answers 429 with `Retry-After: 0`, the other with a date five seconds in the past.
const zero = useSandbox({ key: KEY, inputs: PINNED, sandbox: { retryAfterSeconds: 0 }, timing })
const past = useSandbox({ key: KEY, inputs: PINNED, sandbox: { retryAfterSeconds: -6 }, timing })

function gaps(times: number[]): number[] {
  return times.slice(1).map((at, i) => at - (times[i] ?? at))
}

describe('HeyGen rate limits with a Retry-After that asks for no wait at all', () => {
  it('Retry-After: 0 on three 429s: four POSTs, at least the floor apart, and the video starts', async () => {
    const run = await zero.act({ proofread_id: 'pr-limit-3' })

    expect(run.code, run.log).toBe(0)
    const times = zero.sandbox.generateCalls('pr-limit-3').map((request) => request.at)
    expect(times).toHaveLength(4)
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(FLOOR_MS - 10)
    expect(zero.sandbox.jobs).toHaveLength(1)
    expect(annotations(run.stdout, 'warning').filter((w) => w.includes('429'))).toHaveLength(3)
    expect(annotations(run.stdout, 'warning')[0]).toContain(`waiting ${(FLOOR_MS / 1000).toFixed(1)} s`)
  })

  it('Retry-After as an HTTP date in the past on three 429s: four POSTs, at least the floor apart', async () => {
    const run = await past.act({ proofread_id: 'pr-limit-3-date' })

    expect(run.code, run.log).toBe(0)
    const times = past.sandbox.generateCalls('pr-limit-3-date').map((request) => request.at)
    expect(times).toHaveLength(4)
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(FLOOR_MS - 10)
    expect(past.sandbox.jobs).toHaveLength(1)
  })
})
