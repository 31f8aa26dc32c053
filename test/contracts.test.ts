// Every sandbox answer must match HeyGen's published contracts, or tests of the action would prove nothing.
import { readdirSync } from 'node:fs'
import { MockAgent } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HeyGenError } from '../src/heygen/api-error.js'
import { HeyGenClient } from '../src/heygen/client.js'
import { languageCode } from '../src/heygen/languages.js'
import type { ApiVersion } from '../src/heygen/request.js'
import { RateLimitPause } from '../src/heygen/retry.js'
import { type Sandbox, type SandboxAccount, startSandbox } from '../sandbox/heygen-sandbox.ts'
import { type Balance, readBalance } from '../src/heygen/account.js'
import { ANSWERS_DIR, documentedAnswer, shapeOf, V2_SUCCESS_EXAMPLE, validate } from './helpers/contracts.ts'
import { generateJob, generatePath, get, post, type Reply, statusPath } from './helpers/sandbox-client.ts'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => {
  await sandbox.close()
})

describe('the validator', () => {
  it('accepts the request bodies the action may send, and can fail', () => {
    const full = { captions: true, translate_audio_only: false, callback_id: 'x', callback_url: 'https://example.com/hook' }
    for (const body of [full, {}, { captions: false }, { callback_id: null, callback_url: null }]) {
      expect(validate('v3.generate.request', body)).toEqual([])
    }
    expect(validate('v2.generate.request', full)).toEqual([])
    expect(validate('v3.generate.request', { extra: 1 })).not.toEqual([])
    expect(validate('v3.generate.request', { captions: 'yes' })).not.toEqual([])
    expect(validate('v2.generate.request', { captions: 'yes' })).not.toEqual([])
    expect(validate('v3.status.response', { data: { id: 'x', status: 'queued' } })).not.toEqual([])
    expect(validate('v3.error', { error: { code: 'x' } })).not.toEqual([])
  })

  it("accepts the v2 contract's own success example (its `error` is null although the schema says string)", () => {
    expect(validate('v2.generate.response', V2_SUCCESS_EXAMPLE)).toEqual([])
    expect(validate('v2.generate.response', { error: 3, data: {} })).not.toEqual([])
  })
})

