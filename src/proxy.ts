// Self-hosted runners often sit behind a proxy: HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured
// through undici's EnvHttpProxyAgent, loaded only when a proxy is configured (it costs start-up time).
import type { Dispatcher } from 'undici'

export function anyProxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy)
}

export async function proxyDispatcher(env: NodeJS.ProcessEnv = process.env): Promise<Dispatcher | undefined> {
  if (!anyProxyConfigured(env)) return undefined
  const { EnvHttpProxyAgent } = await import('undici')
  return new EnvHttpProxyAgent()
}

/**
 * The proxy a request to `url` goes through, by the rules EnvHttpProxyAgent applies (scheme's variable,
 * then NO_PROXY), shown without credentials; undefined when it goes direct. Used to word errors.
 */
export function proxyFor(url: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const target = new URL(url)
  const http = env.http_proxy || env.HTTP_PROXY
  const proxy = target.protocol === 'https:' ? env.https_proxy || env.HTTPS_PROXY || http : http
  if (!proxy || bypassed(target, env.no_proxy || env.NO_PROXY || '')) return undefined
  return describeProxy(proxy)
}

function bypassed(target: URL, noProxy: string): boolean {
  const port = target.port || (target.protocol === 'https:' ? '443' : '80')
  return noProxy
    .split(/[,\s]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true
      const [host = '', entryPort] = entry.replace(/^\*?\./, '.').split(/:(?=\d+$)/)
      if (entryPort && entryPort !== port) return false
      const name = target.hostname
      return host.startsWith('.') ? name.endsWith(host) || name === host.slice(1) : name === host
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
