// The log line "Calling HeyGen through the proxy ..." and the proxy named in network errors come from src/transport/proxy.ts's
// own reading of HTTP(S)_PROXY / NO_PROXY, and the step's dispatcher routes by it. Property: for any mix of those
// variables, what proxyFor() says is what really happens, checked against a real proxy, for the API's origin and for a
// file link alike; and plain http never goes through a proxy.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createServer as createSecureServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'undici'
import { FILE_HOST_CERT } from '../../sandbox/heygen-sandbox.ts'
import { linkPolicyFor } from '../../src/transport/addresses.js'
import { createDispatcher } from '../../src/transport/dispatcher.js'
import { proxyFor } from '../../src/transport/proxy.js'
import { type RecordingProxy, startProxy } from './proxy-server.ts'

const VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'] as const
type Env = Partial<Record<(typeof VARIABLES)[number], string>>

const CA = readFileSync(FILE_HOST_CERT)
const TLS = { cert: CA, key: readFileSync(FILE_HOST_CERT.replace(/\.crt$/, '.key')) }

let proxy: RecordingProxy
let target: Server
let plainTarget: Server
let port: number
let plainPort: number
beforeAll(async () => {
  proxy = await startProxy()
  target = createSecureServer(TLS, (_req, res) => res.end('ok'))
  plainTarget = createServer((_req, res) => res.end('ok'))
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
  await new Promise<void>((resolve) => plainTarget.listen(0, '127.0.0.1', resolve))
  port = (target.address() as AddressInfo).port
  plainPort = (plainTarget.address() as AddressInfo).port
})
afterAll(async () => {
  await proxy?.close()
  for (const server of [target, plainTarget]) {
    server?.closeAllConnections()
    await new Promise((resolve) => server?.close(resolve))
  }
})

const saved: Env = Object.fromEntries(VARIABLES.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])))
function setEnv(env: Env): void {
  for (const name of VARIABLES) delete process.env[name]
  Object.assign(process.env, env)
}
afterEach(() => setEnv(saved))

/**
 * Whether a request to `url` really went through the proxy, with the dispatcher the action builds (a fresh one: no
 * reused tunnel). `api`: the URL is the API's origin (trusted), else a file link (checked; loopback is the sandbox's).
 */
async function reallyProxied(url: string, api = false): Promise<boolean> {
  const agent = createDispatcher(10_000, process.env, linkPolicyFor(api ? url : 'http://127.0.0.1:1'), { ca: CA })
  const before = proxy.tunnels.length + proxy.plain.length
  try {
    const response = await request(url, { dispatcher: agent })
    await response.body.text()
  } finally {
    await agent.close()
  }
  return proxy.tunnels.length + proxy.plain.length > before
}

function fill(value: string): string {
  return value.replace('PROXYPORT', String(proxy.port)).replace('PROXY', proxy.url).replace('PORT', String(port))
}

/** What the action's log and errors claim. */
function claimedProxied(url: string): boolean {
  return proxyFor(url) !== undefined
}

async function expectAgreement(url: string, env: Env, api = false): Promise<void> {
  const claimed = claimedProxied(url)
  const actual = await reallyProxied(url, api)
  const said = claimed ? `"through the proxy ${proxyFor(url)}"` : 'direct'
  expect(claimed, `${url} with ${JSON.stringify(env)}: src/proxy.ts says ${said}, undici went ${actual ? 'through the proxy' : 'direct'}`).toBe(
    actual,
  )
}

describe('proxyFor() describes what EnvHttpProxyAgent does', () => {
  // PROXY, PROXYPORT and PORT are filled in once the servers listen.
  const proxyValue = () => fc.constantFrom(undefined, '', 'PROXY', 'PROXY/', 'http://user:secret@127.0.0.1:PROXYPORT')
  const noProxyEntry = () =>
    fc.constantFrom(
      '127.0.0.1',
      'localhost',
      'LOCALHOST',
      '127.0.0.1:PORT',
      '127.0.0.1:1',
      'localhost:PORT',
      '.0.0.1',
      '0.0.1',
      '*.0.0.1',
      '.localhost',
      '*',
      'example.com',
      '[::1]',
      '127.0.0.0/8',
    )
  const noProxyValue = () =>
    fc.option(
      fc.tuple(fc.array(noProxyEntry(), { maxLength: 3 }), fc.constantFrom(',', ' ', ', ')).map(([entries, separator]) => entries.join(separator)),
      { nil: undefined },
    )
  const envs = fc.record({
    HTTP_PROXY: proxyValue(),
    http_proxy: proxyValue(),
    HTTPS_PROXY: proxyValue(),
    https_proxy: proxyValue(),
    NO_PROXY: noProxyValue(),
    no_proxy: noProxyValue(),
  })

  it('for any mix of proxy variables, "through the proxy" is claimed exactly when it is so', async () => {
    await fc.assert(
      fc.asyncProperty(envs, fc.constantFrom('127.0.0.1', 'localhost'), fc.boolean(), async (raw, host, api) => {
        const env: Env = Object.fromEntries(Object.entries(raw).flatMap(([k, v]) => (v === undefined ? [] : [[k, fill(v)]])))
        setEnv(env)
        await expectAgreement(`https://${host}:${port}/x`, env, api)
      }),
      { numRuns: 150 },
    )
  }, 30_000)

  // Found by the property above; each is a case where the log or an error names a proxy that was not used, or the
  // other way round.
  it.each<[string, Env, string]>([
    ['an empty lower-case http_proxy wins over HTTP_PROXY in undici (?? not ||)', { http_proxy: '', HTTP_PROXY: 'PROXY' }, '127.0.0.1'],
    ['an empty lower-case no_proxy wins over NO_PROXY in undici', { HTTP_PROXY: 'PROXY', no_proxy: '', NO_PROXY: '127.0.0.1' }, '127.0.0.1'],
    ['NO_PROXY entries match case-insensitively', { HTTP_PROXY: 'PROXY', NO_PROXY: 'LOCALHOST' }, 'localhost'],
    ['a NO_PROXY entry without a leading dot also matches subdomains', { HTTP_PROXY: 'PROXY', NO_PROXY: '0.0.1' }, '127.0.0.1'],
    ['a `*` anywhere in NO_PROXY bypasses everything (undici 8)', { HTTP_PROXY: 'PROXY', NO_PROXY: 'example.com,*' }, '127.0.0.1'],
  ])('%s', async (_what, env, host) => {
    const filled: Env = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fill(v)]))
    setEnv(filled)
    await expectAgreement(`https://${host}:${port}/x`, filled)
  })
})

describe('plain http never goes through a proxy (only loopback takes it, and a key would cross in clear text)', () => {
  it.each([true, false])('whatever the variables say (the API origin: %s)', async (api) => {
    setEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: 'example.com' })
    const url = `http://127.0.0.1:${plainPort}/x`
    expect(proxyFor(url)).toBeUndefined()
    expect(await reallyProxied(url, api)).toBe(false)
  })
})
