// One HTTP exchange through the step's undici dispatcher: a timeout, no redirects followed, an answer
// capped in size, and failures sorted by whether the request may have reached the server (which
// decides whether a paid call may be sent again).
import { debug } from '@actions/core'
import { type Dispatcher, request } from 'undici'
import { redactSecret, secret } from '../util/secret-text.js'
import { proxyFor } from './proxy.js'

export interface HttpResponse {
  status: number
  statusText: string
  headers: Headers
  text: string
}

export interface Transport {
  userAgent: string
  /** request_timeout: bounds each API exchange, and the head and any stall of a download. */
  timeoutMs: number
  /** Aborted when the step is cancelled. */
  signal: AbortSignal
  /** The step's one dispatcher (see dispatcher.ts): every byte goes through it. */
  dispatcher: Dispatcher
}

/** An API answer larger than this is refused: HeyGen's JSON answers are a few KiB. */
export const MAX_ANSWER_BYTES = 1024 * 1024

/**
 * refused/dns/connect-timeout/proxy-refused: nothing reached the server. reset/timeout/too-large/other: it may have.
 * cancelled: the user stopped the step.
 */
export type NetworkFailure = 'refused' | 'dns' | 'connect-timeout' | 'proxy-refused' | 'reset' | 'timeout' | 'too-large' | 'cancelled' | 'other'

export class NetworkError extends Error {
  constructor(
    readonly kind: NetworkFailure,
    message: string,
  ) {
    super(message)
    this.name = 'NetworkError'
  }

  /** True when the request provably never reached the server, so even a paid call may be sent again. */
  get notSent(): boolean {
    return this.kind === 'refused' || this.kind === 'dns' || this.kind === 'connect-timeout' || this.kind === 'proxy-refused'
  }
}

export interface HttpRequest {
  method: 'GET' | 'POST'
  url: string
  headers?: Record<string, string>
  body?: string
}

export async function send(transport: Transport, exchange: HttpRequest): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(transport.timeoutMs)
  // Method and path only: headers carry the key.
  debug(withoutSecrets(`${exchange.method} ${new URL(exchange.url).pathname}`, exchange.headers))
  try {
    const answer = await request(exchange.url, {
      method: exchange.method,
      headers: { 'user-agent': transport.userAgent, accept: 'application/json', ...exchange.headers },
      signal: AbortSignal.any([transport.signal, timeout]),
      dispatcher: transport.dispatcher,
      ...(exchange.body === undefined ? {} : { body: exchange.body }),
    })
    const headers = toHeaders(answer.headers)
    const text = withoutSecrets(await readCapped(answer.body, headers), exchange.headers)
    return { status: answer.statusCode, statusText: answer.statusText ?? '', headers, text }
  } catch (error) {
    if (error instanceof NetworkError) throw error
    throw classify(error, exchange.url, transport, timeout)
  }
}

/** Request headers whose values an answer must never carry on: a careless server may quote the key back. */
const SECRET_HEADERS = ['x-api-key', 'authorization']

/**
 * The text (an answer, a path to log) with the request's secrets, whole, encoded or in pieces, replaced by `***`,
 * before anything reads it: an excerpt cut later can then never fall inside the key and keep a piece of it.
 */
function withoutSecrets(text: string, headers: Record<string, string> | undefined): string {
  let safe = text
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (SECRET_HEADERS.includes(name.toLowerCase()) && value.length >= 4) safe = redactSecret(safe, secret(value))
  }
  return safe
}

/** The answer's text, at most MAX_ANSWER_BYTES: a larger one is an error, never a memory spike. */
async function readCapped(body: Dispatcher.ResponseData['body'], headers: Headers): Promise<string> {
  const tooLarge = () =>
    new NetworkError('too-large', `the answer is larger than ${MAX_ANSWER_BYTES / 1048576} MiB, far beyond any HeyGen answer; it was not read`)
  if (Number(headers.get('content-length') ?? 0) > MAX_ANSWER_BYTES) {
    body.on('error', () => {})
    body.destroy()
    throw tooLarge()
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_ANSWER_BYTES) {
      body.on('error', () => {})
      body.destroy()
      throw tooLarge()
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** undici's header record as a WHATWG Headers, so callers read one name the same way whatever its case. */
export function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, item)
      } catch {
        // A header value Headers cannot hold (a raw control byte) is dropped, not fatal.
      }
    }
  }
  return headers
}

export function classify(error: unknown, url: string, transport: Transport, timeout: AbortSignal): NetworkError {
  const failure = classifyCause(error, transport, timeout)
  const proxy = proxyFor(url)
  if (failure.kind === 'proxy-refused') return new NetworkError(failure.kind, failure.message.replace('the proxy', `the proxy ${proxy ?? ''}`.trim()))
  if (!proxy || failure.kind === 'cancelled') return failure
  // Behind a proxy most network failures are the proxy's: say which one, so the user knows where to look.
  return new NetworkError(failure.kind, `${failure.message} (through the proxy ${proxy}; check it is reachable, or list the host in NO_PROXY)`)
}

function classifyCause(error: unknown, transport: Transport, timeout: AbortSignal): NetworkError {
  if (transport.signal.aborted) return new NetworkError('cancelled', 'the step was cancelled')
  if (timeout.aborted) return new NetworkError('timeout', `no complete answer within ${transport.timeoutMs / 1000} s (request_timeout)`)
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause
  const code = (error as { code?: string })?.code ?? cause?.code
  const detail = (error as Error)?.message ?? cause?.message ?? String(error)
  // undici's ProxyAgent reports a refused CONNECT this way: the request never got past the proxy.
  const tunnel = /Proxy response \((\d+)\) !== 200/.exec(detail)
  if (tunnel) return new NetworkError('proxy-refused', `the proxy refused the tunnel with HTTP ${tunnel[1]}, so nothing reached the server`)
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
      return new NetworkError('timeout', `no answer head within ${transport.timeoutMs / 1000} s (request_timeout)`)
    case 'UND_ERR_BODY_TIMEOUT':
      return new NetworkError('timeout', `the answer stalled for ${transport.timeoutMs / 1000} s (request_timeout)`)
    default:
      return new NetworkError('other', detail)
  }
}
