// In-process (test/inproc/harness.ts): the step run the way the GitHub runner runs it, against the local HeyGen
// sandbox, on the shrunk timing. Each test is a user's `with:` block and what they see: exit code, outputs, log, job
// summary, and what HeyGen (the sandbox) actually received.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { type RecordedRequest, refusedUrl } from '../../../sandbox/heygen-sandbox.ts'
import { PRODUCTION_TIMING } from '../../../src/util/timing.js'
import type { ActionRun } from '../../../sandbox/run-action.ts'
import { validate } from '../../helpers/contracts.ts'
import { annotations, errorOf, PINNED, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-SECRET-7f3a9c'
const PACKAGE = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { name: string; version: string }
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_\-:.]{1,255}$/
/** A Node stack frame, as an uncaught error would print it. */
const STACK_FRAME = /^\s+at /m

// Each `act` also checks the key never leaks (harness.ts). On a clock five times faster (faster-clock.ts): the
// retries' backoff and the deadline keep their proportions, and no story here bounds the machine's own work from above.
const { sandbox, act } = useSandbox({ key: KEY, inputs: PINNED, clockRate: 5 })

// Whatever the test was about, every generate body the action sent must be one HeyGen's contract accepts.
afterEach(() => {
  for (const request of sandbox.generateCalls()) {
    const kind = request.path.startsWith('/v3/') ? 'v3.generate.request' : 'v2.generate.request'
    expect(validate(kind, request.json), `${request.path}: ${request.body}`).toEqual([])
  }
})

