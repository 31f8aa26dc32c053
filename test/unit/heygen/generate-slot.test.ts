// When a generate call gives its render slot back under the plan's cap: a call retried after a backoff keeps it through
// the wait (its next attempt takes its place), while a 429 frees it before waiting its Retry-After, so the others may go.
import { MockAgent } from 'undici'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { HeyGenClient } from '../../../src/heygen/client.js'
import { RateLimitPause } from '../../../src/heygen/retry.js'

const ORIGIN = 'https://api.heygen.com'
const V3_PATH = '/v3/video-translations/proofreads/pr_1/generate'
const JSON_HEADERS = { 'content-type': 'application/json' }
const START = Date.parse('2026-03-10T12:00:00Z')

let agent: MockAgent

/** The pause, noting when (ms after the start) each generate call gave its slot back. */
class WatchedPause extends RateLimitPause {
  readonly freedAt: number[] = []
  override generated(videoTranslateId?: string): void {
    this.freedAt.push(Date.now() - START)
    super.generated(videoTranslateId)
  }
}

beforeEach(() => {
  agent = new MockAgent()
  agent.disableNetConnect()
  vi.useFakeTimers()
  vi.setSystemTime(START)
})

afterEach(async () => {
  vi.useRealTimers()
  await agent.close()
})

function generateOnV3(pause: RateLimitPause) {
  const client = new HeyGenClient({
    baseUrl: ORIGIN,
    apiKey: 'sk_test_slot',
    version: 'v3',
    transport: { userAgent: 'test', timeoutMs: 30_000, signal: new AbortController().signal, dispatcher: agent },
    pause,
    // No jitter: the first backoff is the one-second floor.
    random: () => 0,
  })
  return client.generate('pr_1', { captions: true, translate_audio_only: false }, 'gha-proofread:0123456789abcdef')
}

function answersThen(status: number, headers: Record<string, string>) {
  const heygen = agent.get(ORIGIN)
  heygen.intercept({ path: V3_PATH, method: 'POST' }).reply(status, { error: { code: 'x', message: 'not now' } }, { headers })
  heygen
    .intercept({ path: V3_PATH, method: 'POST' })
    .reply(200, { error: null, data: { video_translation_id: 'vt_1', status: 'processing' } }, { headers: JSON_HEADERS })
}

describe('the render slot of a retried generate call', () => {
  it('given a 503 with its key (v3), the slot is held through the backoff and freed once per attempt', async () => {
    answersThen(503, JSON_HEADERS)
    const pause = new WatchedPause()
    const running = generateOnV3(pause)
    await vi.advanceTimersByTimeAsync(999)
    expect(pause.freedAt).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(await running).toMatchObject({ videoTranslateId: 'vt_1' })
    expect(pause.freedAt).toEqual([1000, 1000])
  })

  it('given a 429 with Retry-After: 2, the slot is freed at once, before the wait', async () => {
    answersThen(429, { ...JSON_HEADERS, 'retry-after': '2' })
    const pause = new WatchedPause()
    const running = generateOnV3(pause)
    await vi.advanceTimersByTimeAsync(10)
    expect(pause.freedAt).toEqual([0])
    await vi.advanceTimersByTimeAsync(1_990)
    expect(await running).toMatchObject({ videoTranslateId: 'vt_1' })
    expect(pause.freedAt).toEqual([0, 2000])
  })
})
