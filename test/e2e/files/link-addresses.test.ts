// End to end: a video link HeyGen gives may lead only to the public internet over https. A stand-in HeyGen of this
// file's own answers with links to this machine (by name or by address), to the cloud's metadata address and to
// private networks, directly or by a redirect; the action refuses each before a byte is sent there, keeps the paid
// job's id and resume block, and saves nothing. When base_url is the loopback http sandbox, loopback links are allowed.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createSecureServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FILE_HOST_CERT } from '../../../sandbox/heygen-sandbox.ts'
import { type ActionRun, runAction } from '../../../sandbox/run-action.ts'
import { annotations } from '../harness.ts'

const KEY = 'sk-e2e-L1nk-Addr-93'
const JOB = 'vt-link-1'
const VIDEO = Buffer.alloc(64 * 1024, 7)
const TLS = { cert: readFileSync(FILE_HOST_CERT), key: readFileSync(FILE_HOST_CERT.replace(/\.crt$/, '.key')) }

/** What the stand-in HeyGen gives as the finished job's video link. */
let link = ''
const fileRequests: string[] = []
const folders: string[] = []

/** HeyGen's v2 routes, as little as the action needs: generate, then a finished status with `link`. */
function heygen(req: IncomingMessage, res: ServerResponse): void {
  const answer = (body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }
  if (req.method === 'POST' && /^\/v2\/video_translate\/proofread\/[^/]+\/generate$/.test(req.url ?? '')) {
    return answer({ error: null, data: { video_translate_id: JOB } })
  }
  if (req.method === 'GET' && req.url === `/v2/video_translate/${JOB}`) {
    return answer({ error: null, data: { video_translate_id: JOB, status: 'success', url: link, message: null } })
  }
  res.writeHead(404, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ error: { code: 'not_found', message: 'no such route' }, data: null }))
}

/** A file host: `/v.mp4` is the video, `/redirect?to=URL` sends the client on. Every request is recorded. */
function files(req: IncomingMessage, res: ServerResponse): void {
  fileRequests.push(`${req.method} ${req.url}`)
  const url = new URL(req.url ?? '/', 'http://x')
  if (url.pathname === '/redirect') {
    res.writeHead(302, { location: url.searchParams.get('to') ?? '/' })
    return void res.end()
  }
  res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': VIDEO.length })
  res.end(VIDEO)
}

