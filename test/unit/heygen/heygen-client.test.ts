// What the action sends to HeyGen, and what the user sees for each answer HeyGen may give.
// HeyGen is an undici MockAgent: nothing leaves the machine, and every request is recorded.
import { MockAgent } from 'undici'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { HeyGenError } from '../../../src/heygen/api-error.js'
import { HeyGenClient, RetryableError } from '../../../src/heygen/client.js'
import type { ApiVersion, GenerateRequest } from '../../../src/heygen/request.js'
import { MAX_ATTEMPTS, RateLimitPause } from '../../../src/heygen/retry.js'

const ORIGIN = 'https://api.heygen.com'
const KEY = 'sk_test_NeverShowThisKey'
const USER_AGENT = 'heygen-proofread-generate-action/test'
const BODY: GenerateRequest = { captions: true, translate_audio_only: false }
const IDEMPOTENCY_KEY = 'gha-proofread:0123456789abcdef'
const V2_PATH = '/v2/video_translate/proofread/pr_1/generate'
const V3_PATH = '/v3/video-translations/proofreads/pr_1/generate'
const JSON_HEADERS = { 'content-type': 'application/json' }

let agent: MockAgent
let controller: AbortController
let retries: string[]

beforeEach(() => {
  agent = new MockAgent({ enableCallHistory: true })
  agent.disableNetConnect()
  controller = new AbortController()
  retries = []
})

afterEach(async () => {
  vi.useRealTimers()
  await agent.close()
})

function makeClient(version: ApiVersion, options: { pause?: RateLimitPause; timeoutMs?: number } = {}): HeyGenClient {
  return new HeyGenClient({
    baseUrl: ORIGIN,
    apiKey: KEY,
    version,
    transport: { userAgent: USER_AGENT, timeoutMs: options.timeoutMs ?? 30_000, signal: controller.signal, dispatcher: agent },
    pause: options.pause ?? new RateLimitPause(),
    onRetry: (message) => retries.push(message),
    // No jitter: backoff waits are 1000, 1000, 2000, 4000, 7500 ms (the floor is a second).
    random: () => 0,
  })
}

const heygen = () => agent.get(ORIGIN)
const calls = () => agent.getCallHistory()?.calls() ?? []
const header = (index: number, name: string) => calls()[index]?.headers?.[name]

function generateSucceeds(path = V2_PATH, id = 'vt_1') {
  heygen()
    .intercept({ path, method: 'POST' })
    .reply(200, { error: null, data: { video_translate_id: id, status: 'processing' } }, { headers: JSON_HEADERS })
}

function socketError(code: string, message = 'other side closed'): Error {
  return Object.assign(new Error(message), { code })
}

/** Lets fake time run (in steps) until the promise settles; returns its value or the error it threw. */
async function settle<T>(promise: Promise<T>, stepMs = 250, maxMs = 10 * 60_000): Promise<T | Error> {
  let done = false
  const outcome = promise.then(
    (value) => {
      done = true
      return value
    },
    (error: Error) => {
      done = true
      return error
    },
  )
  for (let elapsed = 0; !done && elapsed < maxMs; elapsed += stepMs) await vi.advanceTimersByTimeAsync(stepMs)
  return outcome
}

/** The HeyGenError a call ends with; fails the test if it ends otherwise. */
async function heygenErrorOf(promise: Promise<unknown>): Promise<HeyGenError> {
  const outcome = await settle(promise)
  expect(outcome).toBeInstanceOf(HeyGenError)
  const error = outcome as HeyGenError
  expect(error.message).not.toContain(KEY)
  return error
}

describe('generate on v2', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })

  it('given HeyGen accepts, the user gets the new video_translate_id, sent with the key, user agent and JSON body', async () => {
    generateSucceeds()
    const generated = await makeClient('v2').generate('pr_1', BODY)
    expect(generated).toEqual({ videoTranslateId: 'vt_1', status: 'processing' })
    expect(calls()).toHaveLength(1)
    const call = calls()[0]!
    expect(call.method).toBe('POST')
    expect(call.fullUrl).toBe(`${ORIGIN}${V2_PATH}`)
    expect(header(0, 'x-api-key')).toBe(KEY)
    expect(header(0, 'user-agent')).toBe(USER_AGENT)
    expect(header(0, 'content-type')).toBe('application/json')
    expect(header(0, 'idempotency-key')).toBeUndefined()
    expect(JSON.parse(call.body as string)).toEqual({ captions: true, translate_audio_only: false })
  })

  it('sends the callback fields only when the user set them', async () => {
    generateSucceeds()
    await makeClient('v2').generate('pr_1', {
      captions: false,
      translate_audio_only: true,
      callback_id: 'cb-7',
      callback_url: 'https://example.com/hook',
    })
    expect(JSON.parse(calls()[0]!.body as string)).toEqual({
      captions: false,
      translate_audio_only: true,
      callback_id: 'cb-7',
      callback_url: 'https://example.com/hook',
    })
  })

  it('without callback fields the body has no empty callback_id/callback_url', async () => {
    generateSucceeds()
    await makeClient('v2').generate('pr_1', { captions: false, translate_audio_only: false })
    expect(calls()[0]!.body).toBe('{"captions":false,"translate_audio_only":false}')
  })

  it('sends the proofread id ../../v1/x as one encoded path segment, so it cannot reach another route', async () => {
    const path = '/v2/video_translate/proofread/..%2F..%2Fv1%2Fx/generate'
    generateSucceeds(path)
    const client = makeClient('v2')
    expect(client.generateUrl('../../v1/x')).toBe(`${ORIGIN}${path}`)
    await client.generate('../../v1/x', BODY)
    expect(calls().map((call) => call.path)).toEqual([path])
  })

  it('reads the status word HeyGen sends back, and says processing when it sends none', async () => {
    heygen()
      .intercept({ path: V2_PATH, method: 'POST' })
      .reply(200, { data: { video_translate_id: 'vt_9' } }, { headers: JSON_HEADERS })
    expect(await makeClient('v2').generate('pr_1', BODY)).toEqual({ videoTranslateId: 'vt_9', status: 'processing' })
  })
})

