// The one undici dispatcher of a step: API calls and downloads share it, so one set of rules (timeouts,
// proxy, connection reuse) applies to every byte. A proxy agent when the environment names a proxy.
import { isIP } from 'node:net'
import { Agent, buildConnector, type Dispatcher, EnvHttpProxyAgent } from 'undici'
import { guardedLookup, LinkAddressError, linkRefused, type LinkPolicy, refusal } from './addresses.js'
import { proxyEnv } from './proxy.js'

export function createDispatcher(timeoutMs: number, env: NodeJS.ProcessEnv = process.env, links?: LinkPolicy): Dispatcher {
  // request_timeout bounds the wait for an answer's head and any stall inside its body, on every call.
  const limits = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs }
  const { httpProxy, httpsProxy, noProxy } = proxyEnv(env)
  if (!httpProxy && !httpsProxy) return new Agent({ ...limits, connect: links ? guardedConnector(timeoutMs, links) : { timeout: timeoutMs } })
  // Handed the values proxyFor reads, so the agent and the proxy named in errors can never disagree.
  // proxyTunnel: plain-http targets (the sandbox) also go through CONNECT, as https ones do, so a proxy that
  // refuses is told apart from an answer of HeyGen's and the key never crosses the proxy in clear text.
  // Behind a proxy the proxy resolves a link's name: only the link's literal address is checked (download.ts).
  return new EnvHttpProxyAgent({ ...limits, connect: { timeout: timeoutMs }, httpProxy, httpsProxy, noProxy, proxyTunnel: true })
}

/**
 * Connects as undici does, but a connection to any origin other than the API's is checked on the address it goes to:
 * a literal address here, a name on each address it resolves to (guardedLookup), before a byte is sent.
 */
function guardedConnector(timeoutMs: number, links: LinkPolicy): buildConnector.connector {
  const open = buildConnector({ timeout: timeoutMs })
  const guarded = buildConnector({ timeout: timeoutMs, lookup: guardedLookup(links) })
  return (options, callback) => {
    if (`${options.protocol}//${options.host}` === links.apiOrigin) return open(options, callback)
    const why = isIP(options.hostname) !== 0 ? refusal(options.hostname, links) : undefined
    if (why !== undefined) return callback(new LinkAddressError(linkRefused(`${options.protocol}//${options.host}`, why)), null)
    return guarded(options, callback)
  }
}