function header(request: RecordedRequest | undefined, name: string): string | undefined {
  const value = request?.headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

function results(run: ActionRun): unknown {
  return JSON.parse(run.outputs.results ?? 'null')
}

/** One job started and still rendering: its id in the outputs, `results` and both rows of the summary. */
function expectOneJobRendering(run: ActionRun, proofreadId: string, apiVersion: 'v2' | 'v3') {
  const job = sandbox.jobs[0]
  expect(sandbox.jobs).toHaveLength(1)
  expect(run.outputs.video_translate_id).toBe(job?.id)
  expect(run.outputs.status).toBe('processing')
  expect(results(run)).toStrictEqual([{ proofread_id: proofreadId, video_translate_id: job?.id, status: 'processing', api_version: apiVersion }])
  expect(run.summary).toContain(`<tr><td><code>${proofreadId}</code></td><td>⏳ Rendering</td>`)
  expect(run.summary).toContain(`<tr><td></td><td><code>${proofreadId}</code></td><td><code>${job?.id}</code></td><td>${apiVersion}</td>`)
  return job
}

describe('v2: a user starts a translated video from an approved proofread', () => {
  it('POSTs the two booleans to the v2 route with the key, and gets the job id, `processing`, results and a summary row', async () => {
    const run = await act({ proofread_id: 'release-1-es', captions: 'true', translate_audio_only: 'false' })

    expect(run.code, run.log).toBe(0)
    const calls = sandbox.generateCalls()
    expect(sandbox.requests).toHaveLength(1)
    const call = calls[0]
    expect(call?.method).toBe('POST')
    expect(call?.path).toBe('/v2/video_translate/proofread/release-1-es/generate')
    expect(header(call, 'x-api-key')).toBe(KEY)
    expect(header(call, 'user-agent')).toMatch(new RegExp(`^heygen-proofread-generate-action/${PACKAGE.version.replace(/\./g, '\\.')}\\b`))
    expect(header(call, 'content-type')).toBe('application/json')
    expect(header(call, 'idempotency-key')).toBeUndefined()
    // JSON booleans, exactly these two fields: no callback fields when they are empty.
    expect(call?.json).toStrictEqual({ captions: true, translate_audio_only: false })
    expect(validate('v2.generate.request', call?.json)).toEqual([])

    const job = expectOneJobRendering(run, 'release-1-es', 'v2')
    expect(run.log).toContain(`Started video_translate_id ${job?.id} from proofread release-1-es`)
  })

  it('sends callback_id and callback_url when given, next to the booleans the other way round', async () => {
    const run = await act({
      proofread_id: 'release-2-fr',
      captions: 'False',
      translate_audio_only: 'TRUE',
      callback_id: 'release-2:fr',
      callback_url: 'https://hooks.example.com/heygen?lang=fr',
    })

    expect(run.code, run.log).toBe(0)
    expect(sandbox.generateCalls()).toHaveLength(1)
    expect(sandbox.generateCalls()[0]?.json).toStrictEqual({
      captions: false,
      translate_audio_only: true,
      callback_id: 'release-2:fr',
      callback_url: 'https://hooks.example.com/heygen?lang=fr',
    })
    expect(sandbox.jobs[0]?.body).toMatchObject({ callback_id: 'release-2:fr' })
  })

  it('uses the HEYGEN_API_KEY environment variable when api_key is empty', async () => {
    const run = await act({ api_key: '', proofread_id: 'release-3-de' }, { env: { HEYGEN_API_KEY: KEY } })

    expect(run.code, run.log).toBe(0)
    expect(sandbox.generateCalls()).toHaveLength(1)
    expect(header(sandbox.generateCalls()[0], 'x-api-key')).toBe(KEY)
    expect(run.outputs.video_translate_id).toBe(sandbox.jobs[0]?.id)
  })

  it('keeps a proofread id like ../../v1/x inside one path segment: the route cannot be changed', async () => {
    // Outside the sandbox's demo pattern (HeyGen would not know it): made known for this test of the route's encoding.
    sandbox.knowProofread('../../v1/x')
    const run = await act({ proofread_id: '../../v1/x' })

    expect(run.code, run.log).toBe(0)
    expect(sandbox.requests.map((r) => r.path)).toEqual(['/v2/video_translate/proofread/..%2F..%2Fv1%2Fx/generate'])
    expect(sandbox.jobs[0]?.proofreadId).toBe('../../v1/x')
  })

  it('dry_run prints the POST, the full URL and the body, sends nothing and says `dry_run`', async () => {
    const run = await act({ proofread_id: 'release-4-it', captions: 'true', callback_id: 'cb-4', dry_run: 'true' })

    expect(run.code, run.log).toBe(0)
    expect(sandbox.requests).toHaveLength(0)
    expect(run.log).toContain(`POST ${sandbox.url}/v2/video_translate/proofread/release-4-it/generate`)
    expect(run.log).toContain(JSON.stringify({ captions: true, translate_audio_only: false, callback_id: 'cb-4' }))
    expect(run.log).toContain('x-api-key: (masked)')
    expect(run.outputs.status).toBe('dry_run')
    expect(run.outputs.video_translate_id).toBe('')
    expect(run.summary).toContain('nothing was sent')
  })
})

describe('v3: the same request with an Idempotency-Key, so a retry or a re-run never pays twice', () => {
  it('POSTs to the v3 route with a valid Idempotency-Key and a contract-valid body; video_translation_id becomes video_translate_id', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'release-5-es', captions: 'true', callback_url: 'https://hooks.example.com/h' })

    expect(run.code, run.log).toBe(0)
    expect(sandbox.requests).toHaveLength(1)
    const call = sandbox.generateCalls()[0]
    expect(call?.method).toBe('POST')
    expect(call?.path).toBe('/v3/video-translations/proofreads/release-5-es/generate')
    expect(header(call, 'x-api-key')).toBe(KEY)
    expect(header(call, 'user-agent')).toMatch(/^heygen-proofread-generate-action\//)
    expect(header(call, 'content-type')).toBe('application/json')
    expect(header(call, 'idempotency-key')).toMatch(IDEMPOTENCY_KEY)
    expect(validate('v3.generate.request', call?.json)).toEqual([])
    expect(call?.json).toStrictEqual({ captions: true, translate_audio_only: false, callback_url: 'https://hooks.example.com/h' })

    expectOneJobRendering(run, 'release-5-es', 'v3')
  })

  it('re-running the same workflow run sends the same key: HeyGen replays, no second job is paid for', async () => {
    const first = await act({ api_version: 'v3', proofread_id: 'release-6-es' })
    const second = await act({ api_version: 'v3', proofread_id: 'release-6-es' }, { env: { GITHUB_RUN_ATTEMPT: '2' } })

    expect([first.code, second.code]).toEqual([0, 0])
    const [a, b] = sandbox.generateCalls()
    expect(sandbox.generateCalls()).toHaveLength(2)
    expect(header(b, 'idempotency-key')).toBe(header(a, 'idempotency-key'))
    expect(sandbox.jobs).toHaveLength(1)
    expect(second.outputs.video_translate_id).toBe(first.outputs.video_translate_id)
    expect(second.outputs.video_translate_id).toBe(sandbox.jobs[0]?.id)
  })

  it('a new workflow run (another GITHUB_RUN_ID) sends a new key and starts a new job', async () => {
    const first = await act({ api_version: 'v3', proofread_id: 'release-7-es' })
    const second = await act({ api_version: 'v3', proofread_id: 'release-7-es' }, { env: { GITHUB_RUN_ID: '9876543210' } })

    expect([first.code, second.code]).toEqual([0, 0])
    const [a, b] = sandbox.generateCalls()
    expect(header(b, 'idempotency-key')).toMatch(IDEMPOTENCY_KEY)
    expect(header(b, 'idempotency-key')).not.toBe(header(a, 'idempotency-key'))
    expect(sandbox.jobs).toHaveLength(2)
    expect(second.outputs.video_translate_id).not.toBe(first.outputs.video_translate_id)
  })

  it('idempotency_key overrides the derived key', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'release-8-es', idempotency_key: 'release-8:es.v1' })

    expect(run.code, run.log).toBe(0)
    expect(sandbox.generateCalls()).toHaveLength(1)
    expect(header(sandbox.generateCalls()[0], 'idempotency-key')).toBe('release-8:es.v1')
    expect(sandbox.jobs[0]?.idempotencyKey).toBe('release-8:es.v1')
  })
})

