// HeyGen answers whose text is hostile to a log, a workflow command or a shell: the action must make them inert
// before it prints them, puts them in an output or a summary, or builds a path from them.
import { hasToken } from './tokens.ts'

/** `evil-id`: a job id that would end the log line and issue a workflow command of its own. */
export function evilJobId(n: number): string {
  return `vid${n}\n::error file=x,line=1::INJECTED`
}

/** `evil-status`: the first status word is a runner command in its old `##[...]` form. */
export const EVIL_STATUS = '##[add-mask]x'

/** `evil-message`: a render failure whose message carries workflow commands and a shell injection. */
export const EVIL_MESSAGE = ['Render failed', '::warning::x', '##[set-output name=video_path;]/etc/shadow', "x'; touch pwned; echo '"].join('\n')

/** `huge-message` makes a 5 MB failure message (past a 1 MiB answer cap); `long-message` a 512 KiB one (under it). */
export const HUGE_MESSAGE_BYTES = 5 * 1000 * 1000
export const LONG_MESSAGE_BYTES = 512 * 1024

/** `evil-url`: a video link that is not http(s), with a line break and quotes in it. */
export const EVIL_URL = 'javascript:alert("x")//\n::error file=x,line=1::INJECTED\'"'

/** Where a failed render's message comes from, chosen by the tokens; undefined: the render does not fail on purpose. */
export function failureMessage(id: string, ordinary: string): string | undefined {
  if (hasToken(id, 'evil-message')) return EVIL_MESSAGE
  if (hasToken(id, 'huge-message')) return padded('Render failed:', HUGE_MESSAGE_BYTES)
  if (hasToken(id, 'long-message')) return padded('Render failed:', LONG_MESSAGE_BYTES)
  if (hasToken(id, 'render-fails')) return ordinary
  return undefined
}

function padded(start: string, bytes: number): string {
  const unit = ' segment failed to render;'
  return `${start}${unit.repeat(Math.ceil((bytes - start.length) / unit.length))}`.slice(0, bytes)
}

/** Where `echo-key` puts the key in its message: a cut at 160 characters falls inside any key longer than 6. */
export const ECHO_KEY_AT = 154

/**
 * `echo-key` / `echo-key-401`: an error message that quotes the x-api-key header, first at ECHO_KEY_AT, then again
 * near the end of a long message, so neither a cut at 160 characters nor a cut at the end keeps it whole or gone.
 */
export function echoKeyMessage(key: string): string {
  const start = 'Invalid request: the header x-api-key carried '
  const filler = 'a value this account does not recognise '.repeat(4)
  const head = `${start}${filler}`.slice(0, ECHO_KEY_AT - 1).padEnd(ECHO_KEY_AT - 1, '.')
  return `${head} ${key} (received from the client). ${'Check the key in your dashboard. '.repeat(20)}Key seen: ${key}`
}

/** Where `echo-key-page` puts the key in the page's text: an excerpt cut at 157 characters keeps 17 of it. */
export const ECHO_KEY_PAGE_AT = 140

/** `echo-key-page`: a 400 HTML page (not JSON) whose text quotes the key at ECHO_KEY_PAGE_AT, the shape an excerpt is cut from. */
export function echoKeyPage(key: string): string {
  const text = 'Bad Request: the gateway refused the header x-api-key, which carried '.padEnd(ECHO_KEY_PAGE_AT, '.')
  return `<html><body><p>${text}${key} (check the key in your dashboard)</p></body></html>`
}

/**
 * `evil-language`: an output_language (preflight and status) whose lines start with white space the runner trims
 * (U+0085, U+2028, no-break space) before `::`: a filter that knows only ASCII spaces lets its commands through.
 */
export const EVIL_LANGUAGE = 'es\n\u0085::warning title=X::forged\n\u0085::stop-commands::T\n\u00a0::error::z\r\u2028::notice::n'

/** `huge-language`: a language name of a million characters (an answer still under a 1 MiB cap). */
export const HUGE_LANGUAGE_CHARS = 1_000_000

/** The hostile language the tokens ask for; undefined: HeyGen's ordinary name. */
export function hostileLanguage(id: string): string | undefined {
  if (hasToken(id, 'evil-language')) return EVIL_LANGUAGE
  if (hasToken(id, 'huge-language')) return `Spanish ${'x'.repeat(HUGE_LANGUAGE_CHARS - 8)}`
  return undefined
}
