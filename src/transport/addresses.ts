// Where a file link HeyGen gives may lead: only to the public internet, over https. A link (or a redirect, or a DNS
// name) that leads to this machine, the cloud's metadata service or the runner's private network is refused, checked
// on the address actually connected to. The API origin itself is the user's choice and is not checked here.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns'
import { BlockList, isIP } from 'node:net'

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

const LOOPBACK = new BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')

/** Address blocks no file link may reach, with the word a user reads for each. */
const RANGES: Array<{ kind: string; blocks: Array<[string, number, 'ipv4' | 'ipv6']> }> = [
  {
    kind: 'link-local (cloud metadata)',
    blocks: [
      ['169.254.0.0', 16, 'ipv4'],
      ['fe80::', 10, 'ipv6'],
    ],
  },
  {
    kind: 'private',
    blocks: [
      ['10.0.0.0', 8, 'ipv4'],
      ['172.16.0.0', 12, 'ipv4'],
      ['192.168.0.0', 16, 'ipv4'],
      ['100.64.0.0', 10, 'ipv4'],
    ],
  },
  { kind: 'unique-local', blocks: [['fc00::', 7, 'ipv6']] },
  {
    kind: 'unspecified',
    blocks: [
      ['0.0.0.0', 8, 'ipv4'],
      ['::', 128, 'ipv6'],
    ],
  },
  {
    kind: 'multicast or reserved',
    blocks: [
      ['224.0.0.0', 3, 'ipv4'],
      ['ff00::', 8, 'ipv6'],
    ],
  },
]
const BLOCKED = RANGES.map(({ kind, blocks }) => {
  const list = new BlockList()
  for (const [network, prefix, type] of blocks) list.addSubnet(network, prefix, type)
  return { kind, list }
})

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
  const host = unbracket(address)
  const type = isIP(host) === 6 ? 'ipv6' : 'ipv4'
  // An IPv4 address written as IPv6 (::ffff:169.254.169.254) is that IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host)?.[1]
  if (mapped) return kindOf(mapped)
  if (LOOPBACK.check(host, type)) return 'loopback'
  return BLOCKED.find(({ list }) => list.check(host, type))?.kind
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
  return `the file link ${where} leads to ${why}; links to loopback, link-local, private or unique-local addresses are refused, so nothing was sent there`
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void
type Lookup = (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback) => void

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