describe('sandbox answers match the contracts', () => {
  it('v2 and v3 generate successes', async () => {
    const v2 = await post(sandbox, generatePath('v2', 'contract-v2-es'), { body: { captions: true } })
    const v3 = await post(sandbox, generatePath('v3', 'contract-v3-es'), { body: { captions: true } })
    expect(validate('v2.generate.response', v2.body)).toEqual([])
    expect(validate('v3.generate.response', v3.body)).toEqual([])
  })

  it('v3 errors: status-NNN, rate limit, auth, validation, idempotency conflict, unknown route', async () => {
    const answers = []
    for (const status of [400, 401, 402, 403, 404, 409, 410, 429, 500, 503, 418]) {
      answers.push(await post(sandbox, generatePath('v3', `contract-status-${status}`)))
    }
    answers.push(await post(sandbox, generatePath('v3', 'contract-limit-1')))
    answers.push(await post(sandbox, generatePath('v3', 'contract-flaky-1')))
    answers.push(await post(sandbox, generatePath('v3', 'contract-1'), { key: null }))
    answers.push(await post(sandbox, generatePath('v3', 'contract-1'), { key: 'sandbox-bad-key' }))
    answers.push(await post(sandbox, generatePath('v3', 'contract-1'), { body: { extra: 1 } }))
    answers.push(await post(sandbox, generatePath('v3', 'contract-1'), { headers: { 'Idempotency-Key': 'bad key!' } }))
    const slow = post(sandbox, generatePath('v3', 'contract-slow-200'), { headers: { 'Idempotency-Key': 'k1' } })
    await expect.poll(() => sandbox.generateCalls('contract-slow-200').length).toBe(1)
    answers.push(await post(sandbox, generatePath('v3', 'contract-slow-200'), { headers: { 'Idempotency-Key': 'k1' } }))
    await slow
    answers.push(await get(sandbox, '/v3/video-translations/proofreads/x/nope'))
    answers.push(await get(sandbox, statusPath('v3', 'vt-unknown')))

    expect(answers.map((answer) => answer.status)).toEqual([
      400, 401, 402, 403, 404, 409, 410, 429, 500, 503, 418, 429, 500, 401, 401, 400, 400, 409, 404, 404,
    ])
    for (const answer of answers) expect(validate('v3.error', answer.body), answer.text).toEqual([])
  })

  it('v3 status at each stage, captions on and off', async () => {
    const withCaptions = await generateJob(sandbox, 'v3', 'contract-captions-es', { captions: true, callback_id: 'cb-1' })
    const failing = await generateJob(sandbox, 'v3', 'contract-render-fails')
    const bodies = []
    for (let i = 0; i < 3; i++) bodies.push((await get(sandbox, statusPath('v3', withCaptions))).body)
    for (let i = 0; i < 3; i++) bodies.push((await get(sandbox, statusPath('v3', failing))).body)
    expect(bodies.map((body) => (body as { data: { status: string } }).data.status)).toEqual([
      'pending',
      'running',
      'completed',
      'pending',
      'running',
      'failed',
    ])
    for (const body of bodies) expect(validate('v3.status.response', body)).toEqual([])
    expect(bodies[2]).toMatchObject({ data: { callback_id: 'cb-1', vtt_caption_url: expect.stringMatching(/\.vtt\?sig=/) } })
  })

  it('v2 caption route: success and its errors', async () => {
    const id = await generateJob(sandbox, 'v2', 'contract-caption-v2', { captions: true })
    const early = await get(sandbox, `/v2/video_translate/caption?video_translate_id=${id}&caption_type=vtt`)
    for (let i = 0; i < 3; i++) await get(sandbox, statusPath('v2', id))
    const vtt = await get(sandbox, `/v2/video_translate/caption?video_translate_id=${id}&caption_type=vtt`)
    const srt = await get(sandbox, `/v2/video_translate/caption?video_translate_id=${id}&caption_type=srt`)
    expect([vtt.status, srt.status]).toEqual([200, 200])
    expect(validate('v2.caption.response', vtt.body)).toEqual([])
    expect(validate('v2.caption.response', srt.body)).toEqual([])

    const missingType = await get(sandbox, `/v2/video_translate/caption?video_translate_id=${id}`)
    const missingId = await get(sandbox, '/v2/video_translate/caption?caption_type=vtt')
    expect([early.status, missingType.status, missingId.status]).toEqual([404, 400, 400])
    for (const answer of [early, missingType, missingId]) expect(validate('v3.error', answer.body)).toEqual([])
  })

  it('the preflight: the action asks the contract’s proofread detail route, and every state the sandbox plays validates as ProofreadDetail', async () => {
    const { HeyGenClient } = await import('../src/heygen/client.js')
    const { RateLimitPause } = await import('../src/heygen/retry.js')
    const { Agent } = await import('undici')
    const client = new HeyGenClient({
      baseUrl: sandbox.url,
      apiKey: 'sk-contract',
      version: 'v3',
      pause: new RateLimitPause(),
      transport: { userAgent: 'contract-test', timeoutMs: 5000, signal: new AbortController().signal, dispatcher: new Agent() },
    })
    const ids = ['contract-ready-es', 'contract-proofread-processing-fr', 'contract-proofread-failed-de']
    sandbox.reset()
    const details = []
    for (const id of ids) details.push(await client.getProofread(id))
    expect(details.map((detail) => detail.status)).toEqual(['completed', 'processing', 'failed'])
    expect(details.map((detail) => detail.outputLanguage)).toEqual(['Spanish (Spain)', 'French (France)', 'German (Germany)'])
    const asked = sandbox.requests.filter((request) => request.method === 'GET').map((request) => request.path)
    // The contract's own path template, filled with each id: the action asks exactly the route HeyGen documents.
    expect(asked).toEqual(ids.map((id) => `/v3/video-translations/proofreads/${id}`))
    for (const id of ids) expect(validate('v3.proofread.response', (await get(sandbox, `/v3/video-translations/proofreads/${id}`)).body)).toEqual([])
    expect(validate('v3.proofread.response', { data: { id: 'x', status: 'queued' } })).not.toEqual([])
  })
})

const ORIGIN = 'https://api.heygen.test'

/** A client whose HeyGen answers every call with one documented answer (undici's MockAgent: nothing leaves the machine). */
function clientAnswering(version: ApiVersion, file: string, status = 200): HeyGenClient {
  const agent = new MockAgent()
  agent.disableNetConnect()
  agent
    .get(ORIGIN)
    .intercept({ path: () => true, method: () => true })
    .reply(status, JSON.stringify(documentedAnswer(file)), { headers: { 'content-type': 'application/json', 'x-request-id': 'req-doc' } })
    .persist()
  const transport = { userAgent: 'contract-test', timeoutMs: 5000, signal: new AbortController().signal, dispatcher: agent }
  return new HeyGenClient({ baseUrl: ORIGIN, apiKey: 'sk-documented-answers', version, transport, pause: new RateLimitPause(), random: () => 0 })
}