describe('generate on v3', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })

  it('given HeyGen accepts, the request carries the Idempotency-Key and the answer video_translation_id is read', async () => {
    heygen()
      .intercept({ path: V3_PATH, method: 'POST' })
      .reply(200, { data: { video_translation_id: 'vt_3', status: 'processing' } }, { headers: JSON_HEADERS })
    const generated = await makeClient('v3').generate('pr_1', BODY, IDEMPOTENCY_KEY)
    expect(generated).toEqual({ videoTranslateId: 'vt_3', status: 'processing' })
    expect(calls()[0]!.fullUrl).toBe(`${ORIGIN}${V3_PATH}`)
    expect(header(0, 'idempotency-key')).toBe(IDEMPOTENCY_KEY)
    expect(header(0, 'x-api-key')).toBe(KEY)
    expect(header(0, 'user-agent')).toBe(USER_AGENT)
    expect(header(0, 'content-type')).toBe('application/json')
    expect(JSON.parse(calls()[0]!.body as string)).toEqual({ captions: true, translate_audio_only: false })
  })

  it('encodes the proofread id into one path segment too', () => {
    expect(makeClient('v3').generateUrl('../../v1/x')).toBe(`${ORIGIN}/v3/video-translations/proofreads/..%2F..%2Fv1%2Fx/generate`)
  })
})