// What HeyGen's sandbox answers for each status-NNN (the codes and messages of HeyGen's docs).
const REFUSALS = [
  { status: 400, code: 'invalid_parameter', message: 'Invalid request parameters.' },
  { status: 401, code: 'authentication_failed', message: 'Invalid or expired API key. Verify your x-api-key header.' },
  { status: 402, code: 'insufficient_credit', message: 'Insufficient credit: add API credits to your HeyGen account.' },
  { status: 403, code: 'plan_not_supported', message: 'Your plan does not include this feature. Upgrade to Scale or Enterprise.' },
  { status: 404, code: 'not_found', message: 'Proofread not found.' },
  { status: 409, code: 'conflict', message: 'This proofread is already being generated.' },
]
const VERSIONS = ['v2', 'v3'] as const

describe('HeyGen refuses the request (4xx): the step fails with what HeyGen said, and nothing is sent again', () => {
  const cases = VERSIONS.flatMap((version) => REFUSALS.map((refusal) => ({ version, ...refusal })))

  it.each(cases)(
    '$version $status: exit 1, the error names HTTP $status, $code, the message (for 401/403 with what it means) and the X-Request-Id; one request',
    async ({ version, status, code, message }) => {
      const id = `pr-status-${status}`
      const run = await act({ api_version: version, proofread_id: id })

      expect(run.code, run.log).toBe(1)
      const error = errorOf(run)
      expect(error).toContain(`HTTP ${status}`)
      expect(error).toContain(code)
      // A 401 or 403 may quote the key: its message is shown only after the key is redacted from it, with what it means here.
      expect(error).toContain(message)
      if (status === 401) expect(error).toContain('the key was refused: check the secret')
      if (status === 403)
        expect(error).toContain(
          'generating from a proofread needs a HeyGen API plan with video translation (pay-as-you-go API credits or an Enterprise plan)',
        )
      expect(error).toMatch(/X-Request-Id: req-\d+/)
      expect(sandbox.generateCalls()).toHaveLength(1)
      expect(sandbox.requests).toHaveLength(1)
      expect(sandbox.jobs).toHaveLength(0)
      expect(run.outputs.video_translate_id).toBe('')
      expect(run.outputs.status).toBe('failed')
      // Only a v2 404 hints at the v2 retirement.
      const retiredHint = version === 'v2' && status === 404
      expect(error.includes('api_version: v3'), 'mentions api_version: v3').toBe(retiredHint)
      expect(error.includes('1 November 2026'), 'mentions the retirement date').toBe(retiredHint)
    },
  )

  it.each(VERSIONS)('%s with a key HeyGen does not know (sandbox-bad-key): 401 authentication_failed, one request', async (version) => {
    const run = await act({ api_version: version, api_key: 'sandbox-bad-key', proofread_id: 'release-9-es' })

    expect(run.code, run.log).toBe(1)
    const error = errorOf(run)
    expect(error).toContain('HTTP 401')
    expect(error).toContain('authentication_failed')
    expect(error).toContain('Invalid or expired API key. Verify your x-api-key header.; the key was refused: check the secret')
    expect(error).toMatch(/X-Request-Id: req-\d+/)
    expect(sandbox.requests).toHaveLength(1)
    expect(header(sandbox.requests[0], 'x-api-key')).toBe('sandbox-bad-key')
  })

  it.each([
    { shape: 'default {error: {code, message}}', id: 'pr-status-402', expected: ['insufficient_credit', 'Insufficient credit'] },
    { shape: '{error: "message"}', id: 'pr-status-402-shape-string', expected: ['Insufficient credit'] },
    { shape: 'top-level {code, message}', id: 'pr-status-402-shape-top', expected: ['402175', 'Insufficient credit'] },
  ])('v2 error shape $shape is read: the error carries what HeyGen said', async ({ id, expected }) => {
    const run = await act({ proofread_id: id })

    expect(run.code, run.log).toBe(1)
    const error = errorOf(run)
    expect(error).toContain('HTTP 402')
    for (const text of expected) expect(error).toContain(text)
    expect(error).toMatch(/X-Request-Id: req-\d+/)
    expect(error).not.toContain('no message')
    expect(sandbox.requests).toHaveLength(1)
  })
})

