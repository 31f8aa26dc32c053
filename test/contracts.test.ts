// Every sandbox answer must match HeyGen's published contracts, or tests of the action would prove nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Sandbox, startSandbox } from '../sandbox/heygen-sandbox.ts'
import { V2_SUCCESS_EXAMPLE, validate } from './helpers/contracts.ts'
import { generateJob, generatePath, get, post, statusPath } from './helpers/sandbox-client.ts'

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
    expect(details.map((detail) => detail.outputLanguage)).toEqual(['es', 'fr', 'de'])
    const asked = sandbox.requests.filter((request) => request.method === 'GET').map((request) => request.path)
    // The contract's own path template, filled with each id: the action asks exactly the route HeyGen documents.
    expect(asked).toEqual(ids.map((id) => `/v3/video-translations/proofreads/${id}`))
    for (const id of ids) expect(validate('v3.proofread.response', (await get(sandbox, `/v3/video-translations/proofreads/${id}`)).body)).toEqual([])
    expect(validate('v3.proofread.response', { data: { id: 'x', status: 'queued' } })).not.toEqual([])
  })
})
