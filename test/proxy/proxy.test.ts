// The action behind a real HTTP proxy (the `proxy` package, not a stand-in): file links over https go through it,
// NO_PROXY is honoured, the loopback http sandbox's API is always reached directly (a key never crosses a proxy in
// clear text), an https API goes through it inside TLS, and a proxy that refuses connections is named in the error.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer as createSecureServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import nodePath from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { expectedVideoSha256, FILE_HOST_CERT, refusedUrl, type Sandbox, startSandbox } from '../../sandbox/heygen-sandbox.ts'
import { type ActionRun, runAction } from '../../sandbox/run-action.ts'
import { NO_PROXY_VARIABLES, type RecordingProxy, startProxy, startRefusingProxy } from './proxy-server.ts'

const KEY = 'sk_proxy_T3st-Key-4Hq8Wm'
const SIZE = 65_536
const TLS = { cert: readFileSync(FILE_HOST_CERT), key: readFileSync(FILE_HOST_CERT.replace(/\.crt$/, '.key')) }

let sandbox: Sandbox
let proxy: RecordingProxy
let secureFileHost: string
/** The sandbox's API behind https (https://localhost:P, the test certificate): an API a proxy may carry. */
let front: Server
let secureApi: string
beforeAll(async () => {
  sandbox = await startSandbox({ pendingPolls: 1, runningPolls: 1 })
  proxy = await startProxy()
  secureFileHost = new URL(sandbox.secureFileUrl).host
  front = createSecureServer(TLS, (req, res) => {
    const upstream = httpRequest(new URL(req.url ?? '/', sandbox.url), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers)
      answer.pipe(res)
    })
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve))
  secureApi = `https://localhost:${(front.address() as AddressInfo).port}`
})
afterAll(async () => {
  await sandbox?.close()
  await proxy?.close()
  front?.closeAllConnections()
  await new Promise((resolve) => front?.close(resolve))
})
beforeEach(() => {
  sandbox.reset()
  proxy.reset()
})

/** Generate, wait and download (the video over https, captions over http) with the given environment. */
async function downloadRun(env: Record<string, string | undefined>, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runAction({
    inputs: {
      api_key: KEY,
      base_url: sandbox.url,
      proofread_id: `pr-proxy-https-link-size-${SIZE}`,
      captions: 'true',
      download_path: 'videos/',
      poll_interval: '0.05',
      wait_timeout: '20',
      ...inputs,
    },
    // The runner's own environment may carry proxy variables: start from none. The https file host's certificate is trusted.
    env: { ...NO_PROXY_VARIABLES, NODE_EXTRA_CA_CERTS: FILE_HOST_CERT, ...env },
    timeoutMs: 30_000,
  })
  return run
}

function expectDownloaded(run: ActionRun): void {
  expect(run.code, run.log).toBe(0)
  const video = run.outputs.video_path ?? ''
  const job = sandbox.jobs[0]?.id ?? ''
  expect(createHash('sha256').update(readFileSync(video)).digest('hex')).toBe(expectedVideoSha256(job, SIZE))
  expect(run.outputs.caption_path).toMatch(/\.vtt$/)
  expect(readdirSync(nodePath.dirname(video)).filter((f) => f.endsWith('.part'))).toEqual([])
  // The key: in the mask line only.
  expect(run.log.split('\n').filter((line) => !line.startsWith('::add-mask::') && line.includes(KEY))).toEqual([])
  expect(run.summary).not.toContain(KEY)
  expect(Object.values(run.outputs).some((value) => value.includes(KEY))).toBe(false)
  rmSync(run.tempDir, { recursive: true, force: true })
}

function throughProxyLines(run: ActionRun): string[] {
  return run.log.split('\n').filter((line) => line.includes('through the proxy'))
}

/** No proxied byte carries the key: not in a tunnel (TLS would hide it; plain http must never be tunnelled) nor in plain requests. */
function expectKeyNeverAtTheProxy(): void {
  expect(proxy.tunnels.some((tunnel) => tunnel.sent.includes(KEY))).toBe(false)
  expect(proxy.plain).toEqual([])
}

