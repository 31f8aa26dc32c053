// In-process, behind a real HTTP proxy (the `proxy` package): which proxy variable is set, or NO_PROXY naming the
// host, or links over plain http, decide what goes through it, and a proxy answering the tunnel with 502 is named in
// the error. The step builds its dispatcher from the environment of each run (runInProcess gives it the run's own),
// as a child process would; test/proxy/proxy.test.ts runs HTTP_PROXY, an https API, a refused connection and a 407
// in the bundled action.
import { readFileSync } from 'node:fs'
import { getCACertificates, setDefaultCACertificates } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FILE_HOST_CERT } from '../../../sandbox/heygen-sandbox.ts'
import { expectOnlyTheHttpsLinkProxied, expectTunnelRefused, SIZE, type StepRunner, useProxyWorld } from '../../proxy/proxy-world.ts'
import { runInProcess } from '../run-in-process.ts'
import { FAST } from '../timing.ts'

const KEY = 'sk_ip_proxy_T3st-Key-7Rw2'
const inProcess: StepRunner = (options) => runInProcess(options, FAST)

const world = useProxyWorld(KEY, inProcess)

// What NODE_EXTRA_CA_CERTS does for a child process: the https file host's test certificate trusted, for this file only.
const systemCAs = getCACertificates('default')
beforeAll(() => setDefaultCACertificates([...systemCAs, readFileSync(FILE_HOST_CERT, 'utf8')]))
afterAll(() => setDefaultCACertificates(systemCAs))

describe('with a proxy variable set, against the loopback http sandbox', () => {
  for (const variable of ['http_proxy', 'HTTPS_PROXY'] as const) {
    it(`${variable}: the https video link goes through the proxy; the http API (with the key) and captions go direct`, async () => {
      await expectOnlyTheHttpsLinkProxied(world, variable)
    })
  }

  it('NO_PROXY=127.0.0.1: nothing goes through the proxy and the log does not claim it does', async () => {
    const { sandbox, proxy } = world
    const run = await world.downloadRun({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' })
    expect(proxy.tunnels).toEqual([])
    expect(proxy.plain).toEqual([])
    expect(sandbox.requests.length).toBeGreaterThan(0)
    expect(sandbox.fileRequests.length).toBeGreaterThan(0)
    expect(world.throughProxyLines(run)).toEqual([])
    world.expectDownloaded(run)
  })

  it('the old captions and video over http: nothing at all goes through the proxy', async () => {
    const { proxy } = world
    const run = await world.downloadRun({ HTTP_PROXY: proxy.url }, { proofread_id: `pr-proxy-size-${SIZE}` })
    expect(proxy.tunnels).toEqual([])
    expect(proxy.plain).toEqual([])
    world.expectDownloaded(run)
  })
})

describe('with a proxy that refuses the tunnel to HeyGen (CONNECT answered 502)', () => {
  it('502: the step fails saying the proxy refused with HTTP 502 and no job started; HeyGen saw nothing', async () => {
    await expectTunnelRefused(world, KEY, 502, inProcess)
  })
})
