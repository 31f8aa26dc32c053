// What may leave the action as data: each proofread's result as the outputs, the job summary and the failure line
// show it. Every value stays one line of bounded size whatever HeyGen sent; links only when plain http(s), ids only
// when HeyGen could have issued them.
import { inert, isSafeId, isSafeUrl, MAX_OUTSIDE_CHARS, note } from '../../util/outside-text.js'
import type { ProofreadResult } from './result.js'

/** An error is our own text around capped outside values; this bounds it whatever it quotes. */
export const MAX_ERROR_CHARS = 4 * MAX_OUTSIDE_CHARS

/** The table rows of the job summary may take this many bytes: the runner drops a summary over 1 MiB, rows and all. */
export const SUMMARY_ROWS_BYTES = 768 * 1024

/** The failure line (an annotation) is cut here; every proofread's own error stays in the `results` output. */
export const MAX_FAILURE_CHARS = 64 * 1024

/** The result as outputs may carry it: `*_url` only when a plain http(s) link, the job id only when usable, text one line. */
export function forOutputs(result: ProofreadResult): ProofreadResult {
  const safe: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(result)) {
    // The release's asset links: only plain http(s) ones.
    if (Array.isArray(value)) safe[name] = value.filter((url): url is string => typeof url === 'string' && isSafeUrl(url))
    else if (typeof value !== 'string') safe[name] = value
    else if (name.endsWith('_url')) {
      if (isSafeUrl(value)) safe[name] = value
    } else if (name === 'video_translate_id') safe[name] = value === '' || isSafeId(value) ? value : ''
    // Paths are built by the action from the user's download_path, which refuses control characters.
    else if (name.endsWith('_path')) safe[name] = /[\p{Cc}\u2028\u2029]/u.test(value) ? '' : value
    // The error is ours (a resume hint spans lines); only its size is bounded here.
    else if (name === 'error') safe[name] = capped(value, MAX_ERROR_CHARS)
    else safe[name] = inert(value)
  }
  return safe as unknown as ProofreadResult
}

/** At most `max` characters, lines kept, with "... (N more characters)" when cut. */
export function capped(text: string, max: number): string {
  if (text.length <= max) return text
  const kept = text.slice(0, Math.max(0, max - note(text.length).length))
  return `${kept}${note(text.length - kept.length)}`
}

/** As many rows as fit in `budget` bytes, in order, then one row saying how many were left out and where to find them. */
export function fitRows(rows: readonly string[], columns: number, budget = SUMMARY_ROWS_BYTES): string[] {
  const kept: string[] = []
  let used = 0
  for (const row of rows) {
    used += Buffer.byteLength(row) + 1
    if (used > budget) break
    kept.push(row)
  }
  if (kept.length === rows.length) return kept
  const left = rows.length - kept.length
  return [
    ...kept,
    `<tr><td colspan="${columns}">${left} more proofread${left === 1 ? '' : 's'} not shown: the job summary must stay under 1 MiB. Every proofread is in the <code>results</code> output.</td></tr>`,
  ]
}