describe('HeyGen rate limits (429): the action waits out Retry-After and tries once more', () => {
  const cases = VERSIONS.flatMap((version) => [
    { version, token: 'limit-1', form: 'seconds' },
    { version, token: 'limit-1-date', form: 'an HTTP date' },
  ])

  it.each(cases)(
    '$version, Retry-After as $form ($token): succeeds on the second request, sent no sooner than allowed',
    async ({ version, token }) => {
      // Retry-After is whole seconds: production's cap on it, so the 1 s HeyGen asks for (a date's 2 to 3 s) is waited
      // out, on a clock ten times faster (faster-clock.ts). The machine's own work between the two calls stretches on it
      // too, which only lengthens the gap this story bounds from below. No faster: request_timeout's 30 s would be 1.5 s
      // of the wall's clock at twenty times, near what a loaded machine may take to read an answer.
      const run = await act(
        { api_version: version, proofread_id: `pr-${token}` },
        { timing: { maxRetryAfterMs: PRODUCTION_TIMING.maxRetryAfterMs }, clockRate: 10 },
      )

      expect(run.code, run.log).toBe(0)
      const calls = sandbox.generateCalls()
      expect(calls).toHaveLength(2)
      const [first, second] = calls as [RecordedRequest, RecordedRequest]
      // Retry-After is 1 s; the date form names a whole second at least (ceil(first + 1 s) + 1 s) away.
      const allowedAt = token.endsWith('-date') ? (Math.ceil((first.at + 1000) / 1000) + 1) * 1000 : first.at + 1000
      expect(second.at).toBeGreaterThanOrEqual(allowedAt - 100)
      expect(second.at - first.at).toBeGreaterThanOrEqual(900)
      if (version === 'v3') expect(header(second, 'idempotency-key')).toBe(header(first, 'idempotency-key'))
      expect(sandbox.jobs).toHaveLength(1)
      expect(run.outputs.video_translate_id).toBe(sandbox.jobs[0]?.id)
      expect(annotations(run.stdout, 'warning').some((line) => line.includes('429'))).toBe(true)
    },
  )
})

