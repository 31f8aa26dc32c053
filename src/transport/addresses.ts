// Where a file link HeyGen gives may lead: only to globally reachable unicast addresses (special-addresses.ts, an
// allow-list from IANA's registries), over https. A link (or a redirect, or a DNS name) that leads to this machine,
// the cloud's metadata service or the runner's private network is refused, checked on the address actually connected
// to, or, behind a proxy, on every address the name resolves to here. The step's own origins (the API's, GitHub's when
// publishing: see dispatcher.ts) are the user's choice and are not checked.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns'
import { isIP } from 'node:net'
import { notPublic } from './special-addresses.js'

/** What a link may reach: the sandbox (a loopback http base_url) may serve its files from loopback, nothing else may. */
export interface LinkPolicy {
  /** The API origin (`https://api.heygen.com`): its connections are the user's choice, never refused here. */
  apiOrigin: string
  /** base_url is a loopback http URL: loopback links, http or https, are allowed (the sandbox's file host). */
  loopbackAllowed: boolean
}

/** Refused for a link: says what the address is and that nothing was sent there. */
export class LinkAddressError extends Error {
  override name = 'LinkAddressError'
  readonly code = 'ERR_LINK_ADDRESS_REFUSED'
}

/** The policy for links when the API is `baseUrl` (already validated by inputs.ts). */
export function linkPolicyFor(baseUrl: string): LinkPolicy {
  const url = new URL(baseUrl)
  return { apiOrigin: url.origin, loopbackAllowed: url.protocol === 'http:' && isLoopbackHost(url.hostname) }
}

/** `localhost` or a loopback literal (`127.0.0.1`, `[::1]`), as a URL writes the host. */
export function isLoopbackHost(hostname: string): boolean {
  const host = unbracket(hostname).toLowerCase()
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  return isIP(host) !== 0 && kindOf(host) === 'loopback'
}

/** What the address is when a link may not reach it ('loopback', 'private'...), undefined for a public address. */
export function kindOf(address: string): string | undefined {
  const found = notPublic(address)
  if (!found) return undefined
  // Mapped (::ffff:127.0.0.1) is the IPv4 address itself; the other forms reach it through a translator or relay.
  if (!found.carried || found.carried.form === 'IPv4-mapped') return found.kind
  return `${found.kind} (${found.carried.ipv4} in ${found.carried.form} form)`
}

/** Why a link's address is refused under `policy`, or undefined when it may be reached. */
export function refusal(address: string, policy: LinkPolicy): string | undefined {
  const kind = kindOf(address)
  if (kind === undefined || (kind === 'loopback' && policy.loopbackAllowed)) return undefined
  return `${unbracket(address)}, a ${kind} address`
}

/**
 * The URL-level rules of one link (the first or a redirect), before any connection: https only (http only for loopback
 * links when the API is the sandbox), and a literal address must be public. A DNS name is checked when it is resolved.
 */
export function checkLink(url: URL, policy: LinkPolicy): string | undefined {
  const where = `${url.protocol}//${url.host}`
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `the download link is not http(s): ${url.protocol}`
  const host = unbracket(url.hostname)
  const why = isIP(host) !== 0 ? refusal(host, policy) : undefined
  if (why !== undefined) return linkRefused(where, why)
  if (url.protocol === 'http:' && !(policy.loopbackAllowed && isLoopbackHost(url.hostname))) {
    return `the file link ${where} is plain http: only https links are followed, so the file cannot be read or changed on the way`
  }
  return undefined
}

/** The user's words for a refused address: a file link never leads into the runner's own network. */
export function linkRefused(where: string, why: string): string {
  return `the file link ${where} leads to ${why}; links lead only to public (globally reachable) addresses, others are refused, so nothing was sent there`
}

export type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void
export type Lookup = (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback) => void

/**
 * A `lookup` for net.connect / tls.connect that refuses a name resolving to an address `policy` refuses: the check
 * is made on the very addresses the socket will connect to. Any one refused address refuses the name (a mix is a trick).
 */
export function guardedLookup(policy: LinkPolicy, resolve: Lookup = dnsLookup): Lookup {
  return (hostname, options, callback) => {
    resolve(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family)
      const all = Array.isArray(address) ? address : [{ address, family: family ?? 0 }]
      for (const entry of all) {
        const why = refusal(entry.address, policy)
        if (why !== undefined) return callback(new LinkAddressError(linkRefused(hostname, `${why} (${hostname} resolves to it)`)), address, family)
      }
      callback(null, address, family)
    })
  }
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
}
