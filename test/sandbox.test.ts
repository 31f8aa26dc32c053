// The HeyGen sandbox itself: tests of the action rely on these behaviours, so they are pinned here.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { get as httpGet, type IncomingMessage } from 'node:http'
import { get as httpsGet } from 'node:https'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { gunzipSync } from 'node:zlib'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { ECHO_KEY_AT, EVIL_MESSAGE, EVIL_STATUS, EVIL_URL, HUGE_MESSAGE_BYTES, LONG_MESSAGE_BYTES } from '../sandbox/hostile-answers.ts'
import {
  AUDIO_BYTES,
  BIG_ANSWER_BYTES,
  expectedAudioSha256,
  expectedVideoSha256,
  FILE_HOST_CERT,
  refusedUrl,
  type Sandbox,
  startSandbox,
} from '../sandbox/heygen-sandbox.ts'
import { actionDefaults, parseOutputFile, runAction } from '../sandbox/run-action.ts'
import { dataOf, generateJob, generatePath, get, post, statusPath } from './helpers/sandbox-client.ts'

let sandbox: Sandbox
beforeEach(async () => {
  sandbox = await startSandbox({ retryAfterSeconds: 2 })
})
afterEach(async () => {
  await sandbox.close()
})

async function poll(version: 'v2' | 'v3', id: string, times: number): Promise<Array<Record<string, unknown>>> {
  const answers = []
  for (let i = 0; i < times; i++) answers.push(dataOf(await get(sandbox, statusPath(version, id))))
  return answers
}

describe('generate and status', () => {
  it('moves a v2 job through pending, running and success, with a fresh signed link on each call', async () => {
    const id = await generateJob(sandbox, 'v2', 'release-1-es')
    const answers = await poll('v2', id, 4)
    expect(answers.map((a) => a.status)).toEqual(['pending', 'running', 'success', 'success'])
    expect(answers[0]).toMatchObject({ video_translate_id: id, url: null, message: null })
    expect(answers[2]?.url).toMatch(new RegExp(`^${sandbox.fileUrl}/videos/${id}\\.mp4\\?sig=\\d+$`))
    expect(answers[3]?.url).not.toBe(answers[2]?.url)
    expect(sandbox.jobs).toMatchObject([{ id, proofreadId: 'release-1-es', version: 'v2', statusCalls: 4 }])
  })

  it('ends a v3 render-fails job as failed with the failure message', async () => {
    const id = await generateJob(sandbox, 'v3', 'pr-render-fails')
    const answers = await poll('v3', id, 3)
    expect(answers.map((a) => a.status)).toEqual(['pending', 'running', 'failed'])
    expect(answers[2]).toMatchObject({ failure_message: 'Lip sync failed: no face detected in segment 3', video_url: null })
  })

  it('answers unknown-status with `queued`, never-finishes stays running, poll-503-N and flap answer 503', async () => {
    const queued = await generateJob(sandbox, 'v2', 'pr-unknown-status')
    expect((await poll('v2', queued, 1))[0]?.status).toBe('queued')
    const forever = await generateJob(sandbox, 'v3', 'pr-never-finishes')
    expect((await poll('v3', forever, 6)).map((a) => a.status)).toEqual(['pending', ...Array(5).fill('running')])

    const outage = await generateJob(sandbox, 'v2', 'pr-poll-503-2')
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await get(sandbox, statusPath('v2', outage))).status)
    expect(statuses).toEqual([200, 503, 503, 200, 200])
    const flap = await generateJob(sandbox, 'v3', 'pr-flap')
    const flaps = []
    for (let i = 0; i < 4; i++) flaps.push((await get(sandbox, statusPath('v3', flap))).status)
    expect(flaps).toEqual([200, 503, 200, 503])
  })

  it('refuses a missing or bad key, and tags every answer with X-Request-Id', async () => {
    const missing = await post(sandbox, generatePath('v2', 'pr-1'), { key: null })
    const bad = await post(sandbox, generatePath('v3', 'pr-1'), { key: 'sandbox-bad-key' })
    expect([missing.status, bad.status]).toEqual([401, 401])
    expect(bad.body).toMatchObject({ error: { code: 'authentication_failed' } })
    expect(missing.headers.get('x-request-id')).toMatch(/^req-\d+$/)
    expect(sandbox.jobs).toHaveLength(0)
  })

  it('records the raw path and decodes exactly one segment as the proofread id', async () => {
    sandbox.knowProofread('../../admin')
    await post(sandbox, '/v2/video_translate/proofread/..%2F..%2Fadmin/generate')
    expect(sandbox.requests[0]?.path).toBe('/v2/video_translate/proofread/..%2F..%2Fadmin/generate')
    expect(sandbox.generateCalls('../../admin')).toHaveLength(1)
    expect(sandbox.jobs[0]?.proofreadId).toBe('../../admin')
  })

  it('answers 404 for a proofread id outside its demo pattern (a link, a path, spaces), as HeyGen would, and starts nothing', async () => {
    for (const id of ['https://app.heygen.com/proofread/abc-es', 'a/b-es', 'two words', '-leading-dash']) {
      expect((await post(sandbox, generatePath('v2', id))).status, `v2 ${id}`).toBe(404)
      expect((await post(sandbox, generatePath('v3', id))).status, `v3 ${id}`).toBe(404)
      expect((await get(sandbox, `/v3/video-translations/proofreads/${encodeURIComponent(id)}`)).status, `detail ${id}`).toBe(404)
    }
    expect(sandbox.jobs).toEqual([])
    // HeyGen's own form and the demo ids are known.
    for (const id of ['8ce0fba6c1bf41339f991dcc0a0fc3e6-es', 'demo-fr', 'pr_1.v2']) {
      expect((await get(sandbox, `/v3/video-translations/proofreads/${id}`)).status, id).toBe(200)
    }
    sandbox.knowProofread('a/b-es')
    expect((await post(sandbox, generatePath('v3', 'a/b-es'))).status).toBe(200)
    sandbox.reset()
    expect((await post(sandbox, generatePath('v3', 'a/b-es'))).status).toBe(404)
  })

  it('answers status-NNN in each v2 error shape', async () => {
    expect((await post(sandbox, generatePath('v2', 'pr-status-402'))).body).toEqual({
      error: { code: 'insufficient_credit', message: expect.any(String) },
      data: null,
    })
    expect((await post(sandbox, generatePath('v2', 'pr-status-403-shape-string'))).body).toEqual({
      error: expect.stringContaining('plan does not include'),
      data: null,
    })
    const top = await post(sandbox, generatePath('v2', 'pr-status-400-shape-top'))
    expect([top.status, top.body]).toEqual([400, { code: 400175, message: expect.any(String) }])
  })

  it('refuses a v3 body with a field outside the contract', async () => {
    const answer = await post(sandbox, generatePath('v3', 'pr-1'), { body: { captions: true, extra: 1 } })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ error: { code: 'invalid_parameter', param: 'extra' } })
  })
})

