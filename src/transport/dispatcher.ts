// The one undici dispatcher of a step: API calls and downloads share it, so one set of rules (timeouts,
// proxy, connection reuse) applies to every byte. A proxy agent when the environment names a proxy.
import { Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici'
import { proxyEnv } from './proxy.js'

export function createDispatcher(timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Dispatcher {
  // request_timeout bounds the wait for an answer's head and any stall inside its body, on every call.
  const limits = { headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connect: { timeout: timeoutMs } }
  const { httpProxy, httpsProxy, noProxy } = proxyEnv(env)
  if (!httpProxy && !httpsProxy) return new Agent(limits)
  // Handed the values proxyFor reads, so the agent and the proxy named in errors can never disagree.
  // proxyTunnel: plain-http targets (the sandbox) also go through CONNECT, as https ones do, so a proxy that
  // refuses is told apart from an answer of HeyGen's and the key never crosses the proxy in clear text.
  return new EnvHttpProxyAgent({ ...limits, httpProxy, httpsProxy, noProxy, proxyTunnel: true })
}