describe('HeyGen fails on its side (5xx): v2 may have started a job so it is never re-sent; v3 retries with its key', () => {
  it.each(['pr-status-500', 'pr-flaky-1'])(
    'v2 %s: one request, exit 1, the error says the job may have started and was not sent again',
    async (id) => {
      const run = await act({ proofread_id: id })

      expect(run.code, run.log).toBe(1)
      expect(sandbox.generateCalls()).toHaveLength(1)
      const error = errorOf(run)
      expect(error).toContain('HTTP 500')
      expect(error).toContain('internal_error')
      expect(error).toMatch(/X-Request-Id: req-\d+/)
      expect(error).toMatch(/may have started/)
      expect(error).toMatch(/not sent again/)
      expect(run.outputs.status).toBe('failed')
    },
  )

  it('v3 flaky-2: retried with the same Idempotency-Key each time, succeeds, one job', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'pr-flaky-2' })

    expect(run.code, run.log).toBe(0)
    const calls = sandbox.generateCalls()
    expect(calls).toHaveLength(3)
    const keys = calls.map((call) => header(call, 'idempotency-key'))
    expect(keys[0]).toMatch(IDEMPOTENCY_KEY)
    expect(new Set(keys).size).toBe(1)
    expect(sandbox.jobs).toHaveLength(1)
    expect(run.outputs.video_translate_id).toBe(sandbox.jobs[0]?.id)
    expect(annotations(run.stdout, 'warning').filter((line) => line.includes('HTTP 500'))).toHaveLength(2)
  })

  it('v2 html-502: the error names 502 and quotes a short excerpt of the page, no parse error or stack trace', async () => {
    const run = await act({ proofread_id: 'pr-html-502' })

    expect(run.code, run.log).toBe(1)
    expect(sandbox.generateCalls()).toHaveLength(1)
    const error = errorOf(run)
    expect(error).toContain('HTTP 502')
    expect(error).toMatch(/"[^"]*502 Bad Gateway[^"]*nginx[^"]*"/)
    expect(error).not.toContain('<html>')
    expect(error).not.toContain('<center>')
    expect(error).toMatch(/may have started/)
    expect(run.log).not.toMatch(/Unexpected token|SyntaxError|is not valid JSON|JSON\.parse|JSON at position/)
    expect(run.log).not.toMatch(STACK_FRAME)
  })
})

describe('HeyGen answers 200 without a usable job: the step fails clearly and v2 sends nothing again', () => {
  it.each([
    { token: 'malformed', says: /not JSON/, started: true },
    { token: 'ok-error', says: /Proofread is not approved yet/, started: false },
    { token: 'no-id', says: /without a video_translate_id/, started: true },
  ])('v2 $token: exit 1 with a clear message, one request', async ({ token, says, started }) => {
    const run = await act({ proofread_id: `pr-${token}` })

    expect(run.code, run.log).toBe(1)
    expect(sandbox.generateCalls()).toHaveLength(1)
    const error = errorOf(run)
    expect(error).toContain('HTTP 200')
    expect(error).toMatch(says)
    if (started) expect(error).toMatch(/may have started/)
    expect(run.outputs.video_translate_id).toBe('')
    expect(run.outputs.status).toBe('failed')
    expect(run.log).not.toMatch(/Unexpected token|SyntaxError|Unexpected end of JSON/)
    expect(run.log).not.toMatch(STACK_FRAME)
  })
})

