// The one undici dispatcher of a step: API calls, uploads and downloads share its connections and limits
// (timeouts, proxy, reuse), and it picks, per request origin, how to connect:
//   - a trusted origin (HeyGen's API; GitHub's uploads origin through `trusting`): as the user configured it; through
//     the proxy over https only: plain http (the loopback sandbox) is always connected directly, so a key or a token
//     never crosses a proxy in clear text;
//   - every other origin is a file link: checked on each address it is connected to (guardedLookup), and behind a
//     proxy on every address its name resolves to here, before the proxy is asked for a tunnel (CONNECT).
// Links therefore need nothing of their own: whatever host a link or a redirect names, it goes the checked way.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { isIP } from 'node:net'
import { Agent, buildConnector, Dispatcher, Pool, ProxyAgent } from 'undici'
import { guardedLookup, LinkAddressError, linkRefused, type LinkPolicy, type Lookup, refusal } from './addresses.js'
import { proxyEnv, proxyFor } from './proxy.js'

export interface DispatcherOptions {
  /** How names of links are resolved (tests answer with chosen addresses); node's dns.lookup by default. */
  lookup?: Lookup
  /** Certificates to trust besides the system's (tests' local https hosts). */
  ca?: string | Buffer
}

type Route = (origin: URL, trusted: ReadonlySet<string>) => Dispatcher

/** The step's dispatcher, trusting `trusted` origins (exact scheme, host and port); see the file's comment. */
export class StepDispatcher extends Dispatcher {
  constructor(
    private readonly route: Route,
    private readonly agents: Dispatcher[],
    private readonly trusted: ReadonlySet<string>,
  ) {
    super()
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.route(new URL(String(options.origin)), this.trusted).dispatch(options, handler)
  }

  /** The same connections, with `origins` trusted too; closing it closes nothing (the step's dispatcher owns them). */
  trusting(origins: readonly string[]): StepDispatcher {
    return new StepDispatcher(this.route, [], new Set([...this.trusted, ...origins]))
  }

  override close(): Promise<void>
  override close(callback: () => void): void
  override close(callback?: () => void): Promise<void> | void {
    const closed = Promise.all(this.agents.map((agent) => agent.close())).then(() => {})
    if (!callback) return closed
    void closed.then(callback, callback)
  }

  override destroy(): Promise<void>
  override destroy(error: Error | null): Promise<void>
  override destroy(callback: () => void): void
  override destroy(error: Error | null, callback: () => void): void
  override destroy(first?: Error | null | (() => void), second?: () => void): Promise<void> | void {
    const error = typeof first === 'function' ? null : (first ?? null)
    const callback = typeof first === 'function' ? first : second
    const destroyed = Promise.all(this.agents.map((agent) => agent.destroy(error))).then(() => {})
    if (!callback) return destroyed
    void destroyed.then(callback, callback)
  }
}

/** `dispatcher` trusting `origins` as well (GitHub's, for the token's requests); a test's plain dispatcher as it is. */
export function trusting(dispatcher: Dispatcher, origins: readonly string[]): Dispatcher {
  return dispatcher instanceof StepDispatcher ? dispatcher.trusting(origins) : dispatcher
}

