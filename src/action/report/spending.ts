// What a run cost, said at its end in the log and the summary, so nobody has to count `Started` lines: the generate
// calls sent, the replays among their answers, the proofreads the preflight held back, the jobs still rendering.
import { heldBackCount } from './held-back.js'
import type { ProofreadResult } from './result.js'

/** Counted by the step's HeyGen clients as the calls go out and the answers come back. */
export class Spending {
  /** Generate requests that may have reached HeyGen, retries included (a request that never left is not counted). */
  generateCallsSent = 0
  /** Generate answers HeyGen marked as a replay of an earlier call with the same Idempotency-Key: not billed again. */
  replays = 0

  count(event: 'sent' | 'replayed'): void {
    if (event === 'sent') this.generateCallsSent++
    else this.replays++
  }
}

/** HeyGen's words for a render that is over: any other job may still be rendering (and is billed once). */
const FINISHED = new Set(['success', 'failed'])

/** The run's cost in one line, for the log and the summary. */
export function spendingLine(all: readonly ProofreadResult[], spending: Spending, dryRun: boolean): string {
  // What the release already held (`published`) was not started by this run: neither a new job nor one rendering.
  const results = all.filter((r) => r.status !== 'published')
  const jobs = results.filter((r) => r.proofread_id && r.video_translate_id).length
  const newJobs = Math.max(0, jobs - spending.replays)
  // Counted as the failure message counts them (heldBackCount): not-ready proofreads, unmappable languages, file collisions.
  const heldBack = heldBackCount(results)
  const rendering = results.filter((r) => r.video_translate_id && !FINISHED.has(r.status)).length
  return [
    `${dryRun ? 'Dry run: ' : 'Spent: '}${plural(spending.generateCallsSent, 'paid generate call')} sent (retries included)`,
    `${plural(newJobs, 'new job')} started`,
    `${plural(spending.replays, 'replay')} of an earlier call (same Idempotency-Key, not billed again)`,
    `${plural(heldBack, 'proofread')} held back by the preflight`,
    `${plural(rendering, 'job')} still rendering at HeyGen.`,
  ].join(', ')
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}