describe('retries and idempotency', () => {
  it('answers limit-N with 429 and Retry-After in seconds, then succeeds', async () => {
    const first = await post(sandbox, generatePath('v2', 'pr-limit-2'))
    const second = await post(sandbox, generatePath('v2', 'pr-limit-2'))
    const third = await post(sandbox, generatePath('v2', 'pr-limit-2'))
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200])
    expect(first.headers.get('retry-after')).toBe('2')
    expect(first.body).toMatchObject({ error: { code: 'rate_limit_exceeded' } })
  })

  it('writes Retry-After as an HTTP date with limit-N-date', async () => {
    const answer = await post(sandbox, generatePath('v3', 'pr-limit-1-date'))
    const date = Date.parse(answer.headers.get('retry-after') ?? '')
    expect(date - Date.now()).toBeGreaterThanOrEqual(2000)
    expect(date - Date.now()).toBeLessThanOrEqual(4000)
  })

  it('replays a completed v3 request with the same Idempotency-Key instead of starting a second job', async () => {
    const headers = { 'Idempotency-Key': 'run-1:pr-1' }
    const first = await post(sandbox, generatePath('v3', 'pr-1'), { headers })
    const again = await post(sandbox, generatePath('v3', 'pr-1'), { headers })
    expect(again.text).toBe(first.text)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(sandbox.jobs.filter((job) => job.proofreadId === 'pr-1')).toHaveLength(1)
    // The key is scoped per proofread id: the same key on another proofread starts its own job.
    await post(sandbox, generatePath('v3', 'pr-2'), { headers })
    expect(sandbox.jobs).toHaveLength(2)
  })

  it('answers 409 request_in_progress while the first request with the key is in flight', async () => {
    const headers = { 'Idempotency-Key': 'slow-key' }
    const slow = post(sandbox, generatePath('v3', 'pr-slow-300'), { headers })
    await expect.poll(() => sandbox.generateCalls('pr-slow-300').length).toBe(1)
    const during = await post(sandbox, generatePath('v3', 'pr-slow-300'), { headers })
    expect(during.status).toBe(409)
    expect(during.body).toMatchObject({ error: { code: 'request_in_progress' } })
    const first = await slow
    const after = await post(sandbox, generatePath('v3', 'pr-slow-300'), { headers })
    expect([first.status, after.text]).toEqual([200, first.text])
    expect(sandbox.jobs).toHaveLength(1)
  })

  it('does not store a 5xx for replay: the retry with the key runs again and pays once', async () => {
    const headers = { 'Idempotency-Key': 'flaky-key' }
    const first = await post(sandbox, generatePath('v3', 'pr-flaky-1'), { headers })
    const retry = await post(sandbox, generatePath('v3', 'pr-flaky-1'), { headers })
    expect([first.status, retry.status]).toEqual([500, 200])
    expect(retry.headers.get('idempotent-replayed')).toBeNull()
    expect(sandbox.jobs).toHaveLength(1)
  })
})

