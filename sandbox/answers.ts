// HeyGen's answer bodies: the error shapes of both API versions and the other canned responses.
import { hasToken } from './tokens.ts'

export type ApiVersion = 'v2' | 'v3'

/** A complete HTTP answer, ready to send (and to store for an idempotent replay). */
export interface Answer {
  status: number
  body: string
  contentType?: string
  headers?: Record<string, string>
}

export interface ErrorDetail {
  code?: string
  message?: string
  param?: string | null
}

const ERRORS: Record<number, { code: string; message: string }> = {
  400: { code: 'invalid_parameter', message: 'Invalid request parameters.' },
  401: { code: 'authentication_failed', message: 'Invalid or expired API key. Verify your x-api-key header.' },
  402: { code: 'insufficient_credit', message: 'Insufficient credit: add API credits to your HeyGen account.' },
  403: { code: 'plan_not_supported', message: 'Your plan does not include this feature. Upgrade to Scale or Enterprise.' },
  404: { code: 'not_found', message: 'Proofread not found.' },
  409: { code: 'conflict', message: 'This proofread is already being generated.' },
  410: { code: 'gone', message: 'This API version has been retired. Use the v3 API.' },
  429: {
    code: 'rate_limit_exceeded',
    message: 'Too many requests. Retry after the duration specified in the Retry-After header.',
  },
  500: { code: 'internal_error', message: 'Internal server error.' },
  503: { code: 'service_unavailable', message: 'Service temporarily unavailable. Please retry later.' },
}

export function json(status: number, value: unknown, headers?: Record<string, string>): Answer {
  return { status, body: JSON.stringify(value), headers }
}

/**
 * An error answer in the version's shape. v3: `{error: {code, message, param, doc_url}}`.
 * v2 (unconfirmed in HeyGen's docs, so all three seen shapes): `{error: {code, message}, data: null}` by default,
 * `{error: "<message>", data: null}` with the `shape-string` token, `{code: <number>, message}` with `shape-top`.
 */
export function errorAnswer(version: ApiVersion, status: number, detail: ErrorDetail = {}, shapeFrom = '', headers?: Record<string, string>): Answer {
  const known = ERRORS[status]
  const code = detail.code ?? known?.code ?? `error_${status}`
  const message = detail.message ?? known?.message ?? `Sandbox error ${status}.`
  if (version === 'v3') return json(status, { error: { code, message, param: detail.param ?? null, doc_url: null } }, headers)
  if (hasToken(shapeFrom, 'shape-string')) return json(status, { error: message, data: null }, headers)
  // HeyGen's numeric codes look like 400175: the HTTP status followed by a sub-code.
  if (hasToken(shapeFrom, 'shape-top')) return json(status, { code: status * 1000 + 175, message }, headers)
  return json(status, { error: { code, message }, data: null }, headers)
}

export function notFoundRoute(path: string): Answer {
  const version: ApiVersion = path.startsWith('/v3/') ? 'v3' : 'v2'
  return errorAnswer(version, 404, { message: `No route for ${path}.` })
}

export const BAD_GATEWAY_HTML = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`

/** What a retired v2 route answers (unconfirmed: HeyGen may answer 404 or 410, possibly not in JSON). */
export function retiredPage(status: 404 | 410): Answer {
  const title = status === 410 ? '410 Gone' : '404 Not Found'
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    body: `<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<p>API v2 was retired on 1 November 2026. Use v3.</p>\n</body>\n</html>\n`,
  }
}

export function s3Error(status: number, code: string, message: string): Answer {
  return {
    status,
    contentType: 'application/xml',
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  }
}

export const RENDER_FAILURE = 'Lip sync failed: no face detected in segment 3'

export const PROOFREAD_FAILURE = 'Transcription failed: no speech detected in the source video'

export function captionText(jobId: string, type: 'vtt' | 'srt'): string {
  if (type === 'srt') {
    return `1\n00:00:00,000 --> 00:00:02,500\nSandbox caption for ${jobId}\n\n2\n00:00:02,500 --> 00:00:05,000\nHola desde el sandbox de HeyGen.\n`
  }
  return `WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nSandbox caption for ${jobId}\n\n00:00:02.500 --> 00:00:05.000\nHola desde el sandbox de HeyGen.\n`
}
