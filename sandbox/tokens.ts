// Behaviour tokens read from a proofread id, so an end-to-end test picks HeyGen's answer through its input.
// A token counts only when it stands alone between separators (`pr-hang-1`, not `change`).

const edge = '(?<![A-Za-z0-9])'
const end = '(?![A-Za-z0-9])'

function tokenRegex(body: string): RegExp {
  return new RegExp(`${edge}${body}${end}`)
}

/** True when the id carries the word token (e.g. `hang`, `render-fails`). */
export function hasToken(id: string, token: string): boolean {
  return tokenRegex(token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).test(id)
}

/** The number in a `name-N` token (e.g. `limit-2`, `size-4096`), or undefined. */
export function numberToken(id: string, name: string): number | undefined {
  const match = tokenRegex(`${name}-(\\d+)`).exec(id)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/** `status-NNN`: the HTTP status a generate call must fail with. */
export function statusToken(id: string): number | undefined {
  const match = tokenRegex('status-(\\d{3})').exec(id)
  return match?.[1] === undefined ? undefined : Number(match[1])
}

/** `limit-N` or `limit-N-date`: how many generate calls answer 429, and how Retry-After is written. */
export function limitToken(id: string): { count: number; httpDate: boolean } | undefined {
  const match = tokenRegex('limit-(\\d+)(-date)?').exec(id)
  return match?.[1] === undefined ? undefined : { count: Number(match[1]), httpDate: match[2] !== undefined }
}

/** `poll-503-N`: how many status calls after the first answer 503. */
export function poll503Token(id: string): number | undefined {
  return numberToken(id, 'poll-503')
}

/** `size-N`: how many bytes the file host serves for the job's video (default 1 MiB). */
export function videoSize(id: string): number {
  return numberToken(id, 'size') ?? 1024 * 1024
}

/**
 * HeyGen's language names (never codes), each with the id ending that picks it: names with regions, scripts,
 * commas, HeyGen's own spellings (`Korea`, `Latin America`, `Mandarin`), and one no code stands for (`xx`).
 */
export const LANGUAGES: Record<string, string> = {
  es: 'Spanish (Spain)',
  es419: 'Spanish (Latin America)',
  mx: 'Spanish (Mexico)',
  spanish: 'Spanish',
  pt: 'Portuguese (Brazil)',
  fr: 'French (France)',
  ca: 'French (Canada)',
  de: 'German (Germany)',
  it: 'Italian (Italy)',
  en: 'English',
  us: 'English (United States)',
  ja: 'Japanese (Japan)',
  ko: 'Korean (Korea)',
  ar: 'Arabic',
  sq: 'Albanian (Albania)',
  zh: 'Chinese (Mandarin, Simplified)',
  tw: 'Chinese (Taiwanese Mandarin, Traditional)',
  yue: 'Chinese (Cantonese, Traditional)',
  wuu: 'Chinese (Wu, Simplified)',
  xx: 'Sindarin (Rivendell)',
}

/** HeyGen's name for the language the id ends in (`release-es` → `Spanish (Spain)`, `release-yue` → Cantonese), else Spanish (Spain). */
export function outputLanguage(id: string): string {
  const ending = /(?:^|[-_])([a-z0-9]{2,7})$/.exec(id)?.[1] ?? ''
  return LANGUAGES[ending] ?? 'Spanish (Spain)'
}
