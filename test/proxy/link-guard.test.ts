// Issue 26's "Measured", row by row, in-process with the step's own dispatcher: a file link is refused before anything
// connects to a non-public address, with and without a proxy, with NO_PROXY naming it, and at a redirect. Names
// resolve where each test says through an injected resolver (never /etc/hosts); a socket-level spy records every
// address a socket tries and blocks any that is not loopback, so nothing ever leaves this machine even if a check
// regressed. The proxy is a real one (the `proxy` package) that records every CONNECT and every byte it carries.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createSecureServer } from 'node:https'
import net, { type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FILE_HOST_CERT } from '../../sandbox/heygen-sandbox.ts'
import { uploadAsset } from '../../src/github/upload.js'
import { linkPolicyFor, type Lookup } from '../../src/transport/addresses.js'
import { createDispatcher, type StepDispatcher } from '../../src/transport/dispatcher.js'
import { DownloadError, downloadFile } from '../../src/transport/download.js'
import { send, type Transport } from '../../src/transport/http.js'
import { type RecordingProxy, startProxy } from './proxy-server.ts'

const CA = readFileSync(FILE_HOST_CERT)
const TLS = { cert: CA, key: readFileSync(FILE_HOST_CERT.replace(/\.crt$/, '.key')) }
const KEY = 'sk_guard_Cl34rT3xt-Key'
const TOKEN = 'ghs_guardT0ken_9c1'

/** What the injected resolver answers for each test name; any other name is resolved as usual (localhost). */
const NAMES: Record<string, string[]> = {}
const resolver: Lookup = (hostname, options, callback) => {
  const answer = NAMES[hostname]
  if (!answer) return dnsLookup(hostname, options as never, callback as never)
  const all: LookupAddress[] = answer.map((address) => ({ address, family: net.isIP(address) }))
  if ((options as { all?: boolean }).all) return callback(null, all)
  callback(null, all[0]!.address, all[0]!.family)
}

// The socket-level spy: every address a socket tries, and a wall in front of every address that is not loopback.
const attempted: string[] = []
const blocked: string[] = []
const isLoopback = (address: string) => /^(127\.|::1$|::ffff:127\.)/.test(address)
// eslint-disable-next-line @typescript-eslint/unbound-method -- put back as the prototype's own method, never called alone
const originalConnect = net.Socket.prototype.connect
function installSpy(): void {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const options = (typeof args[0] === 'object' && args[0] !== null ? args[0] : {}) as net.TcpNetConnectOpts
    const wall = (addresses: string[]) => {
      const outside = addresses.filter((address) => !isLoopback(address))
      blocked.push(...outside)
      return outside.length > 0
    }
    if (options.host && net.isIP(options.host) && wall([options.host])) {
      process.nextTick(() => this.destroy(new Error(`test wall: ${options.host} is not loopback`)))
      return this
    }
    const lookup = options.lookup
    if (lookup) {
      options.lookup = ((hostname: string, lookupOptions: object, callback: (...a: unknown[]) => void) =>
        lookup(hostname, lookupOptions, (error, address, family) => {
          const all = Array.isArray(address) ? address.map((entry) => entry.address) : [String(address)]
          if (!error && wall(all)) return callback(new Error('test wall: a non-loopback address'), address, family)
          callback(error, address, family)
        })) as never
    }
    this.on('connectionAttempt', (ip: string, port: number) => attempted.push(`${ip}:${port}`))
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args)
  }
}

let proxy: RecordingProxy
let files: Server
let filesPort = 0
const fileRequests: string[] = []
let folder: string
const dispatchers: StepDispatcher[] = []

function fileHost(req: IncomingMessage, res: ServerResponse): void {
  fileRequests.push(`${req.method} ${req.headers.host} ${req.url}`)
  const url = new URL(req.url ?? '/', 'https://x')
  if (url.pathname === '/redirect') {
    res.writeHead(302, { location: url.searchParams.get('to') ?? '/' })
    return void res.end()
  }
  const body = Buffer.alloc(1024, 7)
  res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': body.length })
  res.end(body)
}

beforeAll(async () => {
  proxy = await startProxy()
  files = createSecureServer(TLS, fileHost)
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve))
  filesPort = (files.address() as AddressInfo).port
  folder = mkdtempSync(nodePath.join(tmpdir(), 'heygen-guard-'))
  installSpy()
})
afterAll(async () => {
  net.Socket.prototype.connect = originalConnect
  await proxy?.close()
  files?.closeAllConnections()
  await new Promise((resolve) => files?.close(resolve))
  rmSync(folder, { recursive: true, force: true })
})
beforeEach(() => {
  proxy.reset()
  fileRequests.length = 0
  attempted.length = 0
  blocked.length = 0
  for (const name of Object.keys(NAMES)) delete NAMES[name]
})
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.close()))
})

