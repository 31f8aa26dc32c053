// The action behind a real HTTP proxy (the `proxy` package, not a stand-in): with HTTP_PROXY / http_proxy every API
// call and the download go through it, NO_PROXY is honoured, and a proxy that refuses connections is named in the error.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import nodePath from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { expectedVideoSha256, refusedUrl, type Sandbox, startSandbox } from '../../sandbox/heygen-sandbox.ts'
import { type ActionRun, runAction } from '../../sandbox/run-action.ts'
import { type RecordingProxy, startProxy, startRefusingProxy } from './proxy-server.ts'

const KEY = 'sk_proxy_T3st-Key-4Hq8Wm'
const SIZE = 65_536

let sandbox: Sandbox
let proxy: RecordingProxy
let apiHost: string
let fileHost: string
beforeAll(async () => {
  sandbox = await startSandbox({ pendingPolls: 1, runningPolls: 1 })
  proxy = await startProxy()
  apiHost = new URL(sandbox.url).host
  fileHost = new URL(sandbox.fileUrl).host
})
afterAll(async () => {
  await sandbox?.close()
  await proxy?.close()
})
beforeEach(() => {
  sandbox.reset()
  proxy.reset()
})

/** Generate, wait and download (with captions, so the caption route and file go too) with the given environment. */
async function downloadRun(env: Record<string, string | undefined>, inputs: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runAction({
    inputs: {
      api_key: KEY,
      base_url: sandbox.url,
      proofread_id: `pr-proxy-size-${SIZE}`,
      captions: 'true',
      download_path: 'videos/',
      poll_interval: '0.05',
      wait_timeout: '20',
      ...inputs,
    },
    // The runner's own environment may carry proxy variables: start from none.
    env: {
      HTTP_PROXY: undefined,
      http_proxy: undefined,
      HTTPS_PROXY: undefined,
      https_proxy: undefined,
      NO_PROXY: undefined,
      no_proxy: undefined,
      ...env,
    },
    timeoutMs: 30_000,
  })
  return run
}

/** `METHOD host/path` for each request the sandbox (both origins) received. */
function sandboxCalls(): string[] {
  return [
    ...sandbox.requests.map((r) => `${r.method} ${apiHost}${r.path}`),
    ...sandbox.fileRequests.map((r) => `${r.method} ${fileHost}${r.path}`),
  ].sort()
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

describe('with HTTP_PROXY set', () => {
  for (const variable of ['HTTP_PROXY', 'http_proxy'] as const) {
    it(`${variable}: every API call, the video and the captions go through the proxy, and the log says so once`, async () => {
      const run = await downloadRun({ [variable]: proxy.url })
      // The sandbox was reached: generate, status calls, caption route, video and caption files.
      expect(sandbox.generateCalls()).toHaveLength(1)
      expect(sandbox.requests.filter((r) => r.method === 'GET').length).toBeGreaterThanOrEqual(3)
      expect(sandbox.fileRequests.map((r) => r.path.split('?')[0])).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\/videos\//), expect.stringMatching(/^\/captions\/.+\.vtt$/)]),
      )
      // ...and every one of those requests travelled through the proxy, to both origins.
      expect(new Set(proxy.tunnels.map((t) => t.target).concat(proxy.plain.map((p) => new URL(p.split(' ')[1] ?? '').host)))).toEqual(
        new Set([apiHost, fileHost]),
      )
      expect(proxy.calls().sort()).toEqual(sandboxCalls())
      expect(throughProxyLines(run)).toEqual([`Calling HeyGen through the proxy ${proxy.url} (HTTPS_PROXY/HTTP_PROXY; NO_PROXY honoured)`])
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

  it('no_proxy (lower case) listing the API host and port: API calls go direct, the file host still through the proxy', async () => {
    const run = await downloadRun({ http_proxy: proxy.url, no_proxy: `localhost, ${apiHost}` })
    const calls = proxy.calls()
    expect(calls.length).toBeGreaterThan(0)
    expect(calls.every((call) => call.startsWith(`GET ${fileHost}/`))).toBe(true)
    expect(calls.sort()).toEqual(sandbox.fileRequests.map((r) => `${r.method} ${fileHost}${r.path}`).sort())
    // The API itself is not proxied, so the log must not say it is.
    expect(throughProxyLines(run)).toEqual([])
    expectDownloaded(run)
  })

  it('HTTPS_PROXY alone does not apply to an http:// origin: everything goes direct', async () => {
    const run = await downloadRun({ HTTPS_PROXY: proxy.url })
    expect(proxy.calls()).toEqual([])
    expect(throughProxyLines(run)).toEqual([])
    expectDownloaded(run)
  })
})

describe('with a proxy that refuses the connection', () => {
  it('fails with an error naming the proxy address, and nothing reaches HeyGen', async () => {
    const refused = await refusedUrl()
    const address = new URL(refused).host
    const run = await runAction({
      inputs: { api_key: KEY, base_url: sandbox.url, proofread_id: 'pr-proxy-refused' },
      env: { HTTP_PROXY: refused, NO_PROXY: undefined, no_proxy: undefined, http_proxy: undefined },
      timeoutMs: 40_000,
    })
    rmSync(run.tempDir, { recursive: true, force: true })
    expect(run.code, run.log).toBe(1)
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
          inputs: { api_key: KEY, base_url: sandbox.url, api_version: 'v2', proofread_id: `pr-proxy-${status}` },
          env: {
            HTTP_PROXY: withCredentials,
            NO_PROXY: undefined,
            no_proxy: undefined,
            http_proxy: undefined,
            HTTPS_PROXY: undefined,
            https_proxy: undefined,
          },
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
        expect(refusing.refused.every((line) => line === `CONNECT ${apiHost}`)).toBe(true)
        expect(sandbox.requests).toEqual([])
        expect(sandbox.jobs).toEqual([])
        expect(run.outputs.video_translate_id).toBe('')
      } finally {
        await refusing.close()
      }
    }, 40_000)
  }
})
