// One HTTP exchange with a timeout, no redirects followed, and failures sorted by whether the
// request may have reached the server (which decides whether a paid call may be sent again).
import type { Dispatcher } from 'undici'
import { debug } from './runner.js'

export interface HttpResponse {
  status: number
  statusText: string
  headers: Headers
  text: string
}

export interface Transport {
  userAgent: string
  timeoutMs: number
  /** Aborted when the step is cancelled. */
  signal: AbortSignal
  /** A proxy agent when the environment names one; Node's own agent otherwise. */
  dispatcher?: Dispatcher
  /** The proxy as shown to the user (no credentials), so a network failure can name it. */
  proxy?: string
}

/** refused/dns/connect-timeout: nothing was sent. reset/timeout/other: it may have been. cancelled: the user stopped the step. */
export type NetworkFailure = 'refused' | 'dns' | 'connect-timeout' | 'reset' | 'timeout' | 'cancelled' | 'other'

export class NetworkError extends Error {
  constructor(
    readonly kind: NetworkFailure,
    message: string,
  ) {
    super(message)
    this.name = 'NetworkError'
  }

  /** True when the request provably never left this machine, so even a paid call may be sent again. */
  get notSent(): boolean {
    return this.kind === 'refused' || this.kind === 'dns' || this.kind === 'connect-timeout'
  }
}

export interface HttpRequest {
  method: 'GET' | 'POST'
  url: string
  headers?: Record<string, string>
  body?: string
}

export async function send(transport: Transport, request: HttpRequest): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(transport.timeoutMs)
  const init: RequestInit & { dispatcher?: Dispatcher } = {
    method: request.method,
    headers: { 'user-agent': transport.userAgent, accept: 'application/json', ...request.headers },
    // The key travels in a header: a redirect to another origin must never carry it.
    redirect: 'manual',
    signal: AbortSignal.any([transport.signal, timeout]),
    ...(request.body === undefined ? {} : { body: request.body }),
    ...(transport.dispatcher ? { dispatcher: transport.dispatcher } : {}),
  }
  // Method and path only: headers carry the key.
  debug(`${request.method} ${new URL(request.url).pathname}`)
  try {
    const response = await fetch(request.url, init)
    return { status: response.status, statusText: response.statusText, headers: response.headers, text: await response.text() }
  } catch (error) {
    throw classify(error, transport, timeout)
  }
}

function classify(error: unknown, transport: Transport, timeout: AbortSignal): NetworkError {
  const failure = classifyCause(error, transport, timeout)
  if (!transport.proxy || failure.kind === 'cancelled') return failure
  // Behind a proxy most network failures are the proxy's: say which one, so the user knows where to look.
  return new NetworkError(
    failure.kind,
    `${failure.message} (through the proxy ${transport.proxy}; check it is reachable, or list the host in NO_PROXY)`,
  )
}

function classifyCause(error: unknown, transport: Transport, timeout: AbortSignal): NetworkError {
  if (transport.signal.aborted) return new NetworkError('cancelled', 'the step was cancelled')
  if (timeout.aborted) return new NetworkError('timeout', `no complete answer within ${transport.timeoutMs / 1000} s (request_timeout)`)
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  const code = cause?.code ?? (error as { code?: string })?.code
  const detail = cause?.message ?? (error as Error)?.message ?? String(error)
  switch (code) {
    case 'ECONNREFUSED':
      return new NetworkError('refused', `connection refused (${detail})`)
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new NetworkError('dns', `host not found (${detail})`)
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new NetworkError('connect-timeout', `could not connect in time (${detail})`)
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new NetworkError('reset', `the connection was closed before an answer came (${detail})`)
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return new NetworkError('timeout', `the server stopped answering (${detail})`)
    default:
      return new NetworkError('other', detail)
  }
}
