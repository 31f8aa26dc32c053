// The world the proxy stories run in: the sandbox (its API on loopback http, its file host on http and https), the
// same API behind https (https://localhost:P, the test certificate: an API a proxy may carry), and a real recording
// proxy. The stories run the action in a child process (proxy.test.ts here) or in this one
// (test/inproc/files/proxy-variables.test.ts); both read the same checks.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer as createSecureServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import nodePath from 'node:path'
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import { expectedVideoSha256, FILE_HOST_CERT, type Sandbox, startSandbox } from '../../sandbox/heygen-sandbox.ts'
import type { ActionRun, RunActionOptions } from '../../sandbox/run-action.ts'
import { NO_PROXY_VARIABLES, type RecordingProxy, startProxy, startRefusingProxy } from './proxy-server.ts'

/** Runs the action with these options: in a child process (runAction) or in this one (runInProcess). */
export type StepRunner = (options: Omit<RunActionOptions, 'entry' | 'onSpawn'>) => Promise<ActionRun>

export const SIZE = 65_536
const TLS = { cert: readFileSync(FILE_HOST_CERT), key: readFileSync(FILE_HOST_CERT.replace(/\.crt$/, '.key')) }

export interface ProxyWorld {
  sandbox: Sandbox
  proxy: RecordingProxy
  /** host:port of the sandbox's https file host. */
  secureFileHost: string
  /** The sandbox's API behind https. */
  secureApi: string
  /** Generate, wait and download (the video over https, captions over http) with the given environment. */
  downloadRun: (env: Record<string, string | undefined>, inputs?: Record<string, string>) => Promise<ActionRun>
  /** The video and captions saved whole, no partial file, and the key in the mask line only. */
  expectDownloaded: (run: ActionRun) => void
  /** The log's lines that claim something goes through the proxy. */
  throughProxyLines: (run: ActionRun) => string[]
  /** No proxied byte carries the key: not in a tunnel (TLS would hide it; plain http must never be tunnelled) nor in plain requests. */
  expectKeyNeverAtTheProxy: () => void
}

/** Registers the world's hooks for the file (started once, reset before each test); `runStep` runs the action. */
export function useProxyWorld(key: string, runStep: StepRunner): ProxyWorld {
  const world = {} as ProxyWorld
  let front: Server | undefined

  beforeAll(async () => {
    world.sandbox = await startSandbox({ pendingPolls: 1, runningPolls: 1 })
    world.proxy = await startProxy()
    world.secureFileHost = new URL(world.sandbox.secureFileUrl).host
    const sandboxUrl = world.sandbox.url
    front = createSecureServer(TLS, (req, res) => {
      const upstream = httpRequest(new URL(req.url ?? '/', sandboxUrl), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      })
      req.pipe(upstream)
    })
    await new Promise<void>((resolve) => front?.listen(0, '127.0.0.1', resolve))
    world.secureApi = `https://localhost:${(front.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await world.sandbox?.close()
    await world.proxy?.close()
    front?.closeAllConnections()
    await new Promise((resolve) => front?.close(resolve))
  })
  beforeEach(() => {
    world.sandbox.reset()
    world.proxy.reset()
  })

  world.downloadRun = (env, inputs = {}) =>
    runStep({
      inputs: {
        api_key: key,
        base_url: world.sandbox.url,
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

  world.expectDownloaded = (run) => {
    expect(run.code, run.log).toBe(0)
    const video = run.outputs.video_path ?? ''
    const job = world.sandbox.jobs[0]?.id ?? ''
    expect(createHash('sha256').update(readFileSync(video)).digest('hex')).toBe(expectedVideoSha256(job, SIZE))
    expect(run.outputs.caption_path).toMatch(/\.vtt$/)
    expect(readdirSync(nodePath.dirname(video)).filter((f) => f.endsWith('.part'))).toEqual([])
    // The key: in the mask line only.
    expect(run.log.split('\n').filter((line) => !line.startsWith('::add-mask::') && line.includes(key))).toEqual([])
    expect(run.summary).not.toContain(key)
    expect(Object.values(run.outputs).some((value) => value.includes(key))).toBe(false)
    rmSync(run.tempDir, { recursive: true, force: true })
  }

  world.throughProxyLines = (run) => run.log.split('\n').filter((line) => line.includes('through the proxy'))

  world.expectKeyNeverAtTheProxy = () => {
    expect(world.proxy.tunnels.some((tunnel) => tunnel.sent.includes(key))).toBe(false)
    expect(world.proxy.plain).toEqual([])
  }

  return world
}

/**
 * The story of an https video link behind `variable`: the link goes through the proxy; the http API (with the key) and
 * the captions go direct, and the log does not claim the API is proxied.
 */
export async function expectOnlyTheHttpsLinkProxied(world: ProxyWorld, variable: string): Promise<void> {
  const { sandbox, proxy } = world
  const run = await world.downloadRun({ [variable]: proxy.url })
  expect(sandbox.generateCalls()).toHaveLength(1)
  // Only the https file host was tunnelled: the API's key never reached the proxy, not even in a tunnel.
  expect(proxy.tunnels.map((t) => t.target)).toEqual([world.secureFileHost])
  expect(proxy.calls().every((call) => call.startsWith(`GET ${world.secureFileHost}/videos/`))).toBe(true)
  world.expectKeyNeverAtTheProxy()
  expect(sandbox.requests.length).toBeGreaterThan(0)
  expect(sandbox.fileRequests.some((r) => r.path.startsWith('/captions/'))).toBe(true)
  // The API itself is not proxied, so the log must not say it is.
  expect(world.throughProxyLines(run)).toEqual([])
  world.expectDownloaded(run)
}

/**
 * The story of a proxy that refuses the tunnel to HeyGen (CONNECT answered `status`): the request never reached HeyGen,
 * so the error says the proxy refused, with its status and origin (never its credentials), and that no job started,
 * not that one may have.
 */
export async function expectTunnelRefused(world: ProxyWorld, key: string, status: 407 | 502, runStep: StepRunner): Promise<void> {
  const { sandbox } = world
  const refusing = await startRefusingProxy(status)
  try {
    const withCredentials = refusing.url.replace('http://', 'http://proxy-user:Pr0xyPa55w0rd@')
    const run = await runStep({
      inputs: { api_key: key, base_url: world.secureApi, api_version: 'v2', proofread_id: `pr-proxy-${status}` },
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
    expect(refusing.refused.every((line) => line === `CONNECT ${new URL(world.secureApi).host}`)).toBe(true)
    expect(sandbox.requests).toEqual([])
    expect(sandbox.jobs).toEqual([])
    expect(run.outputs.video_translate_id).toBe('')
  } finally {
    await refusing.close()
  }
}
