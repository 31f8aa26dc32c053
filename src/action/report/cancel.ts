// The runner cancels a step with SIGINT (then SIGTERM): stop within two seconds, say what is still
// running at HeyGen and how to resume it, and leave no partial file behind.
import { type ProofreadResult, resumeHint } from './result.js'
import * as runner from '../runner/runner.js'

export class CancelledError extends Error {
  constructor(signal: string) {
    super(`the step was cancelled (${signal})`)
    this.name = 'CancelledError'
  }
}

export interface CancelOptions {
  controller: AbortController
  /** What to tell the user about the jobs, at the moment of the cancel. */
  describeRunning: () => string
  /** Synchronous clean-up for when unwinding takes too long. */
  cleanupSync: () => void
  /** Hard stop after this long, whatever is still unwinding. */
  graceMs?: number
  /** Run first on every signal, even a second one (the early id output is written before anything else). */
  onSignal?: () => void
}

/** Installs the handlers; the returned function removes them. */
export function onCancel(options: CancelOptions): () => void {
  const handler = (signal: NodeJS.Signals) => {
    options.onSignal?.()
    if (options.controller.signal.aborted) return
    runner.warning(`Cancelled by ${signal}. ${options.describeRunning()}`)
    options.controller.abort(new CancelledError(signal))
    const timer = setTimeout(() => {
      options.cleanupSync()
      process.exit(1)
    }, options.graceMs ?? 1500)
    timer.unref()
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  return () => {
    process.off('SIGINT', handler)
    process.off('SIGTERM', handler)
  }
}

/** What the step knows of one proofread's job at the moment it is cancelled. */
export interface JobProgress {
  /** Its work has begun (a proofread beyond max_concurrency waits its turn, with nothing sent). */
  begun: boolean
  /** The job id, once HeyGen gave it ('' before). */
  id: string
  /** HeyGen's last word about the render (mapped), '' before the first answer. */
  status: string
  /** The proofread's outcome, once its work is over (saved, failed at HeyGen, refused). */
  result?: ProofreadResult
}

/** What a cancel leaves behind, in the user's words, and the jobs whose resume block it printed. */
export interface CancelReport {
  text: string
  /** The ids whose resume block is in `text`: the final error points there instead of printing it again. */
  resumable: string[]
}

/**
 * Only jobs HeyGen may still be rendering are said to keep rendering; a job that rendered but whose download was cut
 * short is said to be finished there; jobs whose work was over say how it ended and where their files are. Each job
 * that can be resumed gets its resume block once.
 */
export function describeCancel(jobs: readonly JobProgress[], config: Parameters<typeof resumeHint>[1]): CancelReport {
  const rendering: string[] = []
  const downloading: string[] = []
  const finished: string[] = []
  let waiting = 0
  let queued = 0
  for (const job of jobs) {
    if (job.result) {
      const r = job.result
      if (!r.video_translate_id) continue
      if (r.status === 'success') finished.push(`${r.video_translate_id} (${r.video_path ? `saved to ${r.video_path}` : 'rendered'})`)
      else if (r.status === 'failed') finished.push(`${r.video_translate_id} (failed at HeyGen)`)
      else rendering.push(r.video_translate_id)
    } else if (!job.begun) queued++
    else if (!job.id) waiting++
    else if (job.status === 'success') downloading.push(job.id)
    else if (job.status !== 'failed') rendering.push(job.id)
  }
  const lines: string[] = []
  if (rendering.length) lines.push(`HeyGen may still be rendering these jobs (each billed once, not cancelled there): ${rendering.join(', ')}.`)
  if (downloading.length) lines.push(`Rendered at HeyGen, but the download was cut short: ${downloading.join(', ')}.`)
  if (finished.length) lines.push(`Finished before the cancel: ${finished.join(', ')}.`)
  if (waiting) {
    lines.push(
      `No video_translate_id was received yet for ${waiting} proofread${waiting === 1 ? '' : 's'}; if a generate call was in flight, check HeyGen before running again.`,
    )
  }
  if (queued) lines.push(`${queued} proofread${queued === 1 ? '' : 's'} had not begun: nothing was sent for ${queued === 1 ? 'it' : 'them'}.`)
  const resumable = [...rendering, ...downloading]
  return { text: [...lines, ...resumable.map((id) => resumeHint(id, config))].join('\n'), resumable }
}

/** After a cancel, a result's error points to the resume block the cancel warning printed instead of repeating it. */
export function withoutRepeatedHint(result: ProofreadResult, report: CancelReport, config: Parameters<typeof resumeHint>[1]): ProofreadResult {
  const id = result.video_translate_id
  if (!id || !result.error || !report.resumable.includes(id)) return result
  const hint = resumeHint(id, config)
  if (!result.error.includes(hint)) return result
  return { ...result, error: result.error.replace(hint, `video_translate_id ${id}: its resume block is in the cancel warning above.`) }
}