/** The account route's reading of one documented answer. */
function balanceAnswering(file: string): Promise<Balance> {
  const agent = new MockAgent()
  agent.disableNetConnect()
  agent
    .get(ORIGIN)
    .intercept({ path: '/v3/users/me', method: 'GET' })
    .reply(200, JSON.stringify(documentedAnswer(file)), { headers: { 'content-type': 'application/json' } })
  return readBalance(ORIGIN, 'sk-documented-answers', {
    userAgent: 'contract-test',
    timeoutMs: 5000,
    signal: new AbortController().signal,
    dispatcher: agent,
  })
}

const REQUEST = { captions: false, translate_audio_only: false }
const LINK = /^https:\/\/resource\.heygen\.ai\//

/** What the client must make of each documented answer: every file in test/contracts/answers/ has an entry. */
const READS: Record<string, (file: string) => Promise<void> | void> = {
  'proofread-processing.json': async (file) => {
    expect(await clientAnswering('v3', file).getProofread('p')).toEqual({ status: 'processing', outputLanguage: 'Spanish' })
  },
  'proofread-failed.json': async (file) => {
    expect(await clientAnswering('v3', file).getProofread('p')).toEqual({
      status: 'failed',
      outputLanguage: 'Spanish',
      failureMessage: "Your video's audio is missing or corrupted, please try with another video",
    })
  },
  'proofread-completed.json': async (file) => {
    expect(await clientAnswering('v3', file).getProofread('p')).toEqual({ status: 'completed', outputLanguage: 'Spanish (Spain)' })
  },
  'generate-v2.json': async (file) => {
    expect(await clientAnswering('v2', file).generate('p', REQUEST)).toEqual({
      videoTranslateId: 'b9v43314950d4d0eb4432a0941433771-en',
      status: 'processing',
    })
  },
  'generate-v3.json': async (file) => {
    expect(await clientAnswering('v3', file).generate('p', REQUEST, 'k')).toEqual({
      videoTranslateId: 'b9f43314950d4d0eb4432a0941433771-es',
      status: 'processing',
    })
  },
  'generate-v3-without-status.json': async (file) => {
    expect(await clientAnswering('v3', file).generate('p', REQUEST, 'k')).toEqual({
      videoTranslateId: 'b9f43314950d4d0eb4432a0941433771-es',
      status: 'processing',
    })
  },
  'status-v3-pending.json': async (file) => {
    expect(await clientAnswering('v3', file).getStatus('j')).toEqual({
      raw: 'pending',
      state: 'pending',
      outputLanguage: 'Spanish (Spain)',
      duration: 42.5,
    })
  },
  'status-v3-running.json': async (file) => {
    expect(await clientAnswering('v3', file).getStatus('j')).toEqual({
      raw: 'running',
      state: 'running',
      outputLanguage: 'Spanish (Spain)',
      duration: 42.5,
    })
  },
  'status-v3-completed.json': async (file) => {
    const status = await clientAnswering('v3', file).getStatus('j')
    expect(status).toMatchObject({ raw: 'completed', state: 'success', videoUrl: expect.stringMatching(LINK), audioUrl: expect.stringMatching(LINK) })
  },
  'status-v3-succeeded.json': async (file) => {
    const status = await clientAnswering('v3', file).getStatus('j')
    expect(status).toMatchObject({ raw: 'succeeded', state: 'success', videoUrl: expect.stringMatching(LINK) })
  },
  'status-v3-succeeded-without-link.json': async (file) => {
    const status = await clientAnswering('v3', file).getStatus('j')
    expect(status).toEqual({ raw: 'succeeded', state: 'success', outputLanguage: 'Spanish (Spain)', duration: 42.5 })
  },
  'status-v3-failed.json': async (file) => {
    expect(await clientAnswering('v3', file).getStatus('j')).toMatchObject({ state: 'failed', message: 'Lip sync failed: no face detected' })
  },
  'status-v3-failed-with-reason.json': async (file) => {
    expect(await clientAnswering('v3', file).getStatus('j')).toMatchObject({
      state: 'failed',
      message: "Your video's audio is missing or corrupted, please try with another video",
    })
  },
  'status-v2-success.json': async (file) => {
    expect(await clientAnswering('v2', file).getStatus('j')).toEqual({ raw: 'success', state: 'success', videoUrl: expect.stringMatching(LINK) })
  },
  'status-v2-failed.json': async (file) => {
    expect(await clientAnswering('v2', file).getStatus('j')).toEqual({ raw: 'failed', state: 'failed', message: 'Lip sync failed: no face detected' })
  },
  'languages.json': (file) => {
    // The action reads no list of languages; what it must read is each name, as download_path's {language_code}.
    const { languages } = (documentedAnswer(file) as { data: { languages: string[] } }).data
    expect(languages.filter((name) => languageCode(name) === undefined)).toEqual([])
  },
  'error-v3-401.json': async (file) => {
    const error = await clientAnswering('v3', file, 401)
      .generate('p', REQUEST, 'k')
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HeyGenError)
    expect((error as Error).message).toContain(
      'authentication_failed: Invalid or expired API key. Verify your x-api-key header.; the key was refused: check the secret',
    )
    expect((error as HeyGenError).details).toMatchObject({ status: 401, code: 'authentication_failed', requestId: 'req-doc', mayHaveStarted: false })
  },
  'error-v3-404.json': async (file) => {
    const error = await clientAnswering('v3', file, 404)
      .generate('p', REQUEST, 'k')
      .catch((e: unknown) => e)
    expect((error as HeyGenError).details).toMatchObject({ status: 404, code: 'not_found', mayHaveStarted: false })
    expect((error as Error).message).toContain('not_found: Proofread not found.')
  },
  'error-v3-429-quota.json': async (file) => {
    // A used-up quota: failed at once (no wait mends it), with HeyGen's words; the 429 started nothing.
    const error = await clientAnswering('v3', file, 429)
      .generate('p', REQUEST, 'k')
      .catch((e: unknown) => e)
    expect((error as HeyGenError).details).toMatchObject({ status: 429, code: 'quota_exceeded', quotaExceeded: true, mayHaveStarted: false })
    expect((error as Error).message).toContain('quota_exceeded: You have used up the API quota of your plan for this period.')
  },
  'error-v2-429-trial-limit.json': async (file) => {
    const error = await clientAnswering('v2', file, 429)
      .generate('p', REQUEST)
      .catch((e: unknown) => e)
    expect((error as HeyGenError).details).toMatchObject({ status: 429, code: 'trial_video_limit_exceeded', quotaExceeded: true })
    expect((error as Error).message).toContain("trial_video_limit_exceeded: It seems you've reached your daily api trial limit 5.")
  },
  'status-v3-audio-only-without-video.json': async (file) => {
    expect(await clientAnswering('v3', file).getStatus('j')).toEqual({
      raw: 'completed',
      state: 'success',
      audioUrl: expect.stringMatching(LINK) as unknown,
      outputLanguage: 'Spanish (Spain)',
      duration: 42.5,
    })
  },
  'users-me-wallet-usd.json': async (file) => {
    expect(await balanceAnswering(file)).toEqual({ billing: 'wallet', unit: 'usd', remaining: 92.5 })
  },
  'users-me-wallet-credits.json': async (file) => {
    expect(await balanceAnswering(file)).toEqual({ billing: 'wallet', unit: 'credits', remaining: 1250 })
  },
  'users-me-subscription.json': async (file) => {
    expect(await balanceAnswering(file)).toEqual({ billing: 'subscription', unit: 'credits', remaining: 880, plan: 'Creator' })
  },
  'users-me-usage-based.json': async (file) => {
    expect(await balanceAnswering(file)).toEqual({ billing: 'usage_based', unit: 'usd', spent: 12.5, cap: 50 })
  },
  'error-v3-429.json': async (file) => {
    // A 429 is retried, then reported: started nothing.
    const error = await clientAnswering('v3', file, 429)
      .getStatus('j')
      .catch((e: unknown) => e)
    expect((error as Error).message).toContain('HTTP 429')
  },
}

