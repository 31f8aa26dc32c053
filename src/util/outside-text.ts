// Text from outside (HeyGen's ids, status words, messages and links, a file host's answers) is data, never a
// command: the runner acts on a line that starts with `::` and on `##[` anywhere in a line, and a log line, an
// annotation, an output or the summary each take what they are given. Outside text goes through `inert` first.

/** Outside text longer than this (UTF-16 units) is cut, with a note of how much was left out. */
export const MAX_OUTSIDE_CHARS = 2048

/** A link longer than this is no signed file link: refused, so it cannot swell an output or the summary. */
export const MAX_URL_CHARS = 8192

/** HeyGen's ids: safe in a log line, a file name and a URL path as they are. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/

/** Characters shown as escapes: controls (C0, DEL, C1), line and paragraph separators, bidi and zero-width marks. */
const ESCAPED = /[\p{Cc}\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/**
 * The text made safe for one log line: line breaks and other controls written as escapes (`\n`, `\u0085`), `##[`
 * broken to `## [`, a leading `::` to `: :`, and at most `max` characters ("... (N more characters)" says what
 * was cut). Plain text comes back as it was; applying it twice changes nothing more.
 */
export function inert(text: string, max = MAX_OUTSIDE_CHARS): string {
  const whole = take(text, max)
  if (whole.used === text.length) return whole.out
  const room = Math.max(0, max - note(text.length).length)
  const part = take(text, room)
  return `${part.out}${note(text.length - part.used)}`
}

/** The id is one HeyGen could have issued, so it may be printed, put in a path or a URL as it is. */
export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id)
}

/** An absolute http(s) link that stays one token: no whitespace, quotes, angle brackets, backslash or controls. */
export function isSafeUrl(url: string): boolean {
  if (url.length > MAX_URL_CHARS || !/^https?:\/\/[^\s"'`<>\\\p{Cc}\p{Cf}]+$/iu.test(url)) return false
  try {
    const parsed = new URL(url)
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== ''
  } catch {
    return false
  }
}

/**
 * What the runner trims from the start of a line before it looks for `::` (.NET's TrimStart: every Unicode White_Space
 * character, U+0085, U+2028, U+2029 and the no-break spaces included), without the \r and \n that end its lines.
 */
const RUNNER_LEADING_SPACE = '\\t\\u000b\\u000c \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
const COMMAND_START = new RegExp(`(^|\\r\\n|\\r|\\n)([${RUNNER_LEADING_SPACE}]*):(?=:)`, 'g')

/**
 * Text of lines the runner reads as they are (a log line of ours around outside values): no line, as the runner splits
 * and trims it, starts with `::`, and no `##[` is left anywhere. Nothing else changes.
 */
export function inertLines(text: string): string {
  return text.replace(/##\[/g, '## [').replace(COMMAND_START, '$1$2: ')
}

/** What a cut says it left out. */
export function note(left: number): string {
  return `... (${left} more characters)`
}

/** As much of `text` as fits in `budget` characters once escaped; `used` is how much of `text` that took. */
function take(text: string, budget: number): { out: string; used: number } {
  let out = ''
  let used = 0
  for (const char of text) {
    let piece = ESCAPED.test(char) ? (NAMED[char] ?? `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`) : char
    // `##[` anywhere, and `::` first on a line (the runner trims leading space), are what the runner acts on.
    if (piece === '[' && out.endsWith('##')) piece = ' ['
    else if (piece === ':' && out.endsWith(':') && out.trim() === ':') piece = ' :'
    if (out.length + piece.length > budget) break
    out += piece
    used += char.length
  }
  return { out, used }
}