/** The step's dispatcher for HeyGen on https (`api`), or the loopback sandbox, in `env`. */
function transportFor(env: Record<string, string>, api = 'https://api.heygen.example'): Transport {
  const dispatcher = createDispatcher(5000, env, linkPolicyFor(api), { lookup: resolver, ca: CA })
  dispatchers.push(dispatcher)
  return { userAgent: 'guard-test', timeoutMs: 5000, signal: new AbortController().signal, dispatcher }
}

/** Downloads `link` as the step would, with base_url `api`; the error, or undefined when saved. */
async function download(link: string, env: Record<string, string>, api = 'https://api.heygen.example'): Promise<Error | undefined> {
  const transport = transportFor(env, api)
  const target = nodePath.join(folder, `v-${Math.random().toString(36).slice(2)}.mp4`)
  const log = { info: () => {} }
  return downloadFile(link, target, { transport, log, downloadTimeoutMs: 5000, maxBytes: 1e6, links: linkPolicyFor(api) }).then(
    () => undefined,
    (error: Error) => error,
  )
}

/** Refused: a DownloadError naming why; no CONNECT, no request at the file host, no socket tried it, none blocked. */
function expectRefused(error: Error | undefined, said: RegExp): void {
  expect(error).toBeInstanceOf(DownloadError)
  expect(error?.message).toMatch(said)
  expect(error?.message).toMatch(/nothing was sent/)
  expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual([])
  expect(fileRequests).toEqual([])
  expect(attempted.filter((address) => address.endsWith(`:${filesPort}`))).toEqual([])
  expect(blocked).toEqual([])
}

const PROXY = () => ({ HTTPS_PROXY: proxy.url })

describe('Measured 1: https://localhost:Q/v.mp4 (loopback) with HeyGen on https', () => {
  it('no proxy: refused on the address localhost resolves to', async () => {
    expectRefused(await download(`https://localhost:${filesPort}/v.mp4`, {}), /loopback address \(localhost resolves to it\)/)
  })

  it('HTTPS_PROXY: refused before the proxy is asked for a tunnel (it was downloaded through the proxy before)', async () => {
    expectRefused(await download(`https://localhost:${filesPort}/v.mp4`, PROXY()), /loopback address \(localhost resolves to it\)/)
  })

  it.each(['localhost', '*', `localhost:${filesPort}`, '127.0.0.1,localhost'])(
    'HTTPS_PROXY + NO_PROXY=%s: the direct connection is checked too (it was made unchecked before)',
    async (noProxy) => {
      expectRefused(await download(`https://localhost:${filesPort}/v.mp4`, { ...PROXY(), NO_PROXY: noProxy }), /loopback address/)
    },
  )
})

describe('Measured 1: names resolving where the reviewer chose, HTTPS_PROXY + NO_PROXY=.example.test', () => {
  it('a name resolving to 127.0.0.1: no direct connection is made', async () => {
    NAMES['files.example.test'] = ['127.0.0.1']
    const env = { ...PROXY(), NO_PROXY: '.example.test' }
    expectRefused(
      await download(`https://files.example.test:${filesPort}/v.mp4`, env),
      /127\.0\.0\.1, a loopback address \(files\.example\.test resolves to it\)/,
    )
  })

  it('a name resolving to 169.254.169.254: no TCP or TLS connection to the metadata address', async () => {
    NAMES['metadata.example.test'] = ['169.254.169.254']
    const env = { ...PROXY(), NO_PROXY: '.example.test' }
    expectRefused(
      await download('https://metadata.example.test/latest/meta-data/', env),
      /169\.254\.169\.254, a link-local \(cloud metadata\) address/,
    )
    expect(attempted.filter((address) => address.startsWith('169.254.'))).toEqual([])
  })
})

