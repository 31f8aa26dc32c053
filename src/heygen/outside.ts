// The border: every value HeyGen sends (ids, status words, language names, messages, links, header values) becomes
// the action's own here, and only here, as a type that says what it is safe for. The rest of the code receives these
// types from the client and can hold no raw answer text: a new code path that prints, outputs or names a file from a
// HeyGen value prints its safe form, because no other form leaves src/heygen/.
import { inert, isSafeId, isSafeUrl } from '../util/outside-text.js'

declare const border: unique symbol

/** HeyGen's text made safe for a log line, an annotation, an output and the summary: one line, capped, inert. */
export type OutsideText = string & { readonly [border]: 'text' }

/** An id HeyGen could have issued: safe as it is in a log line, a file name and a URL path. */
export type JobId = string & { readonly [border]: 'id' }

/** A plain http(s) link: one token, bounded, never `javascript:` or a line break. */
export type Link = string & { readonly [border]: 'link' }

/** Words HeyGen sends (status, code, language): short by nature, so cut shorter than messages. */
const WORD_CHARS = 100

/** A message, one line and capped (2 KiB by default); '' for anything that is not text. */
export function outsideText(raw: unknown, max?: number): OutsideText {
  return inert(typeof raw === 'string' ? raw : '', max) as OutsideText
}

/** A status word, error code, language name or header value: one line, at most 100 characters. */
export function outsideWord(raw: unknown): OutsideText {
  return outsideText(raw, WORD_CHARS)
}

/** The id when HeyGen could have issued it; undefined for anything else (a line break, a path, a command). */
export function jobId(raw: string): JobId | undefined {
  return isSafeId(raw) ? (raw as JobId) : undefined
}

/** The link when it is a plain http(s) link; undefined for anything else. */
export function link(raw: string): Link | undefined {
  return isSafeUrl(raw) ? (raw as Link) : undefined
}

/** A value that failed its check, described for the user (escaped, capped), never used. */
export function described(raw: string): OutsideText {
  return outsideText(raw, 200)
}