describe('network failures', () => {
  it('ends a hang request only when the sandbox closes', async () => {
    const hung = fetch(`${sandbox.url}${generatePath('v2', 'pr-hang')}`, { method: 'POST', headers: { 'x-api-key': 'k' }, body: '{}' })
    await expect.poll(() => sandbox.generateCalls('pr-hang').length).toBe(1)
    const started = Date.now()
    await sandbox.close()
    await expect(hung).rejects.toThrow()
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('resets the connection after reading the body, creating no job', async () => {
    await expect(post(sandbox, generatePath('v2', 'pr-reset'), { body: { captions: true } })).rejects.toThrow()
    expect(sandbox.generateCalls('pr-reset')[0]?.json).toEqual({ captions: true })
    expect(sandbox.jobs).toHaveLength(0)
  })

  it('redirects a generate call to the other origin, which records what arrives', async () => {
    const answer = await post(sandbox, generatePath('v2', 'pr-redirect'))
    expect(answer.status).toBe(307)
    expect(answer.headers.get('location')).toBe(`${sandbox.fileUrl}${generatePath('v2', 'pr-redirect')}`)
  })

  it('gives a refused URL for connection-refused tests', async () => {
    await expect(fetch(`${await refusedUrl()}/v2/x`)).rejects.toThrow()
  })
})

describe('file host', () => {
  async function videoUrl(proofreadId: string, body: unknown = {}): Promise<{ id: string; url: string }> {
    const id = await generateJob(sandbox, 'v3', proofreadId, body)
    const answers = await poll('v3', id, 3)
    return { id, url: String(answers[2]?.video_url) }
  }

  it('serves deterministic bytes whose sha256 expectedVideoSha256 knows, and never needs the key', async () => {
    const { id, url } = await videoUrl('pr-size-3000000')
    const response = await fetch(url)
    const bytes = Buffer.from(await response.arrayBuffer())
    expect(response.headers.get('content-type')).toBe('video/mp4')
    expect(response.headers.get('content-length')).toBe('3000000')
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(expectedVideoSha256(id, 3_000_000))
    expect(sandbox.fileRequests.every((request) => request.headers['x-api-key'] === undefined)).toBe(true)
  })

  it('refuses a link it did not sign', async () => {
    const { id } = await videoUrl('pr-1')
    expect((await fetch(`${sandbox.fileUrl}/videos/${id}.mp4?sig=999999`)).status).toBe(403)
    expect((await fetch(`${sandbox.fileUrl}/nothing`)).status).toBe(404)
  })

  it('truncates the body of a truncate video after about half', async () => {
    const { url } = await videoUrl('pr-truncate-size-2000000')
    const response = await fetch(url)
    expect(response.headers.get('content-length')).toBe('2000000')
    await expect(response.arrayBuffer()).rejects.toThrow()
  })

  it('expires the first link of an expire-once job, later links work', async () => {
    const id = await generateJob(sandbox, 'v2', 'pr-expire-once')
    const answers = await poll('v2', id, 4)
    const expired = await fetch(String(answers[2]?.url))
    expect(expired.status).toBe(403)
    expect(await expired.text()).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>')
    expect((await fetch(String(answers[3]?.url))).status).toBe(200)
  })

  it('serves captions from v3 status links and the v2 caption route', async () => {
    const id = await generateJob(sandbox, 'v3', 'pr-captions', { captions: true })
    const before = await get(sandbox, `/v2/video_translate/caption?video_translate_id=${id}&caption_type=vtt`)
    expect(before.status).toBe(404)
    const done = (await poll('v3', id, 3))[2] ?? {}
    const vtt = await (await fetch(String(done.vtt_caption_url))).text()
    expect(vtt).toMatch(/^WEBVTT\n/)
    expect(vtt).toContain(id)
    const v2 = await get(sandbox, `/v2/video_translate/caption?video_translate_id=${id}&caption_type=srt`)
    expect(await (await fetch(String(dataOf(v2).caption_url))).text()).toMatch(/^1\n00:00:00,000 --> /)
    expect((await get(sandbox, `/v2/video_translate/caption?video_translate_id=${id}`)).status).toBe(400)
  })
})

interface RawAnswer {
  text: string
  bytes: number
  /** The server ended the connection first. */
  closed: boolean
  firstByteMs: number
  /** From the request's connection to the end of the read. */
  elapsedMs: number
}

/**
 * What a raw socket receives for a GET of `url` within `ms`, or until the server closes, or until `until` holds of
 * what arrived (then `lingerMs` more, to see that nothing else comes).
 */
function rawGet(url: string, ms: number, until?: (got: { text: string; bytes: number }) => boolean, lingerMs = 0): Promise<RawAnswer> {
  const { hostname, port, pathname, search } = new URL(url)
  return new Promise((resolve) => {
    const started = Date.now()
    const socket = connect(Number(port), hostname, () => socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`))
    let text = ''
    let bytes = 0
    let firstByteMs = -1
    let cut = false
    let timer = setTimeout(stop, ms)
    let reached = false
    function stop(): void {
      cut = true
      socket.destroy()
    }
    socket.on('data', (data: Buffer) => {
      if (firstByteMs < 0) firstByteMs = Date.now() - started
      if (text.length < 4096) text += data.toString('latin1', 0, Math.min(data.length, 4096))
      bytes += data.length
      if (!reached && until?.({ text, bytes })) {
        reached = true
        clearTimeout(timer)
        timer = setTimeout(stop, lingerMs)
      }
    })
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve({ text, bytes, closed: !cut, firstByteMs, elapsedMs: Date.now() - started })
    })
  })
}

/** A GET through node:http(s) that follows nothing and decodes nothing. */
function plainGet(url: string): Promise<{ response: IncomingMessage; body: Buffer }> {
  const getter = url.startsWith('https:') ? httpsGet : httpGet
  return new Promise((resolve, reject) => {
    getter(url, { ca: readFileSync(FILE_HOST_CERT) }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ response, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    }).on('error', reject)
  })
}

describe('hostile file host', () => {
  async function videoUrl(proofreadId: string): Promise<{ id: string; url: string }> {
    const id = await generateJob(sandbox, 'v3', proofreadId)
    const answers = await poll('v3', id, 3)
    return { id, url: String(answers[2]?.video_url) }
  }

  /** The trickles' gap where a story is about their shape, not the production-like 400 ms (TRICKLE_MS). */
  const GAP_MS = 100
  async function trickling(): Promise<void> {
    await sandbox.close()
    sandbox = await startSandbox({ retryAfterSeconds: 2, trickleMs: GAP_MS })
  }

  it('trickle-head sends its head a byte at a time (one every trickleMs)', async () => {
    await trickling()
    const { url } = await videoUrl('pr-trickle-head')
    const got = await rawGet(url, 10 * GAP_MS, ({ bytes }) => bytes >= 3)
    expect(got.text).toBe('HTTP/'.slice(0, got.bytes))
    expect(got.bytes).toBeGreaterThanOrEqual(3)
    expect(got.bytes).toBeLessThanOrEqual(5)
    // Never faster than the gap: the third byte left two gaps after the first (a timer may fire a millisecond early).
    expect(got.elapsedMs).toBeGreaterThanOrEqual(2 * GAP_MS - 2)
  })

  it('trickle-body sends a whole head with Content-Length, then a byte every 400 ms (TRICKLE_MS, the default gap)', async () => {
    const { url } = await videoUrl('pr-trickle-body-size-5000')
    const bodyOf = (text: string) => text.split('\r\n\r\n')[1] ?? ''
    const got = await rawGet(url, 4000, ({ text }) => bodyOf(text).length >= 3)
    const [head, body = ''] = got.text.split('\r\n\r\n')
    expect(head).toContain('Content-Length: 5000')
    expect(body.length).toBeGreaterThanOrEqual(3)
    expect(body.length).toBeLessThanOrEqual(5)
    expect(got.elapsedMs).toBeGreaterThanOrEqual(2 * 400 - 2)
  })

  it('endless-trailers ends the chunks, then sends trailer lines with no end', async () => {
    await trickling()
    const { url } = await videoUrl('pr-endless-trailers-size-1000')
    // A trailer line every quarter gap.
    const got = await rawGet(url, 20 * GAP_MS, ({ text }) => text.includes('X-Checksum-3: '))
    expect(got.text).toContain('Transfer-Encoding: chunked')
    const afterLast = got.text.slice(got.text.indexOf('\r\n0\r\n') + 5)
    expect(afterLast).toMatch(/^X-Checksum-1: c+\r\nX-Checksum-2: c+\r\nX-Checksum-3: /)
    expect(afterLast).not.toContain('\r\n\r\n')
    expect(got.closed).toBe(false)
  })

  it('endless-body sends a close-framed body past any size', async () => {
    const { url } = await videoUrl('pr-endless-body-size-1000')
    // Read until past 16 MiB (the size named in the id is 1000 bytes), then hang up.
    const got = await rawGet(url, 10_000, ({ bytes }) => bytes > 16 * 1024 * 1024)
    expect(got.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(got.text.split('\r\n\r\n')[0]).not.toMatch(/Content-Length|Transfer-Encoding/i)
    expect(got.bytes).toBeGreaterThan(16 * 1024 * 1024)
    expect(got.closed).toBe(false)
  })

  it('continue-flood sends 100 Continue heads back to back and no final answer; hints-flood sends 103s', async () => {
    await trickling()
    const heads = 10_000 * 'HTTP/1.1 100 Continue\r\n\r\n'.length
    // Every head, then a while longer: nothing more comes, and the connection stays open.
    const flood = await rawGet((await videoUrl('pr-continue-flood')).url, 5000, ({ bytes }) => bytes >= heads, GAP_MS)
    expect(flood.bytes).toBe(heads)
    expect(flood.closed).toBe(false)
    // A 103 every half gap.
    const hint = /HTTP\/1\.1 103 Early Hints\r\nLink: [^\r]+\r\n\r\n/g
    const hints = await rawGet((await videoUrl('pr-hints-flood')).url, 10 * GAP_MS, ({ text }) => (text.match(hint) ?? []).length >= 3)
    expect(hints.text).toMatch(/^(HTTP\/1\.1 103 Early Hints\r\nLink: [^\r]+\r\n\r\n){3,4}$/)
    expect(hints.elapsedMs).toBeGreaterThanOrEqual(GAP_MS - 2)
    expect(hints.closed).toBe(false)
  })

  it('stops every hostile answer when the sandbox closes', async () => {
    const { url } = await videoUrl('pr-trickle-body')
    const got = rawGet(url, 5000)
    await expect.poll(() => sandbox.fileRequests.length).toBe(1)
    const started = Date.now()
    await sandbox.close()
    expect((await got).closed).toBe(true)
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('gzip answers a gzipped video whatever Accept-Encoding says', async () => {
    const { id, url } = await videoUrl('pr-gzip-size-200000')
    const { response, body } = await plainGet(url)
    expect(response.headers['content-encoding']).toBe('gzip')
    expect(createHash('sha256').update(gunzipSync(body)).digest('hex')).toBe(expectedVideoSha256(id, 200_000))
  })

  it('redirect-N redirects N times on the file host before serving the video', async () => {
    const { url } = await videoUrl('pr-redirect-2-size-100')
    const first = await plainGet(url)
    const second = await plainGet(String(first.response.headers.location))
    const third = await plainGet(String(second.response.headers.location))
    expect([first.response.statusCode, second.response.statusCode, third.response.statusCode]).toEqual([302, 302, 200])
    expect(third.body).toHaveLength(100)
    expect(sandbox.fileRequests.map((request) => new URL(request.path, sandbox.fileUrl).searchParams.get('hop'))).toEqual([null, '1', '2'])
  })

  it('https-to-http issues an https link that redirects to the same file over plain http; https-link serves over https', async () => {
    const { url } = await videoUrl('pr-https-to-http')
    expect(url.startsWith(`${sandbox.secureFileUrl}/videos/`)).toBe(true)
    const secure = await plainGet(url)
    expect(secure.response.statusCode).toBe(302)
    expect(secure.response.headers.location).toBe(url.replace(sandbox.secureFileUrl, sandbox.fileUrl))
    expect((await plainGet(String(secure.response.headers.location))).body).toHaveLength(1024 * 1024)
    expect(sandbox.fileRequests.map((request) => request.tls ?? false)).toEqual([true, false])

    const direct = await plainGet((await videoUrl('pr-https-link-size-10')).url)
    expect([direct.response.statusCode, direct.body.length]).toEqual([200, 10])
  })

  it('big-answer pads every status answer past 5 MiB, still valid JSON that moves the job on', async () => {
    const id = await generateJob(sandbox, 'v2', 'pr-big-answer')
    const first = await get(sandbox, statusPath('v2', id))
    expect(first.text.length).toBeGreaterThan(BIG_ANSWER_BYTES)
    expect(dataOf(first).status).toBe('pending')
    const v3 = await generateJob(sandbox, 'v3', 'pr-big-answer')
    const answers = await poll('v3', v3, 3)
    expect(answers.map((a) => a.status)).toEqual(['pending', 'running', 'completed'])
    expect(String(answers[2]?.failure_message).length).toBeGreaterThan(BIG_ANSWER_BYTES)
  })
})

describe('file host rate (fileRateBytesPerSecond)', () => {
  it('paces a video body to the rate', async () => {
    await sandbox.close()
    sandbox = await startSandbox({ fileRateBytesPerSecond: 4 * 1024 * 1024 })
    const id = await generateJob(sandbox, 'v2', 'pr-size-1048576')
    const url = String((await poll('v2', id, 3))[2]?.url)
    const started = Date.now()
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer())
    const took = Date.now() - started
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(expectedVideoSha256(id, 1_048_576))
    // 1 MiB at 4 MiB/s: a quarter of a second, give or take a tick.
    expect(took).toBeGreaterThanOrEqual(225)
    expect(took).toBeLessThan(1250)
  })
})

/** Errors of an answer body `{data: …}` against the v3 contract's ProofreadDetail schema ([] when valid). */
function proofreadDetailErrors(value: unknown): string[] {
  const contract = JSON.parse(readFileSync(new URL('contracts/video-translate.v3.openapi.json', import.meta.url), 'utf8')) as {
    components: unknown
  }
  const ajv = new Ajv2020({ allErrors: true, strict: false })
  const check = ajv.compile({
    type: 'object',
    required: ['data'],
    properties: { data: { $ref: '#/components/schemas/ProofreadDetail' } },
    components: contract.components,
  })
  return check(value) ? [] : (check.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`)
}

describe("issue 16: HeyGen's language names and status words", () => {
  it('names languages as HeyGen does everywhere: preflight, status and the languages route, regions, scripts and commas included', async () => {
    const detail = (id: string) => get(sandbox, `/v3/video-translations/proofreads/${id}`)
    const names = []
    for (const id of ['pr-es', 'pr-es419', 'pr-pt', 'pr-zh', 'pr-yue', 'pr-ko', 'pr-ar', 'pr-x']) names.push(dataOf(await detail(id)).output_language)
    expect(names).toEqual([
      'Spanish (Spain)',
      'Spanish (Latin America)',
      'Portuguese (Brazil)',
      'Chinese (Mandarin, Simplified)',
      'Chinese (Cantonese, Traditional)',
      'Korean (Korea)',
      'Arabic',
      'Spanish (Spain)',
    ])
    const id = await generateJob(sandbox, 'v3', 'pr-tw')
    expect((await poll('v3', id, 1))[0]?.output_language).toBe('Chinese (Taiwanese Mandarin, Traditional)')
    const languages = dataOf(await get(sandbox, '/v3/video-translations/languages')).languages as string[]
    expect(languages).toContain('Chinese (Cantonese, Traditional)')
    expect(languages.every((name) => /^[A-Z]/.test(name))).toBe(true)
  })

  it('succeeded, succeeded with a late link, failure_reason, and sparse answers, per proofread id', async () => {
    const succeeded = await poll('v3', await generateJob(sandbox, 'v3', 'pr-succeeded-es'), 3)
    expect(succeeded[2]).toMatchObject({ status: 'succeeded', video_url: expect.stringContaining('/videos/') })
    const late = await poll('v3', await generateJob(sandbox, 'v3', 'pr-succeeded-late-link-es'), 4)
    expect(late.slice(2).map((answer) => [answer.status, typeof answer.video_url])).toEqual([
      ['succeeded', 'object'],
      ['succeeded', 'string'],
    ])
    const reason = await poll('v3', await generateJob(sandbox, 'v3', 'pr-render-fails-failure-reason'), 3)
    expect(reason[2]).toMatchObject({ status: 'failed', failure_reason: expect.stringContaining('failed') })
    expect(reason[2]).not.toHaveProperty('failure_message')
    const sparse = await poll('v3', await generateJob(sandbox, 'v3', 'pr-sparse-es'), 3)
    expect(Object.keys(sparse[0] ?? {}).sort()).toEqual(['id', 'status'])
    expect(Object.keys(sparse[2] ?? {}).sort()).toEqual(['audio_url', 'id', 'status', 'video_url'])
  })
})

describe('issue 10: retired v2, proofread detail, audio, empty answers', () => {
  it('v2Retired answers every /v2/ route with an HTML 410 before any key check, and starts nothing; v3 still works', async () => {
    await sandbox.close()
    sandbox = await startSandbox({ v2Retired: 410 })
    const generate = await post(sandbox, generatePath('v2', 'pr-retired-es'))
    const status = await get(sandbox, statusPath('v2', 'vt-anything'), { key: null })
    const caption = await get(sandbox, '/v2/video_translate/caption?video_translate_id=x&caption_type=vtt')
    for (const answer of [generate, status, caption]) {
      expect(answer.status).toBe(410)
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/)
      expect(answer.body).toBeUndefined()
      expect(answer.text).toContain('Gone')
    }
    expect(sandbox.jobs).toHaveLength(0)
    expect(sandbox.generateCalls('pr-retired-es')).toHaveLength(1)
    await generateJob(sandbox, 'v3', 'pr-retired-es')
    expect(sandbox.jobs).toHaveLength(1)
  })

  it('v2Retired: 404 answers an HTML 404', async () => {
    await sandbox.close()
    sandbox = await startSandbox({ v2Retired: 404 })
    const answer = await post(sandbox, generatePath('v2', 'pr-1'))
    expect([answer.status, answer.headers.get('content-type')?.startsWith('text/html')]).toEqual([404, true])
    expect(sandbox.jobs).toHaveLength(0)
  })

  it('answers the proofread detail route per the contract: completed by default, the language (a name, as HeyGen sends it) from the id', async () => {
    const answer = await get(sandbox, '/v3/video-translations/proofreads/release-1-fr')
    expect(answer.status).toBe(200)
    expect(proofreadDetailErrors(answer.body)).toEqual([])
    expect(dataOf(answer)).toMatchObject({ id: 'release-1-fr', status: 'completed', output_language: 'French (France)', failure_message: null })
    expect(sandbox.detailCalls('release-1-fr')).toHaveLength(1)
    expect(sandbox.detailCalls()[0]?.headers['x-api-key']).toBe('sandbox-test-key')
    expect(sandbox.jobs).toHaveLength(0)
    expect(sandbox.generateCalls()).toHaveLength(0)
  })

  it('proofread-processing, proofread-failed, proofread-missing and proofread-503-N; generate still works for each', async () => {
    const detail = (id: string) => get(sandbox, `/v3/video-translations/proofreads/${id}`)
    const processing = await detail('pr-proofread-processing-de')
    const failed = await detail('pr-proofread-failed')
    expect(dataOf(processing)).toMatchObject({ status: 'processing', output_language: 'German (Germany)' })
    expect(dataOf(failed)).toMatchObject({ status: 'failed', failure_message: expect.stringContaining('failed') })
    expect(proofreadDetailErrors(processing.body)).toEqual([])
    expect(proofreadDetailErrors(failed.body)).toEqual([])
    const missing = await detail('pr-proofread-missing')
    expect([missing.status, missing.body]).toEqual([404, { error: expect.objectContaining({ code: 'not_found' }) }])
    const outage = []
    for (let i = 0; i < 3; i++) outage.push((await detail('pr-proofread-503-2')).status)
    expect(outage).toEqual([503, 503, 200])
    for (const id of ['pr-proofread-processing-de', 'pr-proofread-failed', 'pr-proofread-missing']) await generateJob(sandbox, 'v3', id)
    expect(sandbox.jobs).toHaveLength(3)
  })

  it('a completed v3 job links its audio track (audio/mpeg, .mp3); no-audio drops it; v2 has none', async () => {
    const id = await generateJob(sandbox, 'v3', 'pr-audio-es')
    const answers = await poll('v3', id, 3)
    expect(answers[1]?.audio_url).toBeNull()
    const link = String(answers[2]?.audio_url)
    expect(link).toMatch(new RegExp(`^${sandbox.fileUrl}/audio/${id}\\.mp3\\?sig=\\d+$`))
    expect(answers[2]?.output_language).toBe('Spanish (Spain)')
    const response = await fetch(link)
    expect(response.headers.get('content-type')).toBe('audio/mpeg')
    const bytes = Buffer.from(await response.arrayBuffer())
    expect(bytes).toHaveLength(AUDIO_BYTES)
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(expectedAudioSha256(id))
    const silent = await generateJob(sandbox, 'v3', 'pr-no-audio')
    expect((await poll('v3', silent, 3))[2]).toMatchObject({ status: 'completed', audio_url: null })
  })

  it.each(['v2', 'v3'] as const)('%s data-null-N: the first N status answers are 200 {"data": null}, then the job moves on', async (version) => {
    const id = await generateJob(sandbox, version, 'pr-data-null-2')
    const texts = []
    for (let i = 0; i < 3; i++) texts.push((await get(sandbox, statusPath(version, id))).text)
    expect(texts.slice(0, 2)).toEqual(['{"data":null}', '{"data":null}'])
    expect(JSON.parse(texts[2] ?? '')).toMatchObject({ data: { status: 'pending' } })
  })

  it('ok-error-with-id answers 200 with both an error and a job id, and the job exists', async () => {
    const v2 = await post(sandbox, generatePath('v2', 'pr-ok-error-with-id'))
    expect(v2.status).toBe(200)
    expect(v2.body).toEqual({ error: expect.any(String), data: { video_translate_id: expect.any(String), status: 'processing' } })
    const v3 = await post(sandbox, generatePath('v3', 'pr-ok-error-with-id'))
    expect(v3.body).toMatchObject({ error: { message: expect.any(String) }, data: { video_translation_id: expect.any(String) } })
    expect(sandbox.jobs.map((job) => job.id)).toEqual([dataOf(v2).video_translate_id, dataOf(v3).video_translation_id])
  })
})

describe('issue 11: hostile text in HeyGen answers', () => {
  it('evil-id: generate returns an id with a line break and a workflow command, and it is a real job', async () => {
    const answer = await post(sandbox, generatePath('v2', 'pr-evil-id'))
    const id = String(dataOf(answer).video_translate_id)
    expect(id).toMatch(/^vid\d+\n::error file=x,line=1::INJECTED$/)
    expect(sandbox.jobs.map((job) => job.id)).toEqual([id])
    // Percent-encoded, as a client must: a URL parser silently drops a raw line break.
    const answers = await poll('v2', encodeURIComponent(id), 3)
    expect(answers.map((a) => a.status)).toEqual(['pending', 'running', 'success'])
    const link = String(answers[2]?.url)
    expect(link).toContain(`/videos/${encodeURIComponent(id)}.mp4?sig=`)
    const video = Buffer.from(await (await fetch(link)).arrayBuffer())
    expect(createHash('sha256').update(video).digest('hex')).toBe(expectedVideoSha256(id, 1024 * 1024))
  })

  it('evil-status: the first status word is a runner command, then the job succeeds', async () => {
    const id = await generateJob(sandbox, 'v3', 'pr-evil-status')
    expect((await poll('v3', id, 4)).map((a) => a.status)).toEqual([EVIL_STATUS, 'running', 'completed', 'completed'])
  })

  it('evil-message, huge-message and long-message: the render fails with that message', async () => {
    const evil = await generateJob(sandbox, 'v2', 'pr-evil-message')
    expect((await poll('v2', evil, 3))[2]).toMatchObject({ status: 'failed', message: EVIL_MESSAGE, url: null })
    expect(EVIL_MESSAGE).toContain('\n::warning::x\n##[set-output name=video_path;]/etc/shadow\n')
    const huge = await generateJob(sandbox, 'v3', 'pr-huge-message')
    const answer = (await poll('v3', huge, 3))[2]
    expect(answer?.status).toBe('failed')
    expect(String(answer?.failure_message)).toHaveLength(HUGE_MESSAGE_BYTES)
    const long = await generateJob(sandbox, 'v2', 'pr-long-message')
    expect(String((await poll('v2', long, 3))[2]?.message)).toHaveLength(LONG_MESSAGE_BYTES)
  })

  it('evil-url: the video link is a javascript: URL with a line break and quotes', async () => {
    const id = await generateJob(sandbox, 'v3', 'pr-evil-url')
    expect((await poll('v3', id, 3))[2]).toMatchObject({ status: 'completed', video_url: EVIL_URL })
    expect(EVIL_URL).toMatch(/^javascript:.*\n.*['"]/s)
  })

  it('echo-key and echo-key-401 quote the x-api-key back in a long error message, where a 160-character cut lands inside it', async () => {
    const key = 'sk-echo-SECRET-0123456789'
    const bad = await post(sandbox, generatePath('v3', 'pr-echo-key'), { key })
    expect(bad.status).toBe(400)
    const message = String((bad.body as { error: { message: string } }).error.message)
    expect(message.indexOf(key)).toBe(ECHO_KEY_AT)
    expect(message.slice(0, 160)).not.toContain(key)
    expect(message.slice(0, 160)).toContain(key.slice(0, 6))
    expect(message.lastIndexOf(key)).toBeGreaterThan(ECHO_KEY_AT)
    const auth = await post(sandbox, generatePath('v2', 'pr-echo-key-401-shape-string'), { key })
    expect(auth.status).toBe(401)
    expect((auth.body as { error: string }).error).toContain(key)
    expect(sandbox.jobs).toHaveLength(0)
  })
})

// One spawn per world, shared by both stories: each CLI's start (node loading the sandbox) is most of their time.
describe('sandbox CLI', () => {
  const V3_GENERATE = '/v3/video-translations/proofreads/pr-1-es/generate'
  const KEY = 'cli-secret-key'
  const URLS = /^HeyGen sandbox: API http:\/\/127\.0\.0\.1:\d+, files http:\/\/127\.0\.0\.1:\d+\n/

  interface CliRun {
    out: string
    /** The status of a v2 generate. */
    v2: number
    exitCode: number | null
  }

  /** Starts the CLI with `args`, asks it a v2 and a v3 generate (with KEY), waits for the v3 call's log line, and stops it with SIGTERM. */
  async function cliAnswers(args: string[]): Promise<CliRun> {
    const cli = fileURLToPath(new URL('../sandbox/cli.ts', import.meta.url))
    const child = spawn(process.execPath, [cli, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text
    })
    /** Resolves once `pattern` is in the output; throws, naming what came, after 4 s (expect.poll is not for hooks). */
    async function printed(pattern: RegExp | string): Promise<void> {
      for (const started = Date.now(); !(typeof pattern === 'string' ? out.includes(pattern) : pattern.test(out));) {
        if (Date.now() - started > 4000) throw new Error(`the sandbox CLI (${args.join(' ')}) did not print ${String(pattern)}:\n${out}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    let v2: number
    try {
      await printed(URLS)
      const api = /API (\S+),/.exec(out)?.[1]
      const answer = await fetch(`${api}/v2/video_translate/proofread/pr-1-es/generate`, { method: 'POST', headers: { 'x-api-key': KEY } })
      await answer.text()
      v2 = answer.status
      await (await fetch(`${api}${V3_GENERATE}`, { method: 'POST', headers: { 'x-api-key': KEY } })).text()
      await printed(`POST ${V3_GENERATE} -> 200`)
    } finally {
      child.kill('SIGTERM')
    }
    const exitCode = await exited
    return { out, v2, exitCode }
  }

  let today: CliRun
  let live: CliRun
  beforeAll(async () => {
    // Two sandboxes on free ports at once: their start-ups overlap instead of adding up.
    ;[today, live] = await Promise.all([cliAnswers([]), cliAnswers(['--v2-live'])])
  })

  it('prints its URLs, logs method, path and status without header values, and stops on SIGTERM', () => {
    expect(today.out).toMatch(URLS)
    expect(today.out).toContain(`POST ${V3_GENERATE} -> 200`)
    expect([today.exitCode, live.exitCode]).toEqual([0, 0])
    expect(today.out).not.toContain(KEY)
    expect(live.out).not.toContain(KEY)
  })

  it('today’s HeyGen by default: retires v2 (410) unless --v2-live is given, and says which world it plays', () => {
    expect(today.v2).toBe(410)
    expect(today.out).toContain("Every /v2/ route answers 410, as today's HeyGen does (--v2-live keeps them answering)")
    expect(live.v2).toBe(200)
    expect(live.out).toContain('v2 routes live (--v2-live)')
  })
})

describe('runAction', () => {
  it('reads every action.yml default as a string', () => {
    expect(actionDefaults()).toMatchObject({ api_version: 'auto', proofread_id: '' })
  })

  it('parses GITHUB_OUTPUT lines and heredocs, later duplicates winning', () => {
    const text = 'a=1\nlist<<ghadelimiter_1\nx\ny=z\nghadelimiter_1\na=2\n'
    expect(parseOutputFile(text)).toEqual({ a: '2', list: 'x\ny=z' })
    expect(() => parseOutputFile('b<<EOF\nno end\n')).toThrow(/closing delimiter/)
  })

  it('runs an entry with the runner environment and collects outputs, summary and log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-action-test-'))
    const entry = join(dir, 'entry.mjs')
    writeFileSync(
      entry,
      `import { appendFileSync } from 'node:fs'
const env = process.env
appendFileSync(env.GITHUB_OUTPUT, 'id=' + env.INPUT_PROOFREAD_ID + '\\nversion<<EOF\\n' + env.INPUT_API_VERSION + '\\nEOF\\n')
appendFileSync(env.GITHUB_STEP_SUMMARY, '## done in ' + process.cwd())
console.log('extra:', env.INPUT_EXTRA_INPUT, 'home:', env.HOME === undefined, 'ci:', env.CI, env.GITHUB_REPOSITORY)
console.error('on stderr')
process.exit(3)`,
    )
    const run = await runAction({
      entry,
      inputs: { proofread_id: 'pr-9', 'extra input': 'yes' },
      env: { HOME: undefined },
    }).finally(() => rmSync(dir, { recursive: true, force: true }))
    rmSync(run.tempDir, { recursive: true, force: true })
    expect(run.code).toBe(3)
    expect(run.outputs).toEqual({ id: 'pr-9', version: 'auto' })
    expect(run.summary).toBe(`## done in ${run.workspace}`)
    expect(run.stdout).toBe('extra: yes home: true ci: true octo-org/release-videos\n')
    expect(run.log).toContain('on stderr')
  })

  it('kills an action that outlives timeoutMs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'run-action-test-'))
    const entry = join(dir, 'entry.mjs')
    writeFileSync(entry, 'setInterval(() => {}, 1000)')
    const run = await runAction({ entry, timeoutMs: 100 }).finally(() => rmSync(dir, { recursive: true, force: true }))
    rmSync(run.tempDir, { recursive: true, force: true })
    expect([run.code, run.signal]).toEqual([null, 'SIGKILL'])
  })
})