const servers: Server[] = []
async function listen(server: Server): Promise<number> {
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

let plainApi = 0
let secureApi = 0
let plainFiles = 0
let secureFiles = 0

beforeAll(async () => {
  plainApi = await listen(createServer(heygen))
  secureApi = await listen(createSecureServer(TLS, heygen))
  plainFiles = await listen(createServer(files))
  secureFiles = await listen(createSecureServer(TLS, files))
})
afterAll(async () => {
  for (const server of servers) server.closeAllConnections?.()
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
})
beforeEach(() => {
  fileRequests.length = 0
})
afterEach(async () => {
  const { rmSync } = await import('node:fs')
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** Runs the bundled action against the stand-in (https like HeyGen, or the loopback http sandbox) with `videoLink`. */
async function generate(api: 'https' | 'sandbox', videoLink: string): Promise<ActionRun & { folder: string }> {
  link = videoLink
  const base = api === 'https' ? `https://localhost:${secureApi}` : `http://127.0.0.1:${plainApi}`
  const run = await runAction({
    inputs: {
      api_key: KEY,
      base_url: base,
      api_version: 'v2',
      preflight: 'false',
      proofread_id: 'release-es',
      download_path: 'videos/',
      poll_interval: '0.2',
      request_timeout: '2',
    },
    env: { NODE_EXTRA_CA_CERTS: FILE_HOST_CERT },
    timeoutMs: 20_000,
  })
  folders.push(run.tempDir)
  return { ...run, folder: `${run.workspace}/videos` }
}

function saved(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort() : []
}

/** Refused: the step failed naming the reason, the paid job keeps its id and resume block, nothing was saved. */
function expectRefused(run: ActionRun & { folder: string }, said: RegExp): string {
  expect(run.code, run.log).toBe(1)
  const [error = ''] = annotations(run.stdout, 'error')
  expect(error).toMatch(said)
  expect(error).toContain(`video_translate_id: ${JOB}`)
  expect(run.outputs.video_translate_id).toBe(JOB)
  expect(run.outputs.video_path ?? '').toBe('')
  expect(saved(run.folder)).toEqual([])
  expect(run.log.split('\n').filter((line) => line.includes(KEY) && !line.startsWith('::add-mask::'))).toEqual([])
  return error
}

describe('with HeyGen on https (base_url is not the sandbox)', () => {
  it('a link to localhost, a name that resolves to loopback, is refused on the address it resolves to', async () => {
    const run = await generate('https', `https://localhost:${secureFiles}/v.mp4?sig=1`)

    expectRefused(run, /localhost resolves to it/)
    expect(run.stdout).toMatch(/loopback address/)
    expect(fileRequests).toEqual([])
  })

  it('a link to 127.0.0.1 is refused before connecting', async () => {
    const run = await generate('https', `https://127.0.0.1:${secureFiles}/v.mp4?sig=1`)

    expectRefused(run, /127\.0\.0\.1, a loopback address/)
    expect(fileRequests).toEqual([])
  })

  it('a plain http link to this machine is refused', async () => {
    const run = await generate('https', `http://127.0.0.1:${plainFiles}/v.mp4?sig=1`)

    expectRefused(run, /127\.0\.0\.1, a loopback address/)
    expect(fileRequests).toEqual([])
  })

  it('a plain http link to a public name is refused before any look-up', async () => {
    const run = await generate('https', 'http://files.example.invalid/v.mp4?sig=1')

    expectRefused(run, /plain http/)
  })
})

describe('with the loopback http sandbox as base_url', () => {
  it('a loopback http link is followed (the sandbox serves its files there)', async () => {
    const run = await generate('sandbox', `http://127.0.0.1:${plainFiles}/v.mp4?sig=1`)

    expect(run.code, run.log).toBe(0)
    expect(saved(run.folder)).toEqual([`${JOB}.mp4`])
    expect(fileRequests).toEqual(['GET /v.mp4?sig=1'])
  })

  it('a loopback https link by name (localhost) is followed too', async () => {
    const run = await generate('sandbox', `https://localhost:${secureFiles}/v.mp4?sig=2`)

    expect(run.code, run.log).toBe(0)
    expect(saved(run.folder)).toEqual([`${JOB}.mp4`])
  })

  it.each([
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/iam', /169\.254\.169\.254, a link-local/],
    ['the metadata address over https', 'https://169.254.169.254/v.mp4', /link-local/],
    ['an IPv4-mapped metadata address', 'https://[::ffff:169.254.169.254]/v.mp4', /link-local/],
    ['a private 10/8 address', 'https://10.0.0.5/v.mp4', /10\.0\.0\.5, a private address/],
    ['a private 172.16/12 address', 'https://172.20.1.1/v.mp4', /private/],
    ['a private 192.168/16 address', 'https://192.168.1.10/v.mp4', /private/],
    ['an IPv6 link-local address', 'https://[fe80::1]/v.mp4', /fe80::1, a link-local/],
    ['an IPv6 unique-local address', 'https://[fd12:3456::1]/v.mp4', /unique-local/],
    ['a plain http link to a public name', 'http://files.example.invalid/v.mp4', /plain http/],
  ])('%s is refused before anything is sent (%s)', async (_, videoLink, said) => {
    const run = await generate('sandbox', videoLink)

    expectRefused(run, said)
    expect(run.durationMs).toBeLessThan(10_000)
  })

  it('a loopback link that redirects to the metadata address is refused at the redirect', async () => {
    const to = encodeURIComponent('http://169.254.169.254/latest/meta-data/')
    const run = await generate('sandbox', `http://127.0.0.1:${plainFiles}/redirect?to=${to}`)

    expectRefused(run, /169\.254\.169\.254, a link-local/)
    expect(fileRequests).toEqual([`GET /redirect?to=${to}`])
  })

  it('a loopback link that redirects to a private address by https is refused at the redirect', async () => {
    const to = encodeURIComponent('https://10.1.2.3/v.mp4')
    const run = await generate('sandbox', `http://127.0.0.1:${plainFiles}/redirect?to=${to}`)

    expectRefused(run, /10\.1\.2\.3, a private address/)
    expect(fileRequests).toHaveLength(1)
  })
})
