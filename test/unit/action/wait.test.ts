// Waiting for the render: what the user sees in the log, and how often HeyGen is asked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { HeyGenError } from '../../../src/heygen/api-error.js'
import { type HeyGenClient, RetryableError } from '../../../src/heygen/client.js'
import { fromOutside, type RawStatus, type TranslationStatus } from '../../../src/heygen/status.js'
import type { Log } from '../../../src/action/runner/log.js'
import { LATE_LINK_POLLS, type WaitOutcome, waitForTranslation } from '../../../src/action/job/wait.js'
import { formatElapsed } from '../../../src/util/format.js'

const START = Date.parse('2026-03-10T12:00:00Z')

interface Recorded {
  log: Log
  info: string[]
  warnings: string[]
}

function recordingLog(): Recorded {
  const info: string[] = []
  const warnings: string[] = []
  return { log: { info: (m) => info.push(m), warning: (m) => warnings.push(m), debug: () => {} }, info, warnings }
}

/** A status answer as HeyGen sends it, through the border the client passes it through. */
function status(raw: string, extra: Partial<RawStatus> = {}): TranslationStatus {
  return fromOutside({ raw, ...extra })
}

const LINK = 'https://cdn.example/v.mp4'

/** A finished answer with its video link, as HeyGen sends it once the file is on its CDN. */
function done(raw = 'success'): TranslationStatus {
  return status(raw, { videoUrl: LINK })
}

/** A client whose getStatus answers with `answer(callNumber)`, recording when (in ms since START) it was asked; the step's deadline is `deadline`. */
function fakeClient(answer: (call: number) => TranslationStatus | Error, deadline = Number.POSITIVE_INFINITY) {
  const askedAt: number[] = []
  // eslint-disable-next-line @typescript-eslint/require-await -- async, so a thrown outcome is a rejected promise, as from the real client
  const getStatus = vi.fn(async (_id: string) => {
    askedAt.push(Date.now() - START)
    const outcome = answer(askedAt.length)
    if (outcome instanceof Error) throw outcome
    return outcome
  })
  return { client: { getStatus, deadline } as unknown as HeyGenClient, getStatus, askedAt }
}

function track(promise: Promise<WaitOutcome>) {
  const state: { outcome?: WaitOutcome; error?: unknown; settled: boolean } = { settled: false }
  promise.then(
    (outcome) => Object.assign(state, { outcome, settled: true }),
    (error: unknown) => Object.assign(state, { error, settled: true }),
  )
  return state
}

let controller: AbortController

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(START)
  controller = new AbortController()
})

afterEach(() => {
  vi.useRealTimers()
})

function options(recorded: Recorded, overrides: { timeoutMs?: number; pollIntervalMs?: number; progressEveryMs?: number } = {}) {
  return { timeoutMs: 3_600_000, pollIntervalMs: 15_000, signal: controller.signal, log: recorded.log, ...overrides }
}