describe('the network fails: only what provably sent nothing (or carries a v3 key) is sent again', () => {
  it('v2, HeyGen hangs (request_timeout: 0.2 under a lowered input floor): exit 1 within seconds, mentions request_timeout and that the job may have started; one request', async () => {
    // Production's input floor is a second; the injected timing lowers it so the hang costs 0.2 s, of the wall's clock:
    // on a faster one every other call's request_timeout would shrink too.
    const run = await act(
      { proofread_id: 'pr-hang', request_timeout: '0.2' },
      { timeoutMs: 20_000, timing: { requestTimeoutFloorMs: 200 }, clockRate: 1 },
    )

    expect(run.code, run.log).toBe(1)
    expect(run.durationMs).toBeLessThan(15_000)
    expect(sandbox.generateCalls()).toHaveLength(1)
    const error = errorOf(run)
    expect(error).toContain('request_timeout')
    expect(error).toMatch(/may have started/)
  }, 25_000)

  it('v2, the connection drops after the request was sent (reset): one request, the job may have started', async () => {
    const run = await act({ proofread_id: 'pr-reset' })

    expect(run.code, run.log).toBe(1)
    expect(sandbox.generateCalls()).toHaveLength(1)
    const error = errorOf(run)
    expect(error).toMatch(/may have started/)
    expect(error).toMatch(/not sent again/i)
    expect(run.log).not.toMatch(STACK_FRAME)
  })

  it('v3, reset: sent again, always with the same Idempotency-Key, until the attempts run out', async () => {
    // Six attempts (README: "at most 6") with exponential backoff from 0.5 s: about 8 to 16 s.
    const run = await act({ api_version: 'v3', proofread_id: 'pr-reset' }, { timeoutMs: 40_000 })

    expect(run.code, run.log).toBe(1)
    const calls = sandbox.generateCalls()
    expect(calls).toHaveLength(6)
    const keys = calls.map((call) => header(call, 'idempotency-key'))
    expect(keys[0]).toMatch(IDEMPOTENCY_KEY)
    expect(new Set(keys).size).toBe(1)
    expect(sandbox.jobs).toHaveLength(0)
    expect(errorOf(run)).toMatch(/may have started/)
  }, 45_000)

  it("v2, connection refused: retried (nothing was sent) until the step's deadline, then fails saying nothing was paid", async () => {
    // A refused connection started nothing: retried for as long as wait_timeout allows, never sooner than the floor
    // (production: backoffs of 1, 1-2, 2-4 s... within 8 s; here the same policy in tenths of a second within 1 s).
    const floorMs = 100
    const run = await act(
      { proofread_id: 'release-10-es', base_url: await refusedUrl(), wait_timeout: '1' },
      // Twice as fast, not five times: three retries and the step's own start and end must fit in its bounds.
      { timing: { minRetryMs: floorMs, backoffBaseMs: floorMs, backoffMaxMs: 15 * floorMs }, clockRate: 2 },
    )

    expect(run.code, run.log).toBe(1)
    const error = errorOf(run)
    expect(error).toContain('HeyGen was still refusing connections (connection refused')
    expect(error).toContain('when the step reached its deadline (wait_timeout); nothing was paid for this proofread')
    expect(error).not.toMatch(/may have started/)
    const retries = annotations(run.stdout, 'warning').filter((line) => line.includes('trying again'))
    expect(retries.length).toBeGreaterThanOrEqual(3)
    for (const retry of retries) expect(Number(/trying again in ([\d.]+) s/.exec(retry)?.[1])).toBeGreaterThanOrEqual(floorMs / 1000)
    expect(run.durationMs).toBeLessThan(1_000 + 3_000)
    expect(sandbox.requests).toHaveLength(0)
  }, 45_000)

  it.each(VERSIONS)('%s, a redirect to another origin is an error naming the 3xx; the key never reaches the other host', async (version) => {
    const run = await act({ api_version: version, proofread_id: 'pr-redirect' })

    expect(run.code, run.log).toBe(1)
    expect(errorOf(run)).toContain('HTTP 307')
    expect(sandbox.generateCalls()).toHaveLength(1)
    expect(sandbox.fileRequests.filter((request) => request.headers['x-api-key'] !== undefined)).toEqual([])
    expect(run.outputs.video_translate_id).not.toBe('stolen')
    expect(run.outputs.results).not.toContain('stolen')
  })
})
