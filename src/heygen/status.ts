// HeyGen's status words for both API versions, mapped to the four the action reports.
import { inert, isSafeUrl } from '../util/outside-text.js'

export type TranslationState = 'pending' | 'running' | 'success' | 'failed'

const STATES: Record<string, TranslationState> = {
  pending: 'pending',
  running: 'running',
  // The generate call's own initial word.
  processing: 'running',
  success: 'success',
  completed: 'success',
  // HeyGen's heygen-translate skill (verified live) documents `succeeded` where the spec says `completed`.
  succeeded: 'success',
  failed: 'failed',
}

/** The documented words (v2: pending/running/success/failed; v3: completed or succeeded instead of success); undefined for any other. */
export function toState(word: string | undefined): TranslationState | undefined {
  return word === undefined ? undefined : STATES[word.toLowerCase()]
}

/** One status answer, whatever the API version. */
export interface TranslationStatus {
  /** HeyGen's own word, as sent. */
  raw: string
  /** Undefined for a word HeyGen does not document: keep waiting. */
  state: TranslationState | undefined
  videoUrl?: string
  /** v3 carries caption links on the status answer; v2 has a separate caption route. */
  captionUrl?: string
  /** v3 only: the translated audio track. */
  audioUrl?: string
  /** v3 only: the language the video was translated into. */
  outputLanguage?: string
  message?: string
  /** Links HeyGen sent that are not plain http(s) URLs, described (escaped): dropped, and the user is told. */
  unusableLinks?: string[]
}

const LINKS = { videoUrl: 'video link', captionUrl: 'caption link', audioUrl: 'audio link' } as const

/**
 * A status answer made safe to print and output: HeyGen's words one line each, capped, never a runner command; a link
 * that is not a plain http(s) URL is dropped, and described (escaped) in `unusableLinks` so the user is told.
 */
export function fromOutside(status: TranslationStatus): TranslationStatus {
  const safe: TranslationStatus = { ...status, raw: inert(status.raw, 100) }
  if (status.message !== undefined) safe.message = inert(status.message)
  if (status.outputLanguage !== undefined) safe.outputLanguage = inert(status.outputLanguage, 100)
  for (const [field, name] of Object.entries(LINKS) as [keyof typeof LINKS, string][]) {
    const link = status[field]
    if (link === undefined || isSafeUrl(link)) continue
    delete safe[field]
    safe.unusableLinks = [...(safe.unusableLinks ?? []), `the ${name} is not a plain http(s) link ("${inert(link, 200)}"), so it is not used`]
  }
  return safe
}