describe('waitForTranslation', () => {
  it('given pending, running, running, then success, it polls every poll_interval and returns the success', async () => {
    const words = ['pending', 'running', 'running', 'success']
    const { client, askedAt } = fakeClient((n) => status(words[n - 1]!, n === 4 ? { videoUrl: 'https://cdn.example/v.mp4' } : {}))
    const recorded = recordingLog()
    const waiting = track(waitForTranslation(client, 'vt_1', options(recorded)))
    await vi.advanceTimersByTimeAsync(44_999)
    expect(waiting.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(waiting.outcome).toEqual({ done: true, status: { raw: 'success', state: 'success', videoUrl: 'https://cdn.example/v.mp4' } })
    expect(askedAt).toEqual([0, 15_000, 30_000, 45_000])
    expect(recorded.info).toEqual(['vt_1: pending after 0s', 'vt_1: running after 15s'])
    expect(recorded.warnings).toEqual([])
  })

  it('given failed, it returns at once with HeyGen reason', async () => {
    const { client, getStatus } = fakeClient(() => status('failed', { message: 'Source video is corrupt' }))
    const outcome = await waitForTranslation(client, 'vt_1', options(recordingLog()))
    expect(outcome).toEqual({ done: true, status: { raw: 'failed', state: 'failed', message: 'Source video is corrupt' } })
    expect(getStatus).toHaveBeenCalledTimes(1)
    expect(getStatus).toHaveBeenCalledWith('vt_1')
  })

  it('given v3 completed, it is done', async () => {
    const { client } = fakeClient(() => done('completed'))
    expect(await waitForTranslation(client, 'vt_1', options(recordingLog()))).toMatchObject({ done: true, status: { state: 'success' } })
  })

  it("given succeeded (HeyGen's skill), it is done", async () => {
    const { client, getStatus } = fakeClient(() => done('succeeded'))
    const recorded = recordingLog()
    expect(await waitForTranslation(client, 'vt_1', options(recorded))).toEqual({ done: true, status: done('succeeded') })
    expect(getStatus).toHaveBeenCalledTimes(1)
    expect(recorded.warnings).toEqual([])
  })

  it('given succeeded without a link, then with it one poll later, it asks again at poll_interval and returns the linked answer', async () => {
    const { client, askedAt } = fakeClient((n) => (n === 1 ? status('succeeded') : done('succeeded')))
    const recorded = recordingLog()
    const waiting = track(waitForTranslation(client, 'vt_1', options(recorded)))
    await vi.advanceTimersByTimeAsync(15_000)
    expect(waiting.outcome).toEqual({ done: true, status: done('succeeded') })
    expect(askedAt).toEqual([0, 15_000])
    expect(recorded.info[0]).toBe(`HeyGen reported vt_1 succeeded without a video link yet; asking again (1 of ${LATE_LINK_POLLS})`)
  })

  it('given a success that never brings its link, it asks LATE_LINK_POLLS more times, then returns it for the caller to report', async () => {
    const { client, getStatus } = fakeClient(() => status('succeeded'))
    const waiting = track(waitForTranslation(client, 'vt_1', options(recordingLog())))
    await vi.advanceTimersByTimeAsync(15_000 * LATE_LINK_POLLS)
    expect(waiting.outcome).toEqual({ done: true, status: status('succeeded') })
    expect(getStatus).toHaveBeenCalledTimes(LATE_LINK_POLLS + 1)
  })

  it('given a linkless success near wait_timeout, it stops at the deadline with the success (never waits past it)', async () => {
    const { client, getStatus } = fakeClient(() => status('completed'))
    const waiting = track(waitForTranslation(client, 'vt_1', options(recordingLog(), { timeoutMs: 20_000 })))
    await vi.advanceTimersByTimeAsync(20_000)
    expect(waiting.outcome).toEqual({ done: true, status: status('completed') })
    // At 0 s, 15 s and the deadline (20 s): never after it.
    expect(getStatus).toHaveBeenCalledTimes(3)
  })

  it('given an undocumented word many times, the user is warned exactly once and the wait goes on', async () => {
    const { client, getStatus } = fakeClient((n) => (n <= 10 ? status('queued_for_gpu') : done()))
    const recorded = recordingLog()
    const waiting = track(waitForTranslation(client, 'vt_1', options(recorded, { pollIntervalMs: 1_000 })))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(waiting.outcome).toMatchObject({ done: true, status: { raw: 'success' } })
    expect(getStatus).toHaveBeenCalledTimes(11)
    expect(recorded.warnings).toHaveLength(1)
    expect(recorded.warnings[0]).toContain('"queued_for_gpu"')
    expect(recorded.warnings[0]).toContain('still in progress')
  })

  it('given 60 polls of running at 1 s, the log gets a couple of progress lines, not one per poll', async () => {
    const { client, getStatus } = fakeClient(() => status('running'))
    const recorded = recordingLog()
    const waiting = track(waitForTranslation(client, 'vt_1', options(recorded, { pollIntervalMs: 1_000, timeoutMs: 120_000 })))
    await vi.advanceTimersByTimeAsync(120_000)
    expect(waiting.settled).toBe(true)
    expect(getStatus).toHaveBeenCalledTimes(121)
    expect(recorded.info).toEqual(['vt_1: running after 0s', 'vt_1: running after 1m 0s', 'vt_1: running after 2m 0s'])
  })

  it('a change of status is logged at once, even between progress lines', async () => {
    const { client } = fakeClient((n) => (n < 3 ? status('pending') : n < 6 ? status('running') : done()))
    const recorded = recordingLog()
    const waiting = track(waitForTranslation(client, 'vt_1', options(recorded, { pollIntervalMs: 2_000 })))
    await vi.advanceTimersByTimeAsync(10_000)
    expect(waiting.settled).toBe(true)
    expect(recorded.info).toEqual(['vt_1: pending after 0s', 'vt_1: running after 4s'])
  })

  it('given status calls failing for a minute, HeyGen is never asked more often than poll_interval', async () => {
    const { client, askedAt } = fakeClient(() => new RetryableError('Checking video_translate_id vt_1: HTTP 503', false))
    const recorded = recordingLog()
    track(waitForTranslation(client, 'vt_1', options(recorded, { pollIntervalMs: 5_000 })))
    await vi.advanceTimersByTimeAsync(60_000)
    expect(askedAt.length).toBeGreaterThanOrEqual(5)
    expect(askedAt.length).toBeLessThanOrEqual(13)
    const gaps = askedAt.slice(1).map((t, i) => t - askedAt[i]!)
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(5_000)
    // Warned on the first failure and every fifth, not on each.
    expect(recorded.warnings.length).toBeLessThan(askedAt.length)
    expect(recorded.warnings[0]).toContain('HTTP 503; trying again (failure 1)')
  })

  it('given a failure with Retry-After 30 s, the next status call waits 30 s, not poll_interval', async () => {
    const { client, askedAt } = fakeClient((n) => (n === 1 ? new RetryableError('HTTP 429 rate limited', false, 30_000) : done()))
    const recorded = recordingLog()
    const waiting = track(waitForTranslation(client, 'vt_1', options(recorded, { pollIntervalMs: 5_000 })))
    await vi.advanceTimersByTimeAsync(29_999)
    expect(askedAt).toEqual([0])
    await vi.advanceTimersByTimeAsync(1)
    expect(askedAt).toEqual([0, 30_000])
    expect(waiting.outcome).toMatchObject({ done: true })
    expect(recorded.info).toContain('Status calls answer again after 1 failure(s)')
  })

  it('given running until the deadline, it returns timeout with the last status, at the deadline', async () => {
    const { client } = fakeClient(() => status('running'))
    const waiting = track(waitForTranslation(client, 'vt_1', options(recordingLog(), { timeoutMs: 50_000, pollIntervalMs: 15_000 })))
    await vi.advanceTimersByTimeAsync(49_999)
    expect(waiting.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(waiting.outcome).toEqual({ done: false, reason: 'timeout', last: { raw: 'running', state: 'running' } })
  })

  it("a wait that starts late ends at the step's deadline (wait_timeout counts from the step's start), not a full wait_timeout later", async () => {
    const { client } = fakeClient(() => status('running'), Date.now() + 20_000)
    const waiting = track(waitForTranslation(client, 'vt_1', options(recordingLog(), { timeoutMs: 50_000, pollIntervalMs: 15_000 })))
    await vi.advanceTimersByTimeAsync(19_999)
    expect(waiting.settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(waiting.outcome).toEqual({ done: false, reason: 'timeout', last: { raw: 'running', state: 'running' } })
  })

  it('a failed status call is not retried sooner than a second to fit one more call in before the deadline', async () => {
    const { client, askedAt } = fakeClient(() => new RetryableError('HTTP 429 rate limited', false, 1_000))
    const waiting = track(waitForTranslation(client, 'vt_1', options(recordingLog(), { timeoutMs: 2_500, pollIntervalMs: 100 })))
    await vi.advanceTimersByTimeAsync(3_000)
    expect(askedAt).toEqual([0, 1_000, 2_000])
    expect(waiting.outcome).toEqual({ done: false, reason: 'timeout' })
  })

  it('given no status answer at all before the deadline, it returns timeout without a last status', async () => {
    const { client } = fakeClient(() => new RetryableError('connection refused', false))
    const waiting = track(waitForTranslation(client, 'vt_1', options(recordingLog(), { timeoutMs: 20_000, pollIntervalMs: 5_000 })))
    await vi.advanceTimersByTimeAsync(20_000)
    expect(waiting.outcome).toEqual({ done: false, reason: 'timeout' })
  })

  it('given a failure waiting cannot fix (401), it is thrown at once', async () => {
    const denied = new HeyGenError('Checking video_translate_id vt_1 failed: HeyGen answered HTTP 401', { status: 401, mayHaveStarted: false })
    const { client, getStatus } = fakeClient(() => denied)
    await expect(waitForTranslation(client, 'vt_1', options(recordingLog()))).rejects.toBe(denied)
    expect(getStatus).toHaveBeenCalledTimes(1)
  })

  it('given a status call cancelled with the step, it is thrown at once', async () => {
    const cancelled = new RetryableError('Checking video_translate_id vt_1: the step was cancelled', true)
    const { client, getStatus } = fakeClient(() => cancelled)
    await expect(waitForTranslation(client, 'vt_1', options(recordingLog()))).rejects.toBe(cancelled)
    expect(getStatus).toHaveBeenCalledTimes(1)
  })

  it('a cancel between polls rejects at once with the cancel reason, without another status call', async () => {
    const { client, getStatus } = fakeClient(() => status('running'))
    const waiting = track(waitForTranslation(client, 'vt_1', options(recordingLog(), { pollIntervalMs: 60_000 })))
    await vi.advanceTimersByTimeAsync(1_000)
    const reason = new Error('the step was cancelled (SIGINT)')
    controller.abort(reason)
    await vi.advanceTimersByTimeAsync(0)
    expect(waiting.settled).toBe(true)
    expect(waiting.error).toBe(reason)
    expect(getStatus).toHaveBeenCalledTimes(1)
  })
})

describe('formatElapsed', () => {
  it.each([
    [0, '0s'],
    [5_000, '5s'],
    [75_000, '1m 15s'],
    [3_600_000, '1h 0m'],
    [3_725_000, '1h 2m'],
  ])('%i ms reads as %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text)
  })
})
