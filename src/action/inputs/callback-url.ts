// callback_url is called by HeyGen, from the internet: a host only this network can reach cannot work, and a plain
// http URL would carry the job's signed video link in clear text. Credentials in it are a secret like the key.
import { quote } from './duration.js'
import { InputError } from './errors.js'

/** IPv4 networks HeyGen cannot reach, or must not be sent to: unspecified, private, CGNAT, loopback, link-local. */
const UNREACHABLE_V4: ReadonlyArray<readonly [number, number]> = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0a80000, 16],
]

/** The URL parser writes an IPv4 host as four decimals (whatever form was typed): is it one HeyGen cannot call? */
function unreachableV4(host: string): boolean {
  const octets = host.split('.').map(Number)
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0)
  return UNREACHABLE_V4.some(([network, prefix]) => Math.floor(address / 2 ** (32 - prefix)) === Math.floor(network / 2 ** (32 - prefix)))
}

/** An IPv6 host (as the URL parser writes it, compressed, hex): unspecified, loopback, unique-local, link-local or a mapped IPv4 of those. */
function unreachableV6(host: string): boolean {
  const [head = '', tail] = host.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right].map((group) => parseInt(group, 16))
  const [first = 0] = groups
  if (groups.slice(0, 7).every((group) => group === 0) && (groups[7] ?? 0) <= 1) return true
  if ((first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80) return true
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff
  const [high = 0, low = 0] = groups.slice(6)
  return mapped && unreachableV4([high >> 8, high & 255, low >> 8, low & 255].join('.'))
}

/** Names that resolve only inside a network (or the machine): HeyGen's servers cannot look them up. */
const LOCAL_NAMES = /(^|\.)(localhost|local|internal|home\.arpa|lan)\.?$/i

/** The parts of the URL that are secret (a password, or a token given as the user name), to be masked. */
export function callbackSecrets(raw: string): string[] {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return []
  }
  const parts = url.password ? [url.password] : url.username ? [url.username] : []
  // As written (percent-encoded) and as meant: either may be printed. Shorter ones would blank ordinary words of the
  // log, and are never printed anyway (see withoutCredentials).
  return parts.flatMap((part) => [part, safeDecode(part)]).filter((part, i, all) => part.length >= 3 && all.indexOf(part) === i)
}

/** The URL as the action prints it: a password (or a token given as the user name) as `***`. */
export function withoutCredentials(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return raw
  }
  if (!url.username && !url.password) return raw
  const user = url.password ? `${url.username}:***` : '***'
  return `${url.protocol}//${user}@${url.host}${url.pathname}${url.search}${url.hash}`
}

/** The request body as the action prints it (a dry run, the debug Settings line): callback credentials masked. */
export function printableRequest<T extends { callback_url?: string }>(request: T): T {
  return request.callback_url === undefined ? request : { ...request, callback_url: withoutCredentials(request.callback_url) }
}

/** Refuses a callback_url HeyGen could not call, or would call in clear text. Call after masking its secrets. */
export function checkCallbackUrl(raw: string): void {
  const shown = quote(withoutCredentials(raw))
  // Before parsing: the URL parser drops tabs and line breaks, so it would hide them.
  if (/[\p{Cc}\u2028\u2029]/u.test(raw) || raw.length > 1000) {
    const safe = withoutCredentials(raw) === raw ? ` (got ${quote(raw)})` : ''
    throw new InputError('callback_url', `must be one line of at most 1000 characters without control characters${safe}`)
  }
  const accepts = 'must be an absolute https URL that HeyGen can reach from the internet, such as https://example.com/heygen-hook'
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {
    url = undefined
  }
  // Quoted with its credentials as `***`; they are masked too, should another line quote them.
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname || !/^https?:\/\//i.test(raw)) {
    throw new InputError('callback_url', `${accepts} (got ${shown})`)
  }
  if (url.protocol === 'http:') {
    throw new InputError('callback_url', `${accepts}: plain http would send each delivery, with its signed video link, in clear text (got ${shown})`)
  }
  const host = url.hostname
  const ipv6 = host.startsWith('[')
  const ipv4 = /^\d+\.\d+\.\d+\.\d+$/.test(host)
  const unreachable = ipv6 ? unreachableV6(host.slice(1, -1)) : ipv4 ? unreachableV4(host) : LOCAL_NAMES.test(host) || !host.includes('.')
  if (unreachable) {
    throw new InputError(
      'callback_url',
      `${accepts}: ${host.replace(/^\[|\]$/g, '')} is a loopback, private, link-local or local-only host, which HeyGen cannot call (got ${shown})`,
    )
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
