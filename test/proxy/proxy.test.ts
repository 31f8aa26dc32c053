// The bundled action behind a real HTTP proxy (the `proxy` package, not a stand-in), in its own process as the runner
// starts it: a file link over https goes through HTTP_PROXY while the loopback http sandbox's API is reached directly (a
// key never crosses a proxy in clear text), an https API goes through it inside TLS, and a proxy that refuses
// connections or the tunnel is named in the error. The other variables (http_proxy, HTTPS_PROXY, NO_PROXY), plain
// http links and a 502 tunnel refusal run in-process on the same world: test/inproc/files/proxy-variables.test.ts.
import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FILE_HOST_CERT, refusedUrl } from '../../sandbox/heygen-sandbox.ts'
import { runAction } from '../../sandbox/run-action.ts'
import { NO_PROXY_VARIABLES } from './proxy-server.ts'
import { expectOnlyTheHttpsLinkProxied, expectTunnelRefused, useProxyWorld } from './proxy-world.ts'

const KEY = 'sk_proxy_T3st-Key-4Hq8Wm'

const world = useProxyWorld(KEY, runAction)

describe('with HTTP_PROXY set, against the loopback http sandbox', () => {
  it('HTTP_PROXY: the https video link goes through the proxy; the http API (with the key) and captions go direct', async () => {
    await expectOnlyTheHttpsLinkProxied(world, 'HTTP_PROXY')
  })
})

describe('with HTTPS_PROXY set, against an https API', () => {
  it('every API call goes through the proxy inside TLS: the proxy never sees the key, and the log says so once', async () => {
    const { sandbox, proxy, secureApi } = world
    const run = await runAction({
      inputs: { api_key: KEY, base_url: secureApi, proofread_id: 'pr-proxy-tls', poll_interval: '0.05', wait_timeout: '20' },
      env: { ...NO_PROXY_VARIABLES, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: FILE_HOST_CERT },
      timeoutMs: 30_000,
    })
    rmSync(run.tempDir, { recursive: true, force: true })
    expect(run.code, run.log).toBe(0)
    expect(sandbox.generateCalls()).toHaveLength(1)
    expect(new Set(proxy.tunnels.map((t) => t.target))).toEqual(new Set([new URL(secureApi).host]))
    world.expectKeyNeverAtTheProxy()
    expect(world.throughProxyLines(run)).toEqual([`Calling HeyGen through the proxy ${proxy.url} (HTTPS_PROXY/HTTP_PROXY; NO_PROXY honoured)`])
  })
})

describe('with a proxy that refuses the connection', () => {
  it('fails with an error naming the proxy address, and nothing reaches HeyGen', async () => {
    const { sandbox, secureApi } = world
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
  })
})

describe('with a proxy that refuses the tunnel to HeyGen (CONNECT answered 407)', () => {
  it('407: the step fails saying the proxy refused with HTTP 407 and no job started; HeyGen saw nothing', async () => {
    await expectTunnelRefused(world, KEY, 407, runAction)
  })
})
