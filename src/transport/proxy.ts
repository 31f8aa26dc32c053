// Self-hosted runners often sit behind a proxy: HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured through
// undici's EnvHttpProxyAgent (see dispatcher.ts); this module says which proxy a URL goes through, for the log.

/** The variables as EnvHttpProxyAgent reads them: lower case first, and an empty lower-case value wins. */
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
 * The proxy a request to `url` goes through, shown without credentials; undefined when it goes direct.
 * Mirrors EnvHttpProxyAgent's rules (undici 7) so errors blame the proxy only when it was used.
 */
export function proxyFor(url: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { httpProxy, httpsProxy, noProxy } = proxyEnv(env)
  const target = new URL(url)
  const proxy = target.protocol === 'https:' ? httpsProxy || httpProxy : httpProxy
  if (!proxy) return undefined
  const hostname = target.host.replace(/:\d*$/, '').toLowerCase()
  const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0
  return bypassed(hostname, port, noProxy) ? undefined : describeProxy(proxy)
}

function bypassed(hostname: string, port: number, noProxy: string): boolean {
  const entries = noProxy.split(/[,\s]/).filter(Boolean)
  if (entries.length === 0) return false
  // Only a NO_PROXY of exactly `*` means "never"; a `*` among other entries is a host name.
  if (noProxy === '*') return true
  return entries.some((entry) => {
    const parsed = /^(.+):(\d+)$/.exec(entry)
    const host = (parsed?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase()
    const entryPort = parsed?.[2] ? Number.parseInt(parsed[2], 10) : 0
    if (entryPort && entryPort !== port) return false
    return hostname === host || hostname.endsWith(`.${host}`)
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