describe('with HTTP_PROXY set, against the loopback http sandbox', () => {
  for (const variable of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY'] as const) {
    it(`${variable}: the https video link goes through the proxy; the http API (with the key) and captions go direct`, async () => {
      const run = await downloadRun({ [variable]: proxy.url })
      expect(sandbox.generateCalls()).toHaveLength(1)
      // Only the https file host was tunnelled: the API's key never reached the proxy, not even in a tunnel.
      expect(proxy.tunnels.map((t) => t.target)).toEqual([secureFileHost])
      expect(proxy.calls().every((call) => call.startsWith(`GET ${secureFileHost}/videos/`))).toBe(true)
      expectKeyNeverAtTheProxy()
      expect(sandbox.requests.length).toBeGreaterThan(0)
      expect(sandbox.fileRequests.some((r) => r.path.startsWith('/captions/'))).toBe(true)
      // The API itself is not proxied, so the log must not say it is.
      expect(throughProxyLines(run)).toEqual([])
      expectDownloaded(run)
    })
  }

  it('NO_PROXY=127.0.0.1: nothing goes through the proxy and the log does not claim it does', async () => {
    const run = await downloadRun({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' })
    expect(proxy.tunnels).toEqual([])
    expect(proxy.plain).toEqual([])
    expect(sandbox.requests.length).toBeGreaterThan(0)
    expect(sandbox.fileRequests.length).toBeGreaterThan(0)
    expect(throughProxyLines(run)).toEqual([])
    expectDownloaded(run)
  })

  it('the old captions and video over http: nothing at all goes through the proxy', async () => {
    const run = await downloadRun({ HTTP_PROXY: proxy.url }, { proofread_id: `pr-proxy-size-${SIZE}` })
    expect(proxy.tunnels).toEqual([])
    expect(proxy.plain).toEqual([])
    expectDownloaded(run)
  })
})

describe('with HTTPS_PROXY set, against an https API', () => {
  it('every API call goes through the proxy inside TLS: the proxy never sees the key, and the log says so once', async () => {
    const run = await runAction({
      inputs: { api_key: KEY, base_url: secureApi, proofread_id: 'pr-proxy-tls', poll_interval: '0.05', wait_timeout: '20' },
      env: { ...NO_PROXY_VARIABLES, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: FILE_HOST_CERT },
      timeoutMs: 30_000,
    })
    rmSync(run.tempDir, { recursive: true, force: true })
    expect(run.code, run.log).toBe(0)
    expect(sandbox.generateCalls()).toHaveLength(1)
    expect(new Set(proxy.tunnels.map((t) => t.target))).toEqual(new Set([new URL(secureApi).host]))
    expectKeyNeverAtTheProxy()
    expect(throughProxyLines(run)).toEqual([`Calling HeyGen through the proxy ${proxy.url} (HTTPS_PROXY/HTTP_PROXY; NO_PROXY honoured)`])
  })
})

describe('with a proxy that refuses the connection', () => {
  it('fails with an error naming the proxy address, and nothing reaches HeyGen', async () => {
    const refused = await refusedUrl()
    const address = new URL(refused).host
    const run = await runAction({
      // A step deadline of 2 s: time for a retry a second later (the production floor), not for six attempts' backoff.
      inputs: { api_key: KEY, base_url: secureApi, proofread_id: 'pr-proxy-refused', wait_timeout: '2' },
      env: { ...NO_PROXY_VARIABLES, HTTP_PROXY: refused, NODE_EXTRA_CA_CERTS: FILE_HOST_CERT },
      timeoutMs: 40_000,
    })
    rmSync(run.tempDir, { recursive: true, force: true })
    expect(run.code, run.log).toBe(1)
    // Asked again, at least a second later, before giving up: each attempt's refusal names the proxy.
    const retries = run.log.split('\n').filter((line) => line.startsWith('::warning::') && line.includes('trying again in'))
    expect(retries.length, run.log).toBeGreaterThanOrEqual(1)
    for (const line of retries) {
      expect(line).toContain(`connection refused (connect ECONNREFUSED ${address}) (through the proxy http://${address};`)
      expect(line).toMatch(/trying again in [1-9]\d*\.\d s$/)
    }
    const error = run.log.split('\n').find((line) => line.startsWith('::error::')) ?? ''
    expect(error).toContain(address)
    expect(error).toMatch(/proxy/i)
    // Refused connections provably sent nothing, so the error must not claim a job may have started: under the
    // default (auto) the free preflight is the first call, and it says nothing was generated or spent.
    expect(error).toMatch(/nothing was sent|no credits were spent/i)
    expect(error).not.toMatch(/may have started/)
    expect(run.log).not.toMatch(/^\s+at\s/m)
    expect(sandbox.requests).toEqual([])
    expect(run.log.split('\n').filter((line) => !line.startsWith('::add-mask::') && line.includes(KEY))).toEqual([])
  }, 40_000)
})

describe('with a proxy that refuses the tunnel to HeyGen (CONNECT answered 407 or 502)', () => {
  // The request never reached HeyGen: the error must say the proxy refused, with its status and origin (never
  // its credentials), and that no job started, not that one may have.
  for (const status of [407, 502] as const) {
    it(`${status}: the step fails saying the proxy refused with HTTP ${status} and no job started; HeyGen saw nothing`, async () => {
      const refusing = await startRefusingProxy(status)
      try {
        const withCredentials = refusing.url.replace('http://', 'http://proxy-user:Pr0xyPa55w0rd@')
        const run = await runAction({
          inputs: { api_key: KEY, base_url: secureApi, api_version: 'v2', proofread_id: `pr-proxy-${status}` },
          env: { ...NO_PROXY_VARIABLES, HTTP_PROXY: withCredentials, NODE_EXTRA_CA_CERTS: FILE_HOST_CERT },
          timeoutMs: 40_000,
        })
        rmSync(run.tempDir, { recursive: true, force: true })

        expect(run.code, run.log).toBe(1)
        const errors = run.log.split('\n').filter((line) => line.startsWith('::error::'))
        expect(errors).toHaveLength(1)
        const error = errors[0] ?? ''
        expect(error).toContain(`the proxy ${refusing.url} refused`)
        expect(error).toContain(`HTTP ${status}`)
        expect(error).toContain('no job started')
        expect(error).not.toMatch(/may have (started|reached)|cancelled/i)
        // The proxy's credentials are in no line, output or summary.
        for (const secret of ['Pr0xyPa55w0rd', 'proxy-user']) {
          expect(run.log).not.toContain(secret)
          expect(JSON.stringify(run.outputs)).not.toContain(secret)
          expect(run.summary).not.toContain(secret)
        }
        // The proxy was asked for a tunnel to the API, and refused it: nothing reached HeyGen.
        expect(refusing.refused.length).toBeGreaterThan(0)
        expect(refusing.refused.every((line) => line === `CONNECT ${new URL(secureApi).host}`)).toBe(true)
        expect(sandbox.requests).toEqual([])
        expect(sandbox.jobs).toEqual([])
        expect(run.outputs.video_translate_id).toBe('')
      } finally {
        await refusing.close()
      }
    }, 40_000)
  }
})
