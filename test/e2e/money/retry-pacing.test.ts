// End to end: a 429 that says "retry now" (Retry-After: 0, or an HTTP date in the past) must not become a burst of
// paid calls: the action still waits a second between attempts (once: six POSTs in 450 ms). Here the bundle's own
// production floor is the point, and one 429 shows it (each one costs the floor's second); the in-process twin
// (test/inproc/money/retry-pacing.test.ts) spaces three in a row on a shrunk floor.
import { describe, expect, it } from 'vitest'
import { annotations, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Pc3W-4c8e-Gt'
const PINNED = { api_version: 'v2', preflight: 'false' }

// Two HeyGens: one answers 429 with `Retry-After: 0`, the other with a date five seconds in the past.
const zero = useSandbox({ key: KEY, inputs: PINNED, sandbox: { retryAfterSeconds: 0 } })
const past = useSandbox({ key: KEY, inputs: PINNED, sandbox: { retryAfterSeconds: -6 } })

function gaps(times: number[]): number[] {
  return times.slice(1).map((at, i) => at - (times[i] ?? at))
}

// The two stories run at once, each on its own sandbox (its own 429s and clock): their floors' seconds overlap.
describe.concurrent('HeyGen rate limits with a Retry-After that asks for no wait at all', () => {
  it('Retry-After: 0 on a 429: two POSTs, at least a second apart, and the video starts', async () => {
    const run = await zero.act({ proofread_id: 'pr-limit-1' })

    expect(run.code, run.log).toBe(0)
    const times = zero.sandbox.generateCalls('pr-limit-1').map((request) => request.at)
    expect(times).toHaveLength(2)
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(950)
    expect(zero.sandbox.jobs).toHaveLength(1)
    expect(annotations(run.stdout, 'warning').filter((w) => w.includes('429'))).toHaveLength(1)
    expect(annotations(run.stdout, 'warning')[0]).toContain('waiting 1.0 s')
  })

  it('Retry-After as an HTTP date in the past on a 429: two POSTs, at least a second apart', async () => {
    const run = await past.act({ proofread_id: 'pr-limit-1-date' })

    expect(run.code, run.log).toBe(0)
    const times = past.sandbox.generateCalls('pr-limit-1-date').map((request) => request.at)
    expect(times).toHaveLength(2)
    for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(950)
    expect(past.sandbox.jobs).toHaveLength(1)
  })
})
