// HeyGen's status words for both API versions, mapped to the four the action reports.
import { described, type Link, link, type OutsideText, outsideText, outsideWord } from './outside.js'

export type TranslationState = 'pending' | 'running' | 'success' | 'failed'

const STATES: Record<string, TranslationState> = {
  pending: 'pending',
  running: 'running',
  // The generate call's own initial word.
  processing: 'running',
  success: 'success',
  completed: 'success',
  // Retracted skill text (HeyGen's skills repository, pull request 95) said `succeeded`; still accepted, harmlessly.
  succeeded: 'success',
  failed: 'failed',
}

/** The documented words (v2: pending/running/success/failed; v3: completed or succeeded instead of success); undefined for any other. */
export function toState(word: string | undefined): TranslationState | undefined {
  return word === undefined ? undefined : STATES[word.toLowerCase()]
}

/** One status answer, whatever the API version: every value has crossed the border (outside.ts). */
export interface TranslationStatus {
  /** HeyGen's own word, as sent (made safe). */
  raw: OutsideText
  /** Undefined for a word HeyGen does not document: keep waiting. */
  state: TranslationState | undefined
  videoUrl?: Link
  /** v3 carries caption links on the status answer; v2 has a separate caption route. */
  captionUrl?: Link
  /** v3 only: the translated audio track. */
  audioUrl?: Link
  /** v3 only: the language the video was translated into. */
  outputLanguage?: OutsideText
  message?: OutsideText
  /** v3: the finished video's length in seconds (what HeyGen bills by). */
  duration?: number
  /** Links HeyGen sent that are not plain http(s) URLs, described (escaped): dropped, and the user is told. */
  unusableLinks?: OutsideText[]
}

/** A status answer as the client reads it, before the border. */
export interface RawStatus {
  raw: string
  videoUrl?: string
  captionUrl?: string
  audioUrl?: string
  outputLanguage?: string
  message?: string
  duration?: unknown
}

const LINKS = { videoUrl: 'video link', captionUrl: 'caption link', audioUrl: 'audio link' } as const

/**
 * A status answer across the border: HeyGen's words one line each, capped, never a runner command; a link that is
 * not a plain http(s) URL is dropped, and described (escaped) in `unusableLinks` so the user is told.
 */
export function fromOutside(status: RawStatus): TranslationStatus {
  const safe: TranslationStatus = { raw: outsideWord(status.raw), state: toState(status.raw) }
  if (status.message !== undefined) safe.message = outsideText(status.message)
  if (status.outputLanguage !== undefined) safe.outputLanguage = outsideWord(status.outputLanguage)
  // A number of seconds, or nothing: any other value (text, negative, NaN) is not shown.
  if (typeof status.duration === 'number' && Number.isFinite(status.duration) && status.duration >= 0) safe.duration = status.duration
  for (const [field, name] of Object.entries(LINKS) as [keyof typeof LINKS, string][]) {
    const raw = status[field]
    if (raw === undefined) continue
    const safeLink = link(raw)
    if (safeLink) safe[field] = safeLink
    else
      safe.unusableLinks = [
        ...(safe.unusableLinks ?? []),
        outsideText(`the ${name} is not a plain http(s) link ("${described(raw)}"), so it is not used`),
      ]
  }
  return safe
}