describe('Measured 1 and 2: every address that is not public, by name, direct, through the proxy, and with NO_PROXY naming it', () => {
  const ranges: Array<[string, string, RegExp]> = [
    ['loopback', '127.0.0.1', /loopback/],
    ['private 10/8', '10.0.0.7', /private/],
    ['private 192.168/16', '192.168.1.1', /private/],
    ['shared 100.64/10', '100.64.0.1', /private/],
    ['link-local (metadata)', '169.254.169.254', /link-local/],
    ['IPv6 link-local', 'fe80::1', /link-local/],
    ['unique-local', 'fd00::1', /unique-local/],
    ['site-local fec0::/10', 'fec0::1', /site-local/],
    ['NAT64 64:ff9b::/96 of the metadata address', '64:ff9b::a9fe:a9fe', /169\.254\.169\.254 in NAT64 form/],
    ['NAT64 local-use 64:ff9b:1::/48 of a private address', '64:ff9b:1::a00:7', /10\.0\.0\.7 in NAT64 \(local-use\) form/],
    ['IPv4-compatible ::a.b.c.d', '::10.0.0.7', /IPv4-compatible/],
    ['IPv4-mapped', '::ffff:10.0.0.7', /private/],
    ['6to4 2002::/16 of a private address', '2002:a00:7::1', /10\.0\.0\.7 in 6to4 form/],
    ['Teredo of a private client', '2001:0:808:808::f5ff:fff8', /in Teredo form/],
    ['benchmarking 198.18.0.0/15', '198.18.0.1', /benchmarking/],
    ['IETF 192.0.0.0/24', '192.0.0.1', /IETF protocol/],
    ['documentation 192.0.2.0/24', '192.0.2.1', /documentation/],
    ['documentation 2001:db8::/32', '2001:db8::1', /documentation/],
    ['a public and a private address together', '93.184.216.34,10.0.0.7', /10\.0\.0\.7, a private address/],
  ]
  const environments: Array<[string, () => Record<string, string>]> = [
    ['no proxy', () => ({})],
    ['HTTPS_PROXY', PROXY],
    ['HTTPS_PROXY + NO_PROXY naming it', () => ({ ...PROXY(), NO_PROXY: 'internal.example.test' })],
    ['HTTP_PROXY only (it carries https too)', () => ({ HTTP_PROXY: proxy.url })],
  ]
  for (const [where, env] of environments) {
    it.each(ranges)(`${where}: a name resolving to %s (%s) is refused`, async (_what, addresses, said) => {
      NAMES['internal.example.test'] = addresses.split(',')
      expectRefused(await download('https://internal.example.test/v.mp4', env()), said)
      // Not a single socket tried an address outside loopback.
      expect(attempted.filter((address) => !isLoopback(address.replace(/:\d+$/, '')))).toEqual([])
    })
  }

  it.each(ranges.filter(([, addresses]) => !addresses.includes(',')))(
    'the literal %s (%s) is refused through the proxy',
    async (_what, address, said) => {
      const host = address.includes(':') ? `[${address}]` : address
      expectRefused(await download(`https://${host}/v.mp4`, PROXY()), said)
    },
  )
})

describe('Measured 1: redirects, checked the same way behind a proxy', () => {
  it('a redirect from the API origin to a name resolving to 127.0.0.1 is refused at the redirect (HTTPS_PROXY)', async () => {
    NAMES['rebound.example.test'] = ['127.0.0.1']
    // The API origin is this host (trusted: it may redirect); where it sends the link is a link like any other.
    const api = `https://localhost:${filesPort}`
    const to = encodeURIComponent(`https://rebound.example.test:${filesPort}/v.mp4`)
    const error = await download(`${api}/redirect?to=${to}`, PROXY(), api)
    expect(error).toBeInstanceOf(DownloadError)
    expect(error?.message).toMatch(/127\.0\.0\.1, a loopback address \(rebound\.example\.test resolves to it\)/)
    // One tunnel, to the API origin, carrying the one request that answered the redirect; none to the rebound name.
    expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual([`localhost:${filesPort}`])
    expect(fileRequests).toEqual([`GET localhost:${filesPort} /redirect?to=${to}`])
  })

  it('the same redirect with NO_PROXY=.example.test is refused on the direct path', async () => {
    NAMES['rebound.example.test'] = ['10.0.0.9']
    const api = `https://localhost:${filesPort}`
    const to = encodeURIComponent('https://rebound.example.test/v.mp4')
    const error = await download(`${api}/redirect?to=${to}`, { ...PROXY(), NO_PROXY: '.example.test' }, api)
    expect(error?.message).toMatch(/10\.0\.0\.9, a private address/)
    expect(blocked).toEqual([])
  })
})

describe('what still goes through (the controls)', () => {
  it('behind HTTPS_PROXY, a loopback link against the loopback sandbox is checked and then tunnelled by name', async () => {
    const error = await download(`https://localhost:${filesPort}/v.mp4`, PROXY(), 'http://127.0.0.1:8787')
    expect(error).toBeUndefined()
    expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual([`localhost:${filesPort}`])
  })

  it('a name the runner cannot resolve is refused behind a proxy, since it cannot be checked', async () => {
    const error = await download('https://no-such-host.invalid/v.mp4', PROXY())
    expect(error?.message).toMatch(/could not be looked up on this runner/)
    expect(proxy.tunnels).toEqual([])
  })
})

