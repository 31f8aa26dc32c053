// Self-hosted runners often sit behind a proxy: HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured by the step's
// dispatcher (dispatcher.ts), with undici's EnvHttpProxyAgent's reading of them; this module says which proxy a URL
// goes through, for the dispatcher and the log alike.

/** The variables as undici's EnvHttpProxyAgent reads them: lower case first, and an empty lower-case value wins. */
export function proxyEnv(env: NodeJS.ProcessEnv) {
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY ?? ''
  return {
    httpProxy,
    httpsProxy: env.https_proxy ?? env.HTTPS_PROXY ?? '',
    noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
  }
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 }

/**
 * The proxy a request to `url` goes through, shown without credentials; undefined when it goes direct. The dispatcher
 * routes by it, so errors blame the proxy exactly when it was used. NO_PROXY is read as undici 8's EnvHttpProxyAgent does.
 */
export function proxyFor(url: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { httpProxy, httpsProxy, noProxy } = proxyEnv(env)
  const target = new URL(url)
  // Plain http is never proxied (dispatcher.ts): it is allowed only to loopback, where a key would cross in clear.
  const proxy = target.protocol === 'https:' ? httpsProxy || httpProxy : undefined
  if (!proxy) return undefined
  let hostname = target.host
    .replace(/:\d*$/, '')
    .replace(/^\[(.+)\]$/, '$1')
    .toLowerCase()
  // A trailing dot only marks the fully qualified form of the same name.
  if (hostname.length > 1 && hostname.endsWith('.')) hostname = hostname.slice(0, -1)
  const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0
  return bypassed(hostname, port, noProxy) ? undefined : describeProxy(proxy)
}

interface NoProxyEntry {
  hostname: string
  port: number
  /** `*.example.com`: subdomains only, never the apex. */
  wildcard: boolean
}

function parseNoProxy(noProxy: string): NoProxyEntry[] {
  return noProxy
    .split(/[,\s]/)
    .filter(Boolean)
    .map((entry) => {
      // An IPv6 entry with a port is bracketed ([::1]:443); a bare IPv6 address has several colons.
      const ipv6WithPort = /^\[(.+)\]:(\d+)$/.exec(entry)
      const unbracketed = entry.replace(/^\[(.+)\]$/, '$1')
      const parsed = ipv6WithPort ?? ((unbracketed.match(/:/g) ?? []).length === 1 ? /^(.+):(\d+)$/.exec(unbracketed) : null)
      const hostname = parsed?.[1] ?? unbracketed
      return {
        hostname: hostname
          .replace(/^\*?\./, '')
          .replace(/^(.+)\.$/, '$1')
          .toLowerCase(),
        port: parsed?.[2] ? Number.parseInt(parsed[2], 10) : 0,
        wildcard: entry.startsWith('*'),
      }
    })
}

function bypassed(hostname: string, port: number, noProxy: string): boolean {
  return parseNoProxy(noProxy).some((entry) => {
    if (entry.port && entry.port !== port) return false
    // A bare `*` entry, wherever it stands in the list, bypasses every host (of its port, if it names one).
    if (entry.hostname === '*') return true
    if (!entry.wildcard && hostname === entry.hostname) return true
    return hostname.endsWith(`.${entry.hostname}`)
  })
}

/** The proxy as it may be shown in a log: credentials in it are dropped. */
export function describeProxy(proxy: string): string {
  try {
    return new URL(proxy).origin
  } catch {
    return 'the configured proxy'
  }
}
