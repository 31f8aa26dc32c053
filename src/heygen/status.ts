// HeyGen's status words for both API versions, mapped to the four the action reports.
export type TranslationState = 'pending' | 'running' | 'success' | 'failed'

const STATES: Record<string, TranslationState> = {
  pending: 'pending',
  running: 'running',
  // The generate call's own initial word.
  processing: 'running',
  success: 'success',
  completed: 'success',
  failed: 'failed',
}

/** The documented words (v2: pending/running/success/failed; v3: completed instead of success); undefined for any other. */
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
  message?: string
}