describe('Measured 3: the API key never reaches a proxy in clear text', () => {
  let api: Server
  let apiOrigin = ''
  const apiRequests: Array<string | undefined> = []
  beforeAll(async () => {
    api = createServer((req, res) => {
      apiRequests.push(req.headers['x-api-key'] as string | undefined)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}')
    })
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve))
    apiOrigin = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    api.closeAllConnections()
    await new Promise((resolve) => api.close(resolve))
  })

  it.each([
    ['HTTP_PROXY, no NO_PROXY', () => ({ HTTP_PROXY: proxy.url })],
    ['http_proxy and HTTPS_PROXY', () => ({ http_proxy: proxy.url, HTTPS_PROXY: proxy.url })],
    ['HTTP_PROXY with NO_PROXY naming another host', () => ({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.com' })],
  ])('%s: a plain-http base_url (the sandbox) is connected directly', async (_what, env) => {
    apiRequests.length = 0
    const transport = transportFor(env(), apiOrigin)
    const answer = await send(transport, { method: 'GET', url: `${apiOrigin}/v2/video_translate/x`, headers: { 'x-api-key': KEY } })
    expect(answer.status).toBe(200)
    expect(apiRequests).toEqual([KEY])
    expect(proxy.tunnels).toEqual([])
    expect(proxy.plain).toEqual([])
  })

  it('an https base_url goes through the proxy inside a TLS tunnel: the proxy never sees the key', async () => {
    const transport = transportFor(PROXY(), `https://localhost:${filesPort}`)
    const answer = await send(transport, { method: 'GET', url: `https://localhost:${filesPort}/v.mp4`, headers: { 'x-api-key': KEY } })
    expect(answer.status).toBe(200)
    expect(proxy.tunnels.map((tunnel) => tunnel.target)).toEqual([`localhost:${filesPort}`])
    expect(proxy.tunnels.some((tunnel) => tunnel.sent.includes(KEY))).toBe(false)
    expect(proxy.plain).toEqual([])
  })
})

describe("Measured 4 and issue 24's point 7: GitHub's token, and GitHub's own origins", () => {
  let github: Server
  let githubPort = 0
  let other: Server
  let otherPort = 0
  const seen: string[] = []
  const connections: number[] = []
  beforeAll(async () => {
    // GitHub Enterprise on an address a link may not reach (loopback here, standing for a private address).
    github = createSecureServer(TLS, (req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`)
      req.resume()
      req.on('end', () => res.writeHead(422, { 'content-type': 'application/json' }).end('{"message":"Validation Failed"}'))
    })
    other = createServer((req, res) => res.end())
    other.on('connection', () => connections.push(Date.now()))
    await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve))
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    githubPort = (github.address() as AddressInfo).port
    otherPort = (other.address() as AddressInfo).port
  })
  afterAll(async () => {
    for (const server of [github, other]) {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
  beforeEach(() => {
    seen.length = 0
    connections.length = 0
  })

  function upload(uploadUrl: string, apiUrl: string, env: Record<string, string> = {}) {
    const file = nodePath.join(folder, 'asset.vtt')
    writeFileSync(file, 'WEBVTT\n')
    const { dispatcher, signal } = transportFor(env)
    return uploadAsset(
      { uploadUrl, file, name: 'es.vtt', label: 'x', contentType: 'text/vtt' },
      { token: TOKEN, apiUrl, dispatcher, signal, timeoutMs: 5000, userAgent: 'guard-test' },
    ).then(
      () => undefined,
      (error: Error) => error,
    )
  }

  it('GitHub Enterprise on a non-public address: the upload reaches it (no file-link guard), with or without a proxy', async () => {
    for (const env of [{}, PROXY()]) {
      seen.length = 0
      const error = await upload(
        `https://localhost:${githubPort}/api/uploads/repos/o/r/releases/1/assets`,
        `https://localhost:${githubPort}/api/v3`,
        env,
      )
      // GitHub's own answer came back (422): the request was sent, and no error speaks of a file link.
      expect(error?.message).toMatch(/Validation Failed/)
      expect(error?.message).not.toMatch(/file link/)
      expect(seen).toEqual([`POST /api/uploads/repos/o/r/releases/1/assets?name=es.vtt&label=x token ${TOKEN}`])
    }
  })

  it('the same host as a HeyGen file link is refused: only GitHub requests are trusted there', async () => {
    expectRefused(await download(`https://localhost:${githubPort}/v.mp4`, {}), /loopback/)
    expect(seen).toEqual([])
  })

  it.each([
    (p: number) => `http://127.0.0.1:${p}/api/uploads/x`,
    (p: number) => `http://localhost:${p}/api/uploads/x`,
    (p: number) => `http://[::1]:${p}/api/uploads/x`,
  ])('an upload URL on the stand-in host but another port is refused, and nothing connects there (%#)', async (hostile) => {
    const error = await upload(hostile(otherPort), `http://127.0.0.1:${githubPort}`)
    expect(error?.message).toMatch(/not GitHub's uploads origin/)
    expect(error?.message).not.toContain(TOKEN)
    expect(connections).toEqual([])
  })
})
