// The soak's proxy and NO_PROXY variants (issue 26): every run gets one, by its index (so the seed's random draws, and
// a run replayed with --only, stay as they were), against one recording proxy shared by the whole soak; a download run
// under a proxy variant gets an https video link (soak.ts), which goes through the proxy unless NO_PROXY names it. After the
// runs: the proxy must have seen no key, no plain (un-tunnelled) request, and no tunnel to anything but the sandboxes'
// https file hosts (whose links the sandbox rule allows); a refused link never reaches it.
import { FILE_HOST_CERT } from '../sandbox/heygen-sandbox.ts'
import { NO_PROXY_VARIABLES, type RecordingProxy, startProxy } from '../test/proxy/proxy-server.ts'

export const PROXY_VARIANTS = [
  'no proxy',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'HTTPS_PROXY, NO_PROXY=127.0.0.1,localhost',
  'HTTPS_PROXY, NO_PROXY=*',
] as const
export type ProxyVariant = (typeof PROXY_VARIANTS)[number]

export function proxyVariant(index: number): ProxyVariant {
  return PROXY_VARIANTS[index % PROXY_VARIANTS.length] ?? 'no proxy'
}

/** The variables of `variant`, over the runner's (which may carry its own: those are cleared). */
export function proxyEnvOf(variant: ProxyVariant, proxyUrl: string): Record<string, string | undefined> {
  // The runner's own proxy variables cleared; the sandbox's https file host (the videos of proxy variants) trusted.
  const none = { ...NO_PROXY_VARIABLES, NODE_EXTRA_CA_CERTS: FILE_HOST_CERT }
  switch (variant) {
    case 'no proxy':
      return none
    case 'HTTPS_PROXY':
      return { ...none, HTTPS_PROXY: proxyUrl }
    case 'HTTP_PROXY':
      return { ...none, HTTP_PROXY: proxyUrl }
    case 'HTTPS_PROXY, NO_PROXY=127.0.0.1,localhost':
      return { ...none, HTTPS_PROXY: proxyUrl, NO_PROXY: '127.0.0.1,localhost' }
    case 'HTTPS_PROXY, NO_PROXY=*':
      return { ...none, HTTPS_PROXY: proxyUrl, NO_PROXY: '*' }
  }
}

export async function startSoakProxy(): Promise<RecordingProxy> {
  return startProxy()
}

/** What the proxy must never have seen over the whole soak; each line is a failure. */
export function proxyProblems(proxy: RecordingProxy, key: string, allowedTunnels: readonly string[]): string[] {
  const problems: string[] = []
  const keyed = proxy.tunnels.filter((tunnel) => tunnel.sent.includes(key)).length + proxy.plain.filter((line) => line.includes(key)).length
  if (keyed > 0) problems.push(`the key in clear text at the proxy (${keyed} connections)`)
  if (proxy.plain.length > 0) problems.push(`${proxy.plain.length} plain http requests through the proxy (plain http must go direct)`)
  const elsewhere = proxy.tunnels.map((tunnel) => tunnel.target).filter((target) => !allowedTunnels.includes(target))
  if (elsewhere.length > 0) problems.push(`tunnels to ${[...new Set(elsewhere)].join(', ')} (only the sandbox's https file hosts may be)`)
  return problems
}

/** The figures line of the proxy: CONNECTs carried, and the three counts that must be 0. */
export function proxyFigures(proxy: RecordingProxy, key: string, allowedTunnels: readonly string[]): string {
  const keyed = proxy.tunnels.filter((tunnel) => tunnel.sent.includes(key)).length + proxy.plain.filter((line) => line.includes(key)).length
  const elsewhere = proxy.tunnels.filter((tunnel) => !allowedTunnels.includes(tunnel.target)).length
  return `proxy: ${proxy.tunnels.length} tunnels, ${elsewhere} to a refused or unexpected address, ${proxy.plain.length} plain http requests, ${keyed} keys seen`
}
