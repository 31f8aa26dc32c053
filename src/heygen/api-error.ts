// What HeyGen said when a call failed, in one readable line: status, HeyGen's code and message, request id.
import type { HttpResponse } from '../transport/http.js'
import { described, type JobId, link, type OutsideText, outsideText, outsideWord } from './outside.js'

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
  /** A 429 for a used-up quota: nothing will go through until the account has quota again. */
  quotaExceeded?: boolean
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
  /** v3: the request field the error is about. */
  param?: string
  /** v3: HeyGen's page about the error. */
  docUrl?: string
}

/** HeyGen's error, from any of the shapes seen: `error` as text, `error: {code, message}`, or top-level `code`/`message`. */
export function readApiError(body: unknown): ApiErrorBody | undefined {
  if (!body || typeof body !== 'object') return undefined
  const { error, code, message } = body as { error?: unknown; code?: unknown; message?: unknown }
  if (typeof error === 'string' && error !== '') return { message: error }
  if (error && typeof error === 'object') {
    const inner = error as { code?: unknown; message?: unknown; param?: unknown; doc_url?: unknown }
    return {
      ...textField('code', inner.code),
      ...textField('message', inner.message ?? JSON.stringify(error)),
      ...textField('param', inner.param),
      ...textField('docUrl', inner.doc_url),
    }
  }
  if (code !== undefined && code !== null && code !== 0 && code !== 100) return { ...textField('code', code), ...textField('message', message) }
  return undefined
}

function textField(name: keyof ApiErrorBody, value: unknown): Partial<ApiErrorBody> {
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

/** HeyGen's doc_url when it is a plain http(s) link, else described (escaped): never a clickable odd scheme. */
function docLink(raw: string): OutsideText {
  return outsideText(link(raw) ?? `"${described(raw)}"`, 300)
}

export function requestIdOf(response: HttpResponse): OutsideText | undefined {
  const id = response.headers.get('x-request-id')
  return id ? outsideWord(id) : undefined
}

/** What a refusal of the key means here, in the action's own words: HeyGen's message alone rarely says what to do. */
const KEY_REFUSALS: Record<number, string> = {
  401: 'the key was refused: check the secret',
  403: "the key's plan does not include this, or the key has no access to it: generating from a proofread needs a HeyGen API plan with video translation (pay-as-you-go API credits or an Enterprise plan); check the plan and the key in HeyGen's API settings",
}

/**
 * HeyGen's 429 codes for a used-up quota (a trial's daily limit, a plan's allowance): waiting does not mend them, unlike
 * `rate_limit_exceeded`. Any other 429 code is treated as a rate limit and waited out.
 */
const QUOTA_CODES = new Set(['quota_exceeded', 'trial_video_limit_exceeded'])

/** True for a 429 whose code says a quota is used up (any code naming a quota counts). */
export function isQuotaExceeded(response: HttpResponse): boolean {
  if (response.status !== 429) return false
  const code = readApiError(parseJson(response.text))?.code?.toLowerCase()
  return code !== undefined && (QUOTA_CODES.has(code) || /(^|_)quota(_|$)/.test(code))
}

/** What to do about a used-up quota, in the action's words: HeyGen's own message says what, not what next. */
const QUOTA_ADVICE =
  "This is a used-up quota, not a rate limit: waiting does not mend it, so nothing more is sent. Check the account's usage and plan in HeyGen (a trial key's limit resets daily; a plan's quota at its renewal, or add credits), or use a key with quota left, then run this again."

/** A 429 for a used-up quota: HeyGen's words, and what to do; the 429 itself started nothing. */
export function quotaFailure(response: HttpResponse, what: string, mayHaveStarted: boolean): HeyGenError {
  const error = failureFromResponse(response, what, mayHaveStarted, QUOTA_ADVICE)
  error.details.quotaExceeded = true
  return error
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
  // The field HeyGen blames and its page about the error: what a user needs to fix the call or read more.
  if (apiError?.param) parts.push(`(param: ${outsideWord(apiError.param)})`)
  if (apiError?.docUrl) parts.push(`(see ${docLink(apiError.docUrl)})`)
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
