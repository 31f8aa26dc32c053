// callback_url is called by HeyGen, from the internet: a host only this network can reach cannot work, and a plain
// http URL would carry the job's signed video link in clear text. Credentials in it are a secret like the key.
import { kindOf } from '../../transport/addresses.js'
import { quote } from './duration.js'
import { InputError } from './errors.js'

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
  // An address literal is judged as file links are (transport/addresses.ts); a name, by whether the internet can look it up.
  const literal = host.startsWith('[') || /^\d+\.\d+\.\d+\.\d+$/.test(host)
  const unreachable = literal ? kindOf(host) !== undefined : LOCAL_NAMES.test(host) || !host.includes('.')
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
