// The one retry loop: the policy is data (a predicate per client, attempts, timing), so a test passes milliseconds.
import { describe, expect, it } from 'vitest'
import { type RetryPolicy, retrying } from '../../../src/util/retry.js'
import { stepTiming } from '../../../src/util/timing.js'

const fast = stepTiming({ minRetryMs: 1, backoffBaseMs: 1, backoffMaxMs: 4 })

class Flaky extends Error {
  constructor(readonly kind: 'counted' | 'not-yet' | 'final') {
    super(`failure ${kind}`)
  }
}

/** A call that fails with `failures` in order, then answers 'ok'; it records how many times it was made. */
function scripted(failures: Flaky[]) {
  let calls = 0
  const call = () => {
    calls++
    const failure = failures.shift()
    return failure ? Promise.reject(failure) : Promise.resolve('ok')
  }
  return { call, calls: () => calls }
}

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    maxAttempts: 3,
    timing: fast,
    classify: (error) => (error instanceof Flaky && error.kind !== 'final' ? { counted: error.kind === 'counted' } : undefined),
    ...overrides,
  }
}

describe('retrying', () => {
  it('answers with the first success, after the failures the predicate allows', async () => {
    const { call, calls } = scripted([new Flaky('counted'), new Flaky('counted')])
    await expect(retrying(call, policy())).resolves.toBe('ok')
    expect(calls()).toBe(3)
  })

  it('stops after maxAttempts counted failures and throws the last one', async () => {
    const failures = [new Flaky('counted'), new Flaky('counted'), new Flaky('counted'), new Flaky('counted')]
    const { call, calls } = scripted([...failures])
    await expect(retrying(call, policy())).rejects.toBe(failures[2])
    expect(calls()).toBe(3)
  })

  it('a failure the predicate refuses (money: it may have started a job) is thrown at once, never sent again', async () => {
    const final = new Flaky('final')
    const { call, calls } = scripted([final])
    await expect(retrying(call, policy())).rejects.toBe(final)
    expect(calls()).toBe(1)
  })

  it('"not yet" failures (429, refused) are not counted against the attempts: they go on until the time is up', async () => {
    const { call, calls } = scripted(Array.from({ length: 6 }, () => new Flaky('not-yet')))
    await expect(retrying(call, policy())).resolves.toBe('ok')
    expect(calls()).toBe(7)
  })

  it('a retry whose wait would reach `until` is not made: the policy says why instead', async () => {
    const { call, calls } = scripted([new Flaky('not-yet')])
    const outOfTime = new Error('out of time')
    const waited = retrying(
      call,
      policy({ until: Date.now() + 50, classify: () => ({ counted: false, retryAfterMs: 60 }), outOfTime: () => outOfTime }),
    )
    await expect(waited).rejects.toBe(outOfTime)
    expect(calls()).toBe(1)
  })

  it('waits the server’s Retry-After, else the injected backoff, and says so before each wait', async () => {
    const told: Array<[number, number]> = []
    const { call } = scripted([new Flaky('counted'), new Flaky('counted')])
    let first = true
    await retrying(
      call,
      policy({
        classify: () => {
          const verdict = first ? { counted: true, retryAfterMs: 7 } : { counted: true }
          first = false
          return verdict
        },
        backoff: (attempt) => attempt * 3,
        onRetry: (_error, delay, attempt) => told.push([delay, attempt]),
      }),
    )
    expect(told).toEqual([
      [7, 2],
      [6, 3],
    ])
  })

  it('a cancel during a wait ends the loop with the cancel’s reason', async () => {
    const controller = new AbortController()
    const reason = new Error('cancelled')
    const { call } = scripted([new Flaky('counted')])
    const waited = retrying(call, policy({ backoff: () => 10_000, signal: controller.signal }))
    controller.abort(reason)
    await expect(waited).rejects.toBe(reason)
  })
})
