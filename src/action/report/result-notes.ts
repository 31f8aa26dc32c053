// What the summary's Status cell adds to HeyGen's word: the finished video's length (HeyGen bills by it) and, for an
// audio-only job that delivered no video, that there is none. One function, so the summary (report.ts) needs one call.
import type { ProofreadResult } from './result.js'

/** `success (42.5 s)`, `success (audio only: no video; 42.5 s)`, or the status alone. */
export function statusWords(result: ProofreadResult): string {
  const notes = [
    ...(result.audio_only ? ['audio only: no video'] : []),
    ...(result.duration !== undefined ? [`${Number(result.duration.toFixed(1))} s`] : []),
  ]
  return notes.length ? `${result.status} (${notes.join('; ')})` : result.status
}
