// HeyGen's answers as outside text: what the client hands the action is data, one line, bounded, never a runner
// command, never a piece of the key; ids and links that are not what they claim are refused.
// HeyGen is an undici MockAgent: nothing leaves the machine.
import { MockAgent } from 'undici'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HeyGenError } from '../../../src/heygen/api-error.js'
import { HeyGenClient } from '../../../src/heygen/client.js'
import type { ApiVersion } from '../../../src/heygen/request.js'
import { RateLimitPause } from '../../../src/heygen/retry.js'

const ORIGIN = 'https://api.heygen.com'
const KEY = 'sk_test_Outside-Answers-4Kq9Zt'
const JSON_HEADERS = { 'content-type': 'application/json' }

let agent: MockAgent

beforeEach(() => {
  agent = new MockAgent()
  agent.disableNetConnect()
})

afterEach(async () => {
  await agent.close()
})

function makeClient(version: ApiVersion): HeyGenClient {
  return new HeyGenClient({
    baseUrl: ORIGIN,
    apiKey: KEY,
    version,
    transport: { userAgent: 'test', timeoutMs: 30_000, signal: new AbortController().signal, dispatcher: agent },
    pause: new RateLimitPause(),
    random: () => 0,
  })
}

function answer(method: 'GET' | 'POST', path: string, status: number, body: unknown, headers: Record<string, string> = JSON_HEADERS) {
  agent
    .get(ORIGIN)
    .intercept({ path, method })
    .reply(status, typeof body === 'string' ? body : JSON.stringify(body), { headers })
}

async function errorOf(promise: Promise<unknown>): Promise<HeyGenError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(HeyGenError)
  return error as HeyGenError
}

/** Any 8 characters of the key. */
function keyPieces(): string[] {
  return Array.from({ length: KEY.length - 7 }, (_, i) => KEY.slice(i, i + 8))
}

describe('an answer that quotes the key', () => {
  // The key sits across the 160-character cut of a non-JSON excerpt, and again at the end.
  const echoed = `${'Invalid request: the x-api-key header carried a value this account does not recognise, '.padEnd(150, '.')} ${KEY} (received). Key seen: ${KEY}`

  it('given a non-JSON 400 whose excerpt would be cut inside the key, no piece of the key is in the error', async () => {
    answer('POST', '/v2/video_translate/proofread/pr_1/generate', 400, echoed, { 'content-type': 'text/plain' })
    const error = await errorOf(makeClient('v2').generate('pr_1', { captions: false, translate_audio_only: false }))
    expect(error.message).toContain('HTTP 400')
    for (const piece of keyPieces()) expect(error.message).not.toContain(piece)
  })

  it('given a JSON 400 message quoting the key in base64 and URL-encoded, neither form is in the error', async () => {
    const message = `bad key ${Buffer.from(KEY).toString('base64')} / ${encodeURIComponent(KEY)}`
    answer('POST', '/v3/video-translations/proofreads/pr_1/generate', 400, { error: { code: 'invalid_parameter', message } })
    const error = await errorOf(makeClient('v3').generate('pr_1', { captions: false, translate_audio_only: false }))
    expect(error.message).toContain('invalid_parameter: bad key *** / ***')
  })

  it.each([
    [401, 'the key was refused: check the secret'],
    [403, "the key's plan does not include this, or the key has no access to it: generating from a proofread needs a HeyGen API plan"],
  ])('given a %i that quotes the key, HeyGen message is shown with the key redacted, capped, and what it means', async (status, meaning) => {
    const message = `Key ${KEY.slice(0, 12)} is not valid for this route. Whole key: ${KEY}; base64: ${Buffer.from(KEY).toString('base64')}. ${'Ask your admin. '.repeat(100)}`
    answer(
      'POST',
      '/v2/video_translate/proofread/pr_1/generate',
      status,
      { error: { code: 'authentication_failed', message } },
      {
        ...JSON_HEADERS,
        'x-request-id': 'req-403-abc',
      },
    )
    const error = await errorOf(makeClient('v2').generate('pr_1', { captions: false, translate_audio_only: false }))
    expect(error.message).toContain(`HTTP ${status}`)
    expect(error.message).toContain('authentication_failed: Key *** is not valid for this route. Whole key: ***; base64: ***.')
    expect(error.message).toContain(`; ${meaning}`)
    expect(error.message).toContain('(X-Request-Id: req-403-abc)')
    expect(error.message).toMatch(/\.\.\. \(\d+ more characters\)/)
    expect(error.message.length).toBeLessThan(700)
    for (const piece of keyPieces()) expect(error.message).not.toContain(piece)
  })
})

describe('a generate answer with an id HeyGen could not have issued', () => {
  it.each(['vid1\n::error file=x,line=1::INJECTED', '../../etc/passwd', 'x'.repeat(201), '##[add-mask]x'])(
    'given %j, the job may exist: reported (escaped) as maybe started, never returned as an id',
    async (id) => {
      answer('POST', '/v2/video_translate/proofread/pr_1/generate', 200, { error: null, data: { video_translate_id: id, status: 'processing' } })
      const error = await errorOf(makeClient('v2').generate('pr_1', { captions: false, translate_audio_only: false }))
      expect(error.details.mayHaveStarted).toBe(true)
      expect(error.message).toContain('not a usable id')
      expect(error.message.split('\n')).toHaveLength(1)
      expect(error.message).not.toContain('##[')
    },
  )
})

describe('a status answer', () => {
  const path = '/v3/video-translations/vt-1'

  it('given a status word that is a runner command, it is kept as data and stays unknown (keep waiting)', async () => {
    answer('GET', path, 200, { data: { id: 'vt-1', status: '##[add-mask]x' } })
    const status = await makeClient('v3').getStatus('vt-1')
    expect(status.raw).toBe('## [add-mask]x')
    expect(status.state).toBeUndefined()
  })

  it('given a 900 KB failure message with line breaks and commands, the message is one line of at most 2 KiB', async () => {
    const message = `Render failed\n::warning::x\n##[set-output name=video_path;]/etc/shadow\n${'x'.repeat(900_000)}`
    answer('GET', path, 200, { data: { id: 'vt-1', status: 'failed', failure_message: message } })
    const status = await makeClient('v3').getStatus('vt-1')
    expect(status.state).toBe('failed')
    expect(status.message?.length).toBeLessThanOrEqual(2048)
    expect(status.message).toMatch(
      /^Render failed\\n::warning::x\\n## \[set-output name=video_path;\]\/etc\/shadow\\nx+\.\.\. \(\d+ more characters\)$/,
    )
  })

  it('given links that are not plain http(s), they are dropped and described, the others kept', async () => {
    answer('GET', path, 200, {
      data: {
        id: 'vt-1',
        status: 'completed',
        video_url: 'javascript:alert("x")//\n::error::x',
        vtt_caption_url: 'https://files.example.com/c.vtt?sig=1',
        srt_caption_url: 'https://files.example.com/c.srt?sig=1',
      },
    })
    const status = await makeClient('v3').getStatus('vt-1')
    expect(status.videoUrl).toBeUndefined()
    expect(status.captionUrl).toBe('https://files.example.com/c.vtt?sig=1')
    expect(status.unusableLinks).toEqual(['the video link is not a plain http(s) link ("javascript:alert("x")//\\n::error::x"), so it is not used'])
  })
})
