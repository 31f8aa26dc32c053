// Self-hosted runners often sit behind a proxy: HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured
// through undici's EnvHttpProxyAgent, loaded only when a proxy is configured (it costs start-up time).
import type { Dispatcher } from 'undici'

export function configuredProxy(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || undefined
}

export async function proxyDispatcher(env: NodeJS.ProcessEnv = process.env): Promise<Dispatcher | undefined> {
  if (!configuredProxy(env)) return undefined
  const { EnvHttpProxyAgent } = await import('undici')
  return new EnvHttpProxyAgent()
}

/** The proxy as it may be shown in a log: credentials in it are dropped. */
export function describeProxy(proxy: string): string {
  try {
    const url = new URL(proxy)
    return url.origin
  } catch {
    return 'the configured proxy'
  }
}