describe("HeyGen's documented answers (test/contracts/answers/)", () => {
  const files = readdirSync(ANSWERS_DIR).filter((file) => file.endsWith('.json'))

  it('every file has a reading here, and every reading a file', () => {
    expect(files.sort()).toEqual(Object.keys(READS).sort())
  })

  it.each(Object.keys(READS))('the client reads %s', async (file) => {
    await READS[file]?.(file)
  })
})

describe("the sandbox answers as HeyGen does: each documented answer's fields, with values of the same shape", () => {
  /** The n-th status answer of a new job of this proofread id. */
  async function statusAnswer(version: ApiVersion, proofreadId: string, n: number): Promise<Reply> {
    const id = await generateJob(sandbox, version, proofreadId)
    let answer: Reply | undefined
    for (let i = 0; i < n; i++) answer = await get(sandbox, statusPath(version, id))
    return answer as Reply
  }
  const generate = (version: ApiVersion, id: string) => post(sandbox, generatePath(version, id))
  const proofread = (id: string) => get(sandbox, `/v3/video-translations/proofreads/${id}`)
  /** GET /v3/users/me from a sandbox playing this account. */
  async function accountAnswer(account: SandboxAccount): Promise<Reply> {
    const own = await startSandbox({ account })
    try {
      return await get(own, '/v3/users/me')
    } finally {
      await own.close()
    }
  }

  const SANDBOX: Record<string, () => Promise<Reply>> = {
    'proofread-processing.json': () => proofread('shape-sparse-proofread-processing-spanish'),
    'proofread-failed.json': () => proofread('shape-sparse-proofread-failed-spanish'),
    'proofread-completed.json': () => proofread('shape-ready-es'),
    'generate-v2.json': () => generate('v2', 'shape-v2-en'),
    'generate-v3.json': () => generate('v3', 'shape-v3-es'),
    'generate-v3-without-status.json': () => generate('v3', 'shape-sparse-es'),
    'status-v3-pending.json': () => statusAnswer('v3', 'shape-pending-es', 1),
    'status-v3-running.json': () => statusAnswer('v3', 'shape-running-es', 2),
    'status-v3-completed.json': () => statusAnswer('v3', 'shape-completed-es', 3),
    'status-v3-succeeded.json': () => statusAnswer('v3', 'shape-succeeded-es', 3),
    'status-v3-succeeded-without-link.json': () => statusAnswer('v3', 'shape-succeeded-late-link-es', 3),
    'status-v3-failed.json': () => statusAnswer('v3', 'shape-render-fails-es', 3),
    'status-v3-failed-with-reason.json': () => statusAnswer('v3', 'shape-render-fails-failure-reason-es', 3),
    'status-v2-success.json': () => statusAnswer('v2', 'shape-v2-ok-es', 3),
    'status-v2-failed.json': () => statusAnswer('v2', 'shape-v2-render-fails-es', 3),
    'languages.json': () => get(sandbox, '/v3/video-translations/languages'),
    'error-v3-401.json': () => post(sandbox, generatePath('v3', 'shape-401'), { key: 'sandbox-bad-key' }),
    'error-v3-404.json': () => proofread('shape-proofread-missing'),
    'error-v3-429.json': () => generate('v3', 'shape-status-429'),
    'error-v3-429-quota.json': () => generate('v3', 'shape-quota-es'),
    'error-v2-429-trial-limit.json': () => generate('v2', 'shape-trial-limit-es'),
    'status-v3-audio-only-without-video.json': () => statusAnswer('v3', 'shape-audio-no-video-es', 3),
    'users-me-wallet-usd.json': () => accountAnswer({ billing: 'wallet', currency: 'usd', balance: 92.5 }),
    'users-me-wallet-credits.json': () => accountAnswer({ billing: 'wallet', currency: 'credits', balance: 1250 }),
    'users-me-subscription.json': () => accountAnswer({ billing: 'subscription', balance: 880 }),
    'users-me-usage-based.json': () => accountAnswer({ billing: 'usage_based', balance: 12.5, cap: 50 }),
  }

  it('every documented answer has a sandbox answer compared with it', () => {
    expect(Object.keys(SANDBOX).sort()).toEqual(Object.keys(READS).sort())
  })

  it.each(Object.keys(SANDBOX))('%s', async (file) => {
    sandbox.reset()
    const answer = await SANDBOX[file]?.()
    expect(shapeOf(answer?.body)).toEqual(shapeOf(documentedAnswer(file)))
  })

  it('a shape tells a language code from a name, an id from a sentence', () => {
    expect(shapeOf({ output_language: 'es' })).not.toEqual(shapeOf({ output_language: 'Spanish (Spain)' }))
    expect(shapeOf({ id: 'vt 1\n' })).not.toEqual(shapeOf({ id: 'vt-1' }))
    expect(shapeOf({ data: { a: 1 } })).not.toEqual(shapeOf({ data: { a: 1, b: null } }))
  })
})