export function createDispatcher(timeoutMs: number, env: NodeJS.ProcessEnv, links: LinkPolicy, options: DispatcherOptions = {}): StepDispatcher {
  // request_timeout bounds the wait for an answer's head and any stall inside its body, on every call.
  const limits = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs }
  const tls = options.ca ? { ca: options.ca } : {}
  const lookup: Lookup = options.lookup ?? dnsLookup
  const direct = new Agent({ ...limits, connect: { timeout: timeoutMs, ...tls } })
  const guardedDirect = new Agent({ ...limits, connect: guardedConnector(timeoutMs, links, lookup, tls) })
  const { httpProxy, httpsProxy } = proxyEnv(env)
  // https goes through HTTPS_PROXY, or HTTP_PROXY when only that is set (as undici's EnvHttpProxyAgent does).
  const proxy = httpsProxy || httpProxy
  // proxyTunnel: a CONNECT tunnel, so a proxy that refuses is told apart from an answer of the server's.
  // requestTls only with a certificate to add: given at all, it replaces the servername undici takes from the host.
  const proxied = { ...limits, uri: proxy, proxyTunnel: true, connectTimeout: timeoutMs, ...(options.ca ? { requestTls: tls } : {}) }
  const ownProxy = proxy ? new ProxyAgent(proxied) : undefined
  const linkProxy = proxy
    ? new ProxyAgent({
        ...proxied,
        clientFactory: (origin, clientOptions) => checkedTunnels(new Pool(origin, clientOptions), links, lookup),
      })
    : undefined
  const route: Route = (origin, trusted) => {
    // Plain http never goes through a proxy: only loopback is allowed over it (the sandbox), and a key would cross in clear.
    const proxied = origin.protocol === 'https:' && proxyFor(origin.href, env) !== undefined
    if (trusted.has(origin.origin)) return proxied && ownProxy ? ownProxy : direct
    return proxied && linkProxy ? linkProxy : guardedDirect
  }
  const agents = [direct, guardedDirect, ...(ownProxy ? [ownProxy] : []), ...(linkProxy ? [linkProxy] : [])]
  return new StepDispatcher(route, agents, new Set([links.apiOrigin]))
}

/**
 * Connects as undici does, but checks a link on the address it goes to: a literal address here, a name on each
 * address it resolves to (guardedLookup), before a byte is sent.
 */
function guardedConnector(timeoutMs: number, links: LinkPolicy, lookup: Lookup, tls: { ca?: string | Buffer }): buildConnector.connector {
  const guarded = buildConnector({ timeout: timeoutMs, ...tls, lookup: guardedLookup(links, lookup) })
  return (options, callback) => {
    const why = isIP(options.hostname) !== 0 ? refusal(options.hostname, links) : undefined
    if (why !== undefined) return callback(new LinkAddressError(linkRefused(`${options.protocol}//${options.host}`, why)), null)
    return guarded(options, callback)
  }
}

/**
 * The proxy client of links, whose every tunnel request (CONNECT host:port) is preceded by a local look-up of the host:
 * each address is checked, and a refused one means no CONNECT is sent. The proxy then resolves the name again itself.
 */
function checkedTunnels(pool: Pool, links: LinkPolicy, lookup: Lookup): Pool {
  // The original, bound before it is replaced below.
  const connect: (options: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData> = pool.connect.bind(pool)
  const checked = async (options: Dispatcher.ConnectOptions): Promise<Dispatcher.ConnectData> => {
    await checkTunnelTarget(String(options.path ?? ''), links, lookup)
    return connect(options)
  }
  Object.assign(pool, { connect: checked })
  return pool
}

/** Refuses `host:port` (a CONNECT target) unless every address the host is, or resolves to here, may be reached. */
export async function checkTunnelTarget(target: string, links: LinkPolicy, lookup: Lookup): Promise<void> {
  const host = /^\[?(.*?)\]?:\d+$/.exec(target)?.[1] ?? target
  const where = `https://${target}`
  if (isIP(host) !== 0) {
    const why = refusal(host, links)
    if (why !== undefined) throw new LinkAddressError(linkRefused(where, why))
    return
  }
  const addresses = await new Promise<LookupAddress[]>((resolve, reject) => {
    lookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(Array.isArray(found) ? found : [])))
  }).catch((error: NodeJS.ErrnoException) => {
    throw new LinkAddressError(
      `the file link ${where} could not be looked up on this runner (${error.code ?? error.message}); behind a proxy a link's name is resolved here and checked before the proxy is asked for it, so nothing was sent`,
    )
  })
  if (addresses.length === 0) throw new LinkAddressError(`the file link ${where} resolves to no address on this runner, so nothing was sent`)
  for (const { address } of addresses) {
    const why = refusal(address, links)
    if (why !== undefined) throw new LinkAddressError(linkRefused(where, `${why} (${host} resolves to it)`))
  }
}