describe('what the user reads when generate fails', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })

  function generateAnswers(status: number, body: unknown, headers: Record<string, string> = JSON_HEADERS, path = V2_PATH) {
    heygen()
      .intercept({ path, method: 'POST' })
      .reply(status, typeof body === 'string' ? body : JSON.stringify(body), { headers })
  }

  it.each([
    [400, { error: 'Proofread is not approved yet' }, 'HTTP 400', 'Proofread is not approved yet', undefined],
    [
      401,
      { error: { code: 'authentication_failed', message: 'Invalid or expired API key.', param: null } },
      'HTTP 401',
      // HeyGen's words (the transport took the key out of them), then what a 401 means here.
      'authentication_failed: Invalid or expired API key.; the key was refused: check the secret',
      'authentication_failed',
    ],
    [402, { code: 400175, message: 'Insufficient credits' }, 'HTTP 402', '400175: Insufficient credits', '400175'],
    [
      403,
      { error: { code: 'forbidden', message: 'Not your proofread' } },
      'HTTP 403',
      "forbidden: Not your proofread; the key's plan does not include this, or the key has no access to it: generating from a proofread needs a HeyGen API plan with video translation (pay-as-you-go API credits or an Enterprise plan); check the plan and the key in HeyGen's API settings",
      'forbidden',
    ],
    [404, { error: { code: 'not_found', message: 'Proofread not found.' } }, 'HTTP 404', 'not_found: Proofread not found.', 'not_found'],
    [
      400,
      {
        error: {
          code: 'invalid_parameter',
          message: 'callback_url must be https',
          param: 'callback_url',
          doc_url: 'https://docs.heygen.com/reference/errors#invalid_parameter',
        },
      },
      'HTTP 400',
      'invalid_parameter: callback_url must be https (param: callback_url) (see https://docs.heygen.com/reference/errors#invalid_parameter)',
      'invalid_parameter',
    ],
    [
      400,
      { error: { code: 'invalid_parameter', message: 'bad', doc_url: 'javascript:alert(1)' } },
      'HTTP 400',
      'invalid_parameter: bad (see "javascript:alert(1)")',
      'invalid_parameter',
    ],
    [409, { error: { code: 'conflict', message: 'Already generating' } }, 'HTTP 409', 'conflict: Already generating', 'conflict'],
  ])(
    'HTTP %i with %j: the message has the status and HeyGen words, nothing was started, nothing retried',
    async (status, body, statusText, said, code) => {
      generateAnswers(status, body)
      const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY))
      expect(error.message).toContain(statusText)
      expect(error.message).toContain(said)
      expect(error.message).toContain('proofread pr_1')
      // A 404 on v2's generate route is what a retired v2 answers: api_version auto goes on with v3 on it.
      expect(error.details).toEqual({ status, mayHaveStarted: false, ...(code ? { code } : {}), ...(status === 404 ? { routeGone: true } : {}) })
      expect(calls()).toHaveLength(1)
    },
  )

  it('HTTP 500 on v2 is reported as maybe started (it may have spent credits) and is not sent again', async () => {
    generateAnswers(500, { error: { code: 'internal_error', message: 'Something broke' } })
    const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY))
    expect(error.message).toContain('HTTP 500')
    expect(error.message).toContain('internal_error: Something broke')
    expect(error.details.mayHaveStarted).toBe(true)
    expect(calls()).toHaveLength(1)
  })

  it('includes the X-Request-Id so the user can quote it to HeyGen support', async () => {
    generateAnswers(400, { error: 'bad' }, { ...JSON_HEADERS, 'x-request-id': 'req_7f3a9' })
    const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY))
    expect(error.message).toContain('(X-Request-Id: req_7f3a9)')
    expect(error.details.requestId).toBe('req_7f3a9')
  })

  it('an HTML 502 page is reported as a short excerpt of its text, without tags or a JSON parser error', async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head><body><h1>502 Bad Gateway</h1><p>${'upstream unavailable '.repeat(40)}</p></body></html>`
    generateAnswers(502, page, { 'content-type': 'text/html' })
    const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY))
    expect(error.message).toContain('HTTP 502')
    expect(error.message).toContain('502 Bad Gateway')
    expect(error.message).not.toMatch(/<[a-z!/]/i)
    expect(error.message).not.toContain('color:red')
    expect(error.message).not.toContain('Unexpected token')
    expect(error.message).not.toContain('SyntaxError')
    expect(error.message).not.toContain('is not valid JSON')
    expect(error.message.length).toBeLessThan(400)
    expect(error.details.mayHaveStarted).toBe(true)
    expect(calls()).toHaveLength(1)
  })

  it('malformed JSON with 200 is reported as maybe started, without a parser error', async () => {
    generateAnswers(200, '{"data": {"video_translate_id": "vt_', JSON_HEADERS)
    const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY))
    expect(error.message).toContain('HTTP 200')
    expect(error.message).toContain('not JSON')
    expect(error.message).not.toContain('Unexpected')
    expect(error.message).not.toContain('SyntaxError')
    expect(error.details).toEqual({ status: 200, mayHaveStarted: true })
  })

  it('a 200 HTML page (a proxy login page, say) is reported as maybe started with a short text excerpt, not raw markup', async () => {
    generateAnswers(200, '<!DOCTYPE html>\n<html lang="en">\n<head><title>Sign in to the corporate proxy</title></head>\n<body>...</body></html>', {
      'content-type': 'text/html',
    })
    const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY))
    expect(error.details.mayHaveStarted).toBe(true)
    expect(error.message).toContain('Sign in to the corporate proxy')
    expect(error.message).not.toMatch(/<[a-z!/]/i)
  })

  it('200 with an error set is a failure with HeyGen words', async () => {
    generateAnswers(200, { error: 'proofread pr_1 has no approved translation', data: null })
    const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY))
    expect(error.message).toContain('HTTP 200')
    expect(error.message).toContain('proofread pr_1 has no approved translation')
    expect(error.details.status).toBe(200)
  })

  it('200 without any id is reported as maybe started (HeyGen accepted something)', async () => {
    generateAnswers(200, { error: null, data: { status: 'processing' } }, { ...JSON_HEADERS, 'x-request-id': 'req_1' })
    const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY))
    expect(error.message).toContain('without a video_translate_id')
    expect(error.details).toEqual({ status: 200, mayHaveStarted: true, requestId: 'req_1' })
  })

  it.each([404, 410])('HTTP %i on v2 tells the user to switch to api_version: v3', async (status) => {
    generateAnswers(status, { error: 'Not Found' })
    const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY))
    expect(error.message).toContain('api_version: v3')
  })

  it.each([
    ['v2', 500, V2_PATH, { error: 'internal', data: { video_translate_id: 'vt_named', status: 'processing' } }],
    ['v2', 410, V2_PATH, { error: 'gone', data: { video_translate_id: 'vt_named' } }],
    ['v3', 422, V3_PATH, { error: { code: 'unprocessable', message: 'x' }, data: { video_translation_id: 'vt_named' } }],
    ['v3', 500, V3_PATH, { error: { code: 'internal', message: 'x' }, data: { video_translation_id: 'vt_named' } }],
  ] as const)('%s HTTP %i that names a job: a job that may exist, with its id, never retried nor "gone"', async (version, status, path, body) => {
    generateAnswers(status, body, JSON_HEADERS, path)
    const error = await heygenErrorOf(makeClient(version).generate('pr_1', BODY, IDEMPOTENCY_KEY))
    expect(error.details).toMatchObject({ status, mayHaveStarted: true, videoTranslateId: 'vt_named' })
    expect(error.details.routeGone).toBeUndefined()
    expect(calls()).toHaveLength(1)
  })

  it('HTTP 404 on v3 gives no such hint', async () => {
    generateAnswers(404, { error: { code: 'not_found', message: 'Proofread not found.' } }, JSON_HEADERS, V3_PATH)
    const error = await heygenErrorOf(makeClient('v3').generate('pr_1', BODY, IDEMPOTENCY_KEY))
    expect(error.message).toContain('not_found: Proofread not found.')
    expect(error.message).not.toContain('api_version')
  })

  it('a redirect is not followed (the key must never travel to another host) and is reported', async () => {
    heygen()
      .intercept({ path: V2_PATH, method: 'POST' })
      .reply(302, '', { headers: { location: 'https://elsewhere.example/steal' } })
    const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY))
    expect(error.message).toContain('HTTP 302')
    expect(calls().map((call) => call.origin)).toEqual([ORIGIN])
  })
})

describe('v2 retries: only what cannot pay twice', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(Date.parse('2026-03-10T12:00:00Z'))
  })

  it('given a 429 with Retry-After: 7, the call is sent again after 7 s, not before, and succeeds', async () => {
    heygen()
      .intercept({ path: V2_PATH, method: 'POST' })
      .reply(429, { error: 'Too many requests' }, { headers: { ...JSON_HEADERS, 'retry-after': '7' } })
    generateSucceeds()
    const running = makeClient('v2').generate('pr_1', BODY)
    await vi.advanceTimersByTimeAsync(6_999)
    expect(calls()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(await running).toEqual({ videoTranslateId: 'vt_1', status: 'processing' })
    expect(calls()).toHaveLength(2)
    expect(retries).toHaveLength(1)
    expect(retries[0]).toContain('429')
    expect(retries[0]).toContain('7.0 s')
  })

  it('given a 429 with Retry-After as an HTTP date 10 s ahead, the call is sent again after 10 s', async () => {
    heygen()
      .intercept({ path: V2_PATH, method: 'POST' })
      .reply(429, { error: 'Too many requests' }, { headers: { ...JSON_HEADERS, 'retry-after': 'Tue, 10 Mar 2026 12:00:10 GMT' } })
    generateSucceeds()
    const running = makeClient('v2').generate('pr_1', BODY)
    await vi.advanceTimersByTimeAsync(9_999)
    expect(calls()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect((await running).videoTranslateId).toBe('vt_1')
    expect(calls()).toHaveLength(2)
  })

  it('a 429 on one proofread costs that call its Retry-After; the calls of the others sharing the step go on at once', async () => {
    const pause = new RateLimitPause()
    heygen()
      .intercept({ path: V2_PATH, method: 'POST' })
      .reply(429, {}, { headers: { 'retry-after': '5' } })
    generateSucceeds()
    heygen()
      .intercept({ path: '/v2/video_translate/vt_other', method: 'GET' })
      .reply(200, { data: { status: 'running' } }, { headers: JSON_HEADERS })
    const generating = makeClient('v2', { pause }).generate('pr_1', BODY)
    await vi.advanceTimersByTimeAsync(10)
    const checking = makeClient('v2', { pause }).getStatus('vt_other')
    await vi.advanceTimersByTimeAsync(10)
    expect(calls().map((call) => call.method)).toEqual(['POST', 'GET'])
    await vi.advanceTimersByTimeAsync(4_900)
    expect(calls()).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(100)
    await Promise.all([generating, checking])
    expect(calls()).toHaveLength(3)
  })

  it('a 429 without Retry-After backs off and retries', async () => {
    heygen().intercept({ path: V2_PATH, method: 'POST' }).reply(429, {})
    generateSucceeds()
    const running = makeClient('v2').generate('pr_1', BODY)
    await vi.advanceTimersByTimeAsync(100)
    expect(calls()).toHaveLength(1)
    expect((await settle(running)) as unknown).toEqual({ videoTranslateId: 'vt_1', status: 'processing' })
    expect(calls()).toHaveLength(2)
  })

  it("a 429 that never ends is retried (not a number of times) until the step's deadline, then reported: nothing was paid", async () => {
    heygen()
      .intercept({ path: V2_PATH, method: 'POST' })
      .reply(429, { error: 'Too many requests' }, { headers: { 'retry-after': '1' } })
      .persist()
    // Attempts at 0, 1, 2 and 3 s; a fifth would come after the deadline at 3.5 s.
    const pause = new RateLimitPause({ deadline: Date.now() + 3_500 })
    const error = await heygenErrorOf(makeClient('v2', { pause }).generate('pr_1', BODY))
    expect(calls()).toHaveLength(4)
    expect(error.message).toContain('HeyGen was still rate-limiting (429)')
    expect(error.message).toContain('nothing was paid for this proofread')
    expect(error.details.mayHaveStarted).toBe(false)
  })

  it.each([
    [
      'v3 quota_exceeded',
      'v3' as const,
      V3_PATH,
      { error: { code: 'quota_exceeded', message: 'Monthly API quota exhausted.', param: null, doc_url: null } },
    ],
    // A live v2 capture (API-NOTES.md): a trial key's daily limit.
    [
      'v2 trial_video_limit_exceeded',
      'v2' as const,
      V2_PATH,
      { error: { code: 'trial_video_limit_exceeded', message: "It seems you've reached your daily api trial limit 5." }, data: null },
    ],
  ])('a 429 %s is a used-up quota: one call, failed at once with HeyGen words and what to do, nothing paid', async (_, version, path, body) => {
    heygen()
      .intercept({ path, method: 'POST' })
      .reply(429, body, { headers: { ...JSON_HEADERS, 'retry-after': '30', 'x-request-id': 'req-q1' } })
      .persist()
    const pause = new RateLimitPause({ deadline: Date.now() + 45 * 60_000 })
    const started = Date.now()
    const error = await heygenErrorOf(makeClient(version, { pause }).generate('pr_1', BODY, IDEMPOTENCY_KEY))
    // No wait at all (fake time): not the Retry-After, not a backoff.
    expect(Date.now() - started).toBeLessThan(1000)
    expect(calls()).toHaveLength(1)
    expect(retries).toEqual([])
    expect(error.details).toMatchObject({ status: 429, quotaExceeded: true, mayHaveStarted: false })
    expect(error.message).toContain(`HTTP 429 Too Many Requests with ${body.error.code}: ${body.error.message}`)
    expect(error.message).toContain('a used-up quota, not a rate limit')
    expect(error.message).toContain('X-Request-Id: req-q1')
    expect(error.message).not.toContain('rate-limiting')
  })

  it('a 429 with an unknown code keeps being waited out like a rate limit', async () => {
    heygen()
      .intercept({ path: V3_PATH, method: 'POST' })
      .reply(429, { error: { code: 'concurrency_limit_exceeded', message: 'Too many jobs' } }, { headers: { ...JSON_HEADERS, 'retry-after': '2' } })
    heygen()
      .intercept({ path: V3_PATH, method: 'POST' })
      .reply(200, { data: { video_translation_id: 'vt_3' } }, { headers: JSON_HEADERS })
    const result = await settle(makeClient('v3').generate('pr_1', BODY, IDEMPOTENCY_KEY))
    expect(result).toEqual({ videoTranslateId: 'vt_3', status: 'processing' })
    expect(calls()).toHaveLength(2)
  })

  it('a quota 429 on a free status call fails it at once instead of being retried', async () => {
    heygen()
      .intercept({ path: '/v3/video-translations/vt_1', method: 'GET' })
      .reply(429, { error: { code: 'quota_exceeded', message: 'Quota used up' } }, { headers: JSON_HEADERS })
    const error = await heygenErrorOf(makeClient('v3').getStatus('vt_1'))
    expect(error).not.toBeInstanceOf(RetryableError)
    expect(error.details.quotaExceeded).toBe(true)
  })

  it.each([
    ['HTTP 500', (scope: ReturnType<typeof heygen>) => scope.intercept({ path: V2_PATH, method: 'POST' }).reply(500, { error: 'internal' })],
    [
      'an HTML HTTP 502',
      (scope: ReturnType<typeof heygen>) =>
        scope
          .intercept({ path: V2_PATH, method: 'POST' })
          .reply(502, '<html><body>Bad Gateway</body></html>', { headers: { 'content-type': 'text/html' } }),
    ],
    ['HTTP 503', (scope: ReturnType<typeof heygen>) => scope.intercept({ path: V2_PATH, method: 'POST' }).reply(503, { error: 'unavailable' })],
    [
      'a connection reset',
      (scope: ReturnType<typeof heygen>) => scope.intercept({ path: V2_PATH, method: 'POST' }).replyWithError(socketError('UND_ERR_SOCKET')),
    ],
    [
      'ECONNRESET',
      (scope: ReturnType<typeof heygen>) =>
        scope.intercept({ path: V2_PATH, method: 'POST' }).replyWithError(socketError('ECONNRESET', 'read ECONNRESET')),
    ],
    [
      'a server that stopped answering',
      (scope: ReturnType<typeof heygen>) =>
        scope.intercept({ path: V2_PATH, method: 'POST' }).replyWithError(socketError('UND_ERR_HEADERS_TIMEOUT', 'Headers Timeout Error')),
    ],
  ])('given %s, the paid call is sent exactly once and reported as maybe started', async (_case, answer) => {
    answer(heygen())
    generateSucceeds() // would be taken by a second attempt
    const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY))
    expect(calls()).toHaveLength(1)
    expect(error.details.mayHaveStarted).toBe(true)
    expect(retries).toEqual([])
  })

  it('given a network failure after sending, the failure is marked as maybe started (the step then says it was not sent again)', async () => {
    heygen().intercept({ path: V2_PATH, method: 'POST' }).replyWithError(socketError('UND_ERR_SOCKET'))
    const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY))
    expect(error.message).toContain('the connection was closed before an answer came')
    expect(error.details.mayHaveStarted).toBe(true)
    expect(calls()).toHaveLength(1)
  })

  it('given no complete answer within request_timeout, the call is sent once and reported as maybe started', async () => {
    heygen()
      .intercept({ path: V2_PATH, method: 'POST' })
      .reply(200, { data: { video_translate_id: 'vt_late' } })
      .delay(600_000)
    // request_timeout is enforced by AbortSignal.timeout, a real 5 ms timer; the reply stays behind a fake one.
    const error = await makeClient('v2', { timeoutMs: 5 })
      .generate('pr_1', BODY)
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HeyGenError)
    expect((error as HeyGenError).message).toContain('request_timeout')
    expect((error as HeyGenError).details.mayHaveStarted).toBe(true)
    expect(calls()).toHaveLength(1)
  })

  it('given connection refused (nothing left the machine), the call is retried and succeeds', async () => {
    heygen().intercept({ path: V2_PATH, method: 'POST' }).replyWithError(socketError('ECONNREFUSED', 'connect ECONNREFUSED 1.2.3.4:443'))
    generateSucceeds()
    const outcome = await settle(makeClient('v2').generate('pr_1', BODY))
    expect(outcome).toEqual({ videoTranslateId: 'vt_1', status: 'processing' })
    expect(calls()).toHaveLength(2)
    expect(retries[0]).toContain('connection refused')
  })

  it('given connection refused every time, it retries until the deadline, a second or more apart, saying nothing was paid', async () => {
    heygen().intercept({ path: V2_PATH, method: 'POST' }).replyWithError(socketError('ECONNREFUSED', 'connect ECONNREFUSED')).persist()
    // Without jitter the waits are 1, 1, 2 s: attempts at 0, 1 and 2 s; the next would be at 4 s, past the deadline.
    const pause = new RateLimitPause({ deadline: Date.now() + 3_500 })
    const error = await heygenErrorOf(makeClient('v2', { pause }).generate('pr_1', BODY))
    expect(calls()).toHaveLength(3)
    expect(retries.map((r) => r.replace(/.*trying again in /, ''))).toEqual(['1.0 s', '1.0 s'])
    expect(error.message).toContain('HeyGen was still refusing connections')
    expect(error.message).toContain('nothing was paid')
    expect(error.details.mayHaveStarted).toBe(false)
  })

  it('given a DNS failure, the call is retried (nothing was sent)', async () => {
    heygen().intercept({ path: V2_PATH, method: 'POST' }).replyWithError(socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND api.heygen.com'))
    generateSucceeds()
    expect(await settle(makeClient('v2').generate('pr_1', BODY))).toEqual({ videoTranslateId: 'vt_1', status: 'processing' })
    expect(calls()).toHaveLength(2)
  })

  it('a backoff retry waits the one-second floor first, not less', async () => {
    heygen().intercept({ path: V2_PATH, method: 'POST' }).replyWithError(socketError('ECONNREFUSED', 'refused'))
    generateSucceeds()
    const running = makeClient('v2').generate('pr_1', BODY)
    await vi.advanceTimersByTimeAsync(999)
    expect(calls()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    await running
    expect(calls()).toHaveLength(2)
  })

  it('a cancelled step stops a generate call and is reported as maybe started', async () => {
    heygen()
      .intercept({ path: V2_PATH, method: 'POST' })
      .reply(200, { data: { video_translate_id: 'vt_never' } })
      .delay(60_000)
    const running = makeClient('v2').generate('pr_1', BODY)
    await vi.advanceTimersByTimeAsync(10)
    controller.abort(new Error('SIGINT'))
    const error = await heygenErrorOf(running)
    expect(error.message).toContain('cancelled')
    expect(error.details.mayHaveStarted).toBe(true)
    expect(calls()).toHaveLength(1)
  })
})

describe('retry safety does not depend on the caller passing the right key', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })

  it('on v2, a key handed in by mistake is not sent and a 500 is still not retried (v2 has no idempotency)', async () => {
    heygen().intercept({ path: V2_PATH, method: 'POST' }).reply(500, { error: 'internal' })
    generateSucceeds()
    const error = await heygenErrorOf(makeClient('v2').generate('pr_1', BODY, IDEMPOTENCY_KEY))
    expect(calls()).toHaveLength(1)
    expect(header(0, 'idempotency-key')).toBeUndefined()
    expect(error.details.mayHaveStarted).toBe(true)
  })

  it('on v3, an empty key sends no Idempotency-Key, so a 500 must not be retried (it could pay twice)', async () => {
    heygen().intercept({ path: V3_PATH, method: 'POST' }).reply(500, { error: 'internal' })
    heygen()
      .intercept({ path: V3_PATH, method: 'POST' })
      .reply(200, { data: { video_translation_id: 'vt_twice', status: 'processing' } }, { headers: JSON_HEADERS })
    const outcome = await settle<unknown>(makeClient('v3').generate('pr_1', BODY, ''))
    expect(header(0, 'idempotency-key')).toBeUndefined()
    expect(calls()).toHaveLength(1)
    expect(outcome).toBeInstanceOf(HeyGenError)
  })
})

describe('v3 retries: the Idempotency-Key makes a retry a replay', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })

  function v3Succeeds() {
    heygen()
      .intercept({ path: V3_PATH, method: 'POST' })
      .reply(200, { data: { video_translation_id: 'vt_3', status: 'processing' } }, { headers: JSON_HEADERS })
  }

  it.each([
    [
      'HTTP 500',
      () =>
        heygen()
          .intercept({ path: V3_PATH, method: 'POST' })
          .reply(500, { error: { code: 'internal_error', message: 'x' } }),
    ],
    [
      'HTTP 502 HTML',
      () =>
        heygen()
          .intercept({ path: V3_PATH, method: 'POST' })
          .reply(502, '<html>Bad Gateway</html>', { headers: { 'content-type': 'text/html' } }),
    ],
    [
      '409 request_in_progress',
      () =>
        heygen()
          .intercept({ path: V3_PATH, method: 'POST' })
          .reply(409, { error: { code: 'request_in_progress', message: 'A request with this key is in progress' } }, { headers: JSON_HEADERS }),
    ],
    ['a connection reset', () => heygen().intercept({ path: V3_PATH, method: 'POST' }).replyWithError(socketError('UND_ERR_SOCKET'))],
    [
      'a server that stopped answering',
      () => heygen().intercept({ path: V3_PATH, method: 'POST' }).replyWithError(socketError('UND_ERR_HEADERS_TIMEOUT', 'Headers Timeout Error')),
    ],
  ])('given %s, the call is sent again with the same Idempotency-Key and succeeds', async (_case, answer) => {
    answer()
    v3Succeeds()
    const outcome = await settle(makeClient('v3').generate('pr_1', BODY, IDEMPOTENCY_KEY))
    expect(outcome).toEqual({ videoTranslateId: 'vt_3', status: 'processing' })
    expect(calls()).toHaveLength(2)
    expect([header(0, 'idempotency-key'), header(1, 'idempotency-key')]).toEqual([IDEMPOTENCY_KEY, IDEMPOTENCY_KEY])
    expect(calls()[1]!.body).toBe(calls()[0]!.body)
    expect(retries).toHaveLength(1)
  })

  it('a 500 with Retry-After: 3 waits 3 s before the replay', async () => {
    heygen()
      .intercept({ path: V3_PATH, method: 'POST' })
      .reply(500, { error: 'x' }, { headers: { 'retry-after': '3' } })
    v3Succeeds()
    const running = makeClient('v3').generate('pr_1', BODY, IDEMPOTENCY_KEY)
    await vi.advanceTimersByTimeAsync(2_999)
    expect(calls()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    await running
    expect(calls()).toHaveLength(2)
  })

  it('given HTTP 500 every time, it stops after MAX_ATTEMPTS, all with the same key, and reports the last 500', async () => {
    heygen()
      .intercept({ path: V3_PATH, method: 'POST' })
      .reply(500, { error: { code: 'internal_error', message: 'still broken' } }, { headers: { ...JSON_HEADERS, 'x-request-id': 'req_last' } })
      .persist()
    const error = await heygenErrorOf(makeClient('v3').generate('pr_1', BODY, IDEMPOTENCY_KEY))
    expect(calls()).toHaveLength(MAX_ATTEMPTS)
    expect(new Set(calls().map((call) => call.headers?.['idempotency-key']))).toEqual(new Set([IDEMPOTENCY_KEY]))
    expect(error.message).toContain('HTTP 500')
    expect(error.message).toContain('internal_error: still broken')
    expect(error.details).toEqual({ status: 500, code: 'internal_error', requestId: 'req_last', mayHaveStarted: true })
    expect(retries).toHaveLength(MAX_ATTEMPTS - 1)
  })

  it('given resets every time, it stops after MAX_ATTEMPTS, every attempt with the same key, marked as maybe started', async () => {
    heygen().intercept({ path: V3_PATH, method: 'POST' }).replyWithError(socketError('UND_ERR_SOCKET')).persist()
    const error = await heygenErrorOf(makeClient('v3').generate('pr_1', BODY, IDEMPOTENCY_KEY))
    expect(calls()).toHaveLength(MAX_ATTEMPTS)
    expect(new Set(calls().map((_call, index) => header(index, 'idempotency-key')))).toEqual(new Set([IDEMPOTENCY_KEY]))
    expect(error.details.mayHaveStarted).toBe(true)
  })

  it('given 409 request_in_progress every time, it stops after MAX_ATTEMPTS and reports the 409', async () => {
    heygen()
      .intercept({ path: V3_PATH, method: 'POST' })
      .reply(409, { error: { code: 'request_in_progress', message: 'A request with this key is in progress' } }, { headers: JSON_HEADERS })
      .persist()
    const error = await heygenErrorOf(makeClient('v3').generate('pr_1', BODY, IDEMPOTENCY_KEY))
    expect(calls()).toHaveLength(MAX_ATTEMPTS)
    expect(new Set(calls().map((call) => call.headers?.['idempotency-key']))).toEqual(new Set([IDEMPOTENCY_KEY]))
    expect(error.message).toContain('HTTP 409')
    expect(error.message).toContain('request_in_progress')
  })

  it('given HTTP 400, it is never retried', async () => {
    heygen()
      .intercept({ path: V3_PATH, method: 'POST' })
      .reply(400, { error: { code: 'invalid_parameter', message: 'captions must be a boolean' } }, { headers: JSON_HEADERS })
    v3Succeeds()
    const error = await heygenErrorOf(makeClient('v3').generate('pr_1', BODY, IDEMPOTENCY_KEY))
    expect(calls()).toHaveLength(1)
    expect(error.message).toContain('invalid_parameter: captions must be a boolean')
    expect(error.details.mayHaveStarted).toBe(false)
  })

  it('given a 409 that is not request_in_progress (the key was used for another body), it is not retried', async () => {
    heygen()
      .intercept({ path: V3_PATH, method: 'POST' })
      .reply(409, { error: { code: 'idempotency_key_reused', message: 'Key used with a different body' } }, { headers: JSON_HEADERS })
    v3Succeeds()
    const error = await heygenErrorOf(makeClient('v3').generate('pr_1', BODY, IDEMPOTENCY_KEY))
    expect(calls()).toHaveLength(1)
    expect(error.message).toContain('idempotency_key_reused')
  })
})

describe('getStatus', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })

  function statusAnswers(version: ApiVersion, status: number, body: unknown, headers: Record<string, string> = JSON_HEADERS) {
    const path = version === 'v3' ? '/v3/video-translations/vt_1' : '/v2/video_translate/vt_1'
    heygen()
      .intercept({ path, method: 'GET' })
      .reply(status, typeof body === 'string' ? body : JSON.stringify(body), { headers })
  }

  it('v2 success: the video link comes from `url`; a caption link on the status is ignored (v2 has its own route)', async () => {
    statusAnswers('v2', 200, {
      code: 100,
      data: {
        video_translate_id: 'vt_1',
        status: 'success',
        url: 'https://cdn.example/v.mp4',
        vtt_caption_url: 'https://cdn.example/c.vtt',
        message: null,
      },
      message: 'Success',
    })
    expect(await makeClient('v2').getStatus('vt_1')).toEqual({ raw: 'success', state: 'success', videoUrl: 'https://cdn.example/v.mp4' })
    expect(calls()[0]!.fullUrl).toBe(`${ORIGIN}/v2/video_translate/vt_1`)
    expect(calls()[0]!.method).toBe('GET')
    expect(header(0, 'x-api-key')).toBe(KEY)
    expect(header(0, 'idempotency-key')).toBeUndefined()
  })

  it('v2 failed: HeyGen reason comes from `message`', async () => {
    statusAnswers('v2', 200, { error: null, data: { status: 'failed', message: 'Lip sync failed' } })
    expect(await makeClient('v2').getStatus('vt_1')).toEqual({ raw: 'failed', state: 'failed', message: 'Lip sync failed' })
  })

  it.each([
    ['pending', 'pending'],
    ['running', 'running'],
    ['processing', 'running'],
    ['PENDING', 'pending'],
  ] as const)('v2 %s is state %s', async (raw, state) => {
    statusAnswers('v2', 200, { data: { status: raw } })
    expect(await makeClient('v2').getStatus('vt_1')).toEqual({ raw, state })
  })

  it('v3 completed is success, with video_url and the VTT caption link', async () => {
    statusAnswers('v3', 200, {
      data: {
        id: 'vt_1',
        status: 'completed',
        video_url: 'https://cdn.example/v.mp4',
        vtt_caption_url: 'https://cdn.example/c.vtt',
        srt_caption_url: 'https://cdn.example/c.srt',
        failure_message: null,
        url: 'https://cdn.example/ignored.mp4',
      },
    })
    expect(await makeClient('v3').getStatus('vt_1')).toEqual({
      raw: 'completed',
      state: 'success',
      videoUrl: 'https://cdn.example/v.mp4',
      captionUrl: 'https://cdn.example/c.vtt',
    })
    expect(calls()[0]!.fullUrl).toBe(`${ORIGIN}/v3/video-translations/vt_1`)
  })

  it('v3 with only an SRT caption link uses it', async () => {
    statusAnswers('v3', 200, { data: { status: 'completed', video_url: 'https://cdn.example/v.mp4', srt_caption_url: 'https://cdn.example/c.srt' } })
    expect((await makeClient('v3').getStatus('vt_1')).captionUrl).toBe('https://cdn.example/c.srt')
  })

  it('v3 failed: the reason comes from failure_message', async () => {
    statusAnswers('v3', 200, { data: { status: 'failed', failure_message: 'Source video is corrupt', message: 'ignored' } })
    expect(await makeClient('v3').getStatus('vt_1')).toEqual({ raw: 'failed', state: 'failed', message: 'Source video is corrupt' })
  })

  it('an undocumented word is kept raw with no state', async () => {
    statusAnswers('v3', 200, { data: { status: 'queued_for_gpu' } })
    expect(await makeClient('v3').getStatus('vt_1')).toEqual({ raw: 'queued_for_gpu', state: undefined })
  })

  it('encodes the id into the status path', () => {
    expect(makeClient('v3').statusUrl('a/b?c')).toBe(`${ORIGIN}/v3/video-translations/a%2Fb%3Fc`)
    expect(makeClient('v2').statusUrl('vt 1')).toBe(`${ORIGIN}/v2/video_translate/vt%201`)
  })

  it('a 429 is retryable and carries Retry-After for its caller to wait; it does not hold back the next call', async () => {
    const pause = new RateLimitPause()
    statusAnswers('v2', 429, { error: 'slow down' }, { ...JSON_HEADERS, 'retry-after': '12' })
    statusAnswers('v2', 200, { data: { status: 'running' } })
    const client = makeClient('v2', { pause })
    const error = await client.getStatus('vt_1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RetryableError)
    expect(error).toMatchObject({ cancelled: false, retryAfterMs: 12_000 })
    expect((error as Error).message).toContain('429')
    const next = client.getStatus('vt_1')
    await vi.advanceTimersByTimeAsync(10)
    expect(calls()).toHaveLength(2)
    expect((await next).state).toBe('running')
  })

  it('a 503 with Retry-After passes the wait on', async () => {
    statusAnswers('v3', 503, '', { 'retry-after': '20' })
    const error = await makeClient('v3')
      .getStatus('vt_1')
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'RetryableError', retryAfterMs: 20_000 })
  })

  it.each([
    ['a reset', 'UND_ERR_SOCKET'],
    ['connection refused', 'ECONNREFUSED'],
    ['a DNS failure', 'ENOTFOUND'],
  ])('%s is retryable (status calls are free)', async (_case, code) => {
    heygen().intercept({ path: '/v2/video_translate/vt_1', method: 'GET' }).replyWithError(socketError(code))
    const error = await makeClient('v2')
      .getStatus('vt_1')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RetryableError)
    expect((error as RetryableError).cancelled).toBe(false)
    expect((error as Error).message).toContain('Checking video_translate_id vt_1')
  })

  it('a cancelled step makes a status call fail as cancelled, so the wait stops', async () => {
    heygen()
      .intercept({ path: '/v2/video_translate/vt_1', method: 'GET' })
      .reply(200, { data: { status: 'running' } })
      .delay(60_000)
    const running = makeClient('v2').getStatus('vt_1')
    await vi.advanceTimersByTimeAsync(10)
    controller.abort(new Error('SIGTERM'))
    const error = await running.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RetryableError)
    expect((error as RetryableError).cancelled).toBe(true)
  })

  it.each([
    [401, { error: { code: 'authentication_failed', message: 'Invalid or expired API key.' } }, 'authentication_failed'],
    [404, { error: { code: 'not_found', message: 'Video translation not found.' } }, 'not_found'],
  ])('HTTP %i is a HeyGenError (waiting cannot fix it)', async (status, body, code) => {
    statusAnswers('v3', status, body)
    const error = await makeClient('v3')
      .getStatus('vt_1')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HeyGenError)
    expect(error).not.toBeInstanceOf(RetryableError)
    expect((error as HeyGenError).details).toEqual({ status, code, mayHaveStarted: false })
    expect((error as Error).message).toContain(`HTTP ${status}`)
    expect((error as Error).message).not.toContain(KEY)
  })

  it('a 404 on the v2 status route means an unknown job, not a retired API: no v3 hint', async () => {
    statusAnswers('v2', 404, { error: 'not found' })
    const error = await makeClient('v2')
      .getStatus('vt_1')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HeyGenError)
    expect((error as Error).message).toContain('404')
    expect((error as Error).message).not.toContain('api_version: v3')
  })

  it('a 200 without data is a HeyGenError naming the unexpected answer', async () => {
    statusAnswers('v2', 200, { hello: 'world' })
    const error = await makeClient('v2')
      .getStatus('vt_1')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HeyGenError)
    expect((error as Error).message).toContain('unexpected answer')
  })
})

describe('getCaptionUrl (v2)', () => {
  it('asks the caption route for the VTT link of the job', async () => {
    heygen()
      .intercept({ path: '/v2/video_translate/caption?video_translate_id=vt_1&caption_type=vtt', method: 'GET' })
      .reply(200, { data: { caption_url: 'https://cdn.example/c.vtt' } }, { headers: JSON_HEADERS })
    expect(await makeClient('v2').getCaptionUrl('vt_1')).toBe('https://cdn.example/c.vtt')
    expect(header(0, 'x-api-key')).toBe(KEY)
  })
})

describe('the key never appears in an error, whatever HeyGen answers', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })

  it('across every kind of failure of generate and getStatus', async () => {
    const messages: string[] = []
    const answers: Array<(path: string, method: 'GET' | 'POST') => void> = [
      (path, method) =>
        heygen()
          .intercept({ path, method })
          .reply(401, { error: { code: 'authentication_failed', message: 'bad key' } }),
      (path, method) => heygen().intercept({ path, method }).reply(502, '<html>oops</html>'),
      (path, method) => heygen().intercept({ path, method }).reply(200, 'not json'),
      (path, method) => heygen().intercept({ path, method }).replyWithError(socketError('UND_ERR_SOCKET')),
      (path, method) => heygen().intercept({ path, method }).replyWithError(socketError('EPIPE', 'write EPIPE')),
    ]
    for (const answer of answers) {
      answer(V2_PATH, 'POST')
      answer('/v2/video_translate/vt_1', 'GET')
      for (const call of [() => makeClient('v2').generate('pr_1', BODY), () => makeClient('v2').getStatus('vt_1')]) {
        const outcome = await settle<unknown>(call())
        expect(outcome).toBeInstanceOf(Error)
        messages.push((outcome as Error).message)
      }
    }
    expect(messages).toHaveLength(10)
    for (const message of messages) expect(message).not.toContain(KEY)
  })
})
