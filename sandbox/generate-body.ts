// Checks a generate request body the way HeyGen's validation would, so a malformed request from the action fails loudly.
import type { ApiVersion, ErrorDetail } from './answers.ts'

const FIELDS: Record<string, 'boolean' | 'string'> = {
  captions: 'boolean',
  translate_audio_only: 'boolean',
  callback_id: 'string',
  callback_url: 'string',
}

export interface GenerateBody {
  captions?: boolean
  translate_audio_only?: boolean
  callback_id?: string | null
  callback_url?: string | null
}

/** Parses and checks the body: an empty body is `{}`; v3 refuses unknown fields (additionalProperties: false). */
export function parseGenerateBody(version: ApiVersion, text: string): { body: GenerateBody } | { error: ErrorDetail } {
  if (text.trim() === '') return { body: {} }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { error: { message: 'Request body is not valid JSON.' } }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: { message: 'Request body must be a JSON object.' } }
  }
  for (const [key, field] of Object.entries(value)) {
    const type = FIELDS[key]
    if (type === undefined) {
      if (version === 'v3') return { error: { message: `Extra inputs are not permitted: '${key}'.`, param: key } }
      continue
    }
    // The v3 contract allows null for the two string fields; v2's says string only.
    const nullable = version === 'v3' && type === 'string'
    if (typeof field !== type && !(nullable && field === null)) {
      return { error: { message: `'${key}' must be a ${type}.`, param: key } }
    }
  }
  return { body: value }
}
