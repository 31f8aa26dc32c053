// What HeyGen said when a call failed, in one readable line: status, HeyGen's code and message, request id.
import type { HttpResponse } from '../transport/http.js'
import { type JobId, type OutsideText, outsideText, outsideWord } from './outside.js'

export interface FailureDetails {
  status?: number
  /** HeyGen's error code and request id, across the border (outside.ts). */
  code?: OutsideText
  requestId?: OutsideText
  /** The call spent credits and may have started a job although it failed: never send it again blindly. */
  mayHaveStarted: boolean
  /** The route answered 404/410 on the generate call: gone (v2 after its retirement), and nothing started. */
  routeGone?: boolean
  /** A job id that came with the failure: the job may exist, and can be resumed. */
  videoTranslateId?: JobId
  /** The API version of the failed call (set where a step may use either). */
  apiVersion?: 'v2' | 'v3'
}

export class HeyGenError extends Error {
  constructor(
    message: string,
    readonly details: FailureDetails,
  ) {
    super(message)
    this.name = 'HeyGenError'
  }
}

export interface ApiErrorBody {
  code?: string
  message?: string
}

/** HeyGen's error, from any of the shapes seen: `error` as text, `error: {code, message}`, or top-level `code`/`message`. */
export function readApiError(body: unknown): ApiErrorBody | undefined {
  if (!body || typeof body !== 'object') return undefined
  const { error, code, message } = body as { error?: unknown; code?: unknown; message?: unknown }
  if (typeof error === 'string' && error !== '') return { message: error }
  if (error && typeof error === 'object') {
    const inner = error as { code?: unknown; message?: unknown }
    return { ...textField('code', inner.code), ...textField('message', inner.message ?? JSON.stringify(error)) }
  }
  if (code !== undefined && code !== null && code !== 0 && code !== 100) return { ...textField('code', code), ...textField('message', message) }
  return undefined
}

function textField(name: 'code' | 'message', value: unknown): Partial<ApiErrorBody> {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- HeyGen sends code and message as strings or numbers; any other shape is shown as String() gives it
  return value === undefined || value === null || value === '' ? {} : { [name]: String(value) }
}

/** Parses JSON without ever surfacing a parse stack trace; undefined when the body is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** A short, single-line excerpt of a non-JSON answer (an HTML error page, say), tags removed. */
export function excerpt(text: string, max = 160): OutsideText {
  const flat = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return outsideText(flat.length > max ? `${flat.slice(0, max - 3)}...` : flat)
}

export function requestIdOf(response: HttpResponse): OutsideText | undefined {
  const id = response.headers.get('x-request-id')
  return id ? outsideWord(id) : undefined
}

/** What a refusal of the key means here, in the action's own words: HeyGen's message alone rarely says what to do. */
const KEY_REFUSALS: Record<number, string> = {
  401: 'the key was refused: check the secret',
  403: 'this endpoint needs a HeyGen Scale or Enterprise API plan, or the key has no access to it',
}

/** HeyGen's own message of a refusal is capped tighter than other text: it is a sentence, not a report. */
const MAX_REFUSAL_CHARS = 300

/** Builds the error for a non-2xx answer (or a 2xx that still failed), wording it for the user. */
export function failureFromResponse(
  response: HttpResponse,
  what: string,
  mayHaveStarted: boolean,
  hint?: string,
  videoTranslateId?: JobId,
): HeyGenError {
  const body = parseJson(response.text)
  const apiError = readApiError(body)
  const requestId = requestIdOf(response)
  const statusText = `${response.status}${response.statusText ? ` ${outsideWord(response.statusText)}` : ''}`
  const refusal = KEY_REFUSALS[response.status]
  // The answer was redacted of the key (whole, encoded, any 8-character piece) by the transport before it got here.
  const max = refusal ? MAX_REFUSAL_CHARS : undefined
  let said: string
  if (apiError)
    said = `${apiError.code ? `${outsideWord(apiError.code)}: ` : ''}${apiError.message === undefined ? 'no message' : outsideText(apiError.message, max)}`
  else if (body === undefined) said = response.text.trim() ? `a non-JSON answer: "${excerpt(response.text)}"` : 'an empty answer'
  else said = `an unexpected answer: ${excerpt(response.text)}`
  const parts = [`${what} failed: HeyGen answered HTTP ${statusText} with ${said}${refusal ? `; ${refusal}` : ''}`]
  if (requestId) parts.push(`(X-Request-Id: ${requestId})`)
  if (hint) parts.push(hint)
  return new HeyGenError(parts.join(' '), {
    status: response.status,
    ...(apiError?.code ? { code: outsideWord(apiError.code) } : {}),
    ...(requestId ? { requestId } : {}),
    ...(videoTranslateId ? { videoTranslateId } : {}),
    mayHaveStarted,
  })
}
