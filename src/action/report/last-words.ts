// The action's last words when something it cannot catch ends the process (a dependency's assertion, an unhandled
// rejection): every job that was paid for keeps its id, its resume block and its summary row, and no partial file stays.
import type { Config } from '../config/inputs.js'
import { failureMessage, setOutputs, writeSummary } from './report.js'
import { type ProofreadResult, resumeHint } from './result.js'
import type { RunContext } from '../runner/run-context.js'
import { capped, forOutputs, MAX_FAILURE_CHARS } from './safe-values.js'
import * as runner from '../runner/runner.js'

/** What the step has done so far, one entry per proofread (or the one resumed job), in input order. */
export interface StepProgress {
  config: Config
  run?: RunContext | undefined
  /** The proofread ids of the step ('' for a resumed job). */
  proofreadIds: readonly string[]
  /** The job id of each entry as soon as HeyGen gave it ('' before). */
  ids: string[]
  /** True once the entry's generate call (or resume) began. */
  begun: boolean[]
  /** The entry's result as it stands, once HeyGen gave its id: its status is HeyGen's last word. */
  live: Array<ProofreadResult | undefined>
  /** The entry's final result, once it has one. */
  finished: Array<ProofreadResult | undefined>
  started: number
}

/** A fresh record of a step's entries, before any of them began. */
export function newProgress(progress: Omit<StepProgress, 'ids' | 'begun' | 'live' | 'finished' | 'started'>): StepProgress {
  const count = progress.proofreadIds.length
  return {
    ...progress,
    ids: new Array<string>(count).fill(''),
    begun: new Array<boolean>(count).fill(false),
    live: new Array<ProofreadResult | undefined>(count).fill(undefined),
    finished: new Array<ProofreadResult | undefined>(count).fill(undefined),
    started: Date.now(),
  }
}

/** Each entry as the user must read it after a crash: finished ones as they ended, the others with what may be running. */
export function crashResults(progress: StepProgress, cause: string): ProofreadResult[] {
  return progress.proofreadIds.map((proofreadId, index) => {
    const done = progress.finished[index]
    if (done) return done
    const id = progress.ids[index] ?? ''
    const base = { proofread_id: proofreadId, video_translate_id: id }
    const live = progress.live[index]
    if (id) {
      // HeyGen's last word stays the status; what was saved before the stop stays reported.
      const known = { ...live, ...base, status: live?.status || 'unknown' }
      const state =
        known.status === 'success'
          ? 'the video rendered at HeyGen (billed once) but was not saved in full'
          : 'the job was paid for and may still be rendering at HeyGen (billed once)'
      return {
        ...known,
        error: `the action stopped on an unexpected error (${cause}) while handling video_translate_id ${id}: ${state}.\n${resumeHint(id, progress.config)}`,
      }
    }
    if (progress.begun[index]) {
      return {
        ...base,
        status: 'unknown',
        error: `the action stopped on an unexpected error (${cause}) before HeyGen gave a video_translate_id: if its generate call was in flight, check HeyGen (dashboard or webhook) for a video from proofread ${proofreadId} before running again`,
      }
    }
    return {
      ...base,
      status: 'not_started',
      error: `the action stopped on an unexpected error (${cause}) before generating it: nothing was spent for it`,
    }
  })
}

/** What the last words need of the step (its StepRun): the report's claim, its record, its partial files, its notes. */
export interface CrashScene {
  /** The normal path or the last words report, whichever claims first, never both. */
  claimReport(): boolean
  /** The step's record once its jobs are known; undefined before (a crash while reading inputs). */
  readonly progress: StepProgress | undefined
  removeTemporaryFilesSync(): void
  /** Stops every job still in flight. */
  abort(reason: Error): void
  readonly notes: readonly string[]
  /** How long the summary may take to write before the process ends without it. */
  readonly summaryGraceMs: number
}

/**
 * The handlers of last resort: whatever is thrown where no code of ours can catch it, the partial files go, the
 * outputs, the failure (with every resume block) and the summary are written, and the process ends with 1.
 */
export async function sayLastWords(error: unknown, scene: CrashScene): Promise<void> {
  // A second throw while the first is reported, or a throw while the normal path reports, must not start a second report.
  if (!scene.claimReport()) return
  const exit = setTimeout(() => process.exit(1), scene.summaryGraceMs + 1000)
  try {
    scene.removeTemporaryFilesSync()
    const cause = capped(describeCause(error), 500)
    const progress = scene.progress
    scene.abort(new Error(`stopped: ${cause}`))
    if (!progress) {
      runner.setFailed(`Unexpected failure: ${cause}`)
      return
    }
    const shown = crashResults(progress, cause).map(forOutputs)
    setOutputs(shown)
    runner.setFailed(capped(failureMessage(shown) ?? `Unexpected failure: ${cause}`, MAX_FAILURE_CHARS))
    const summary = writeSummary(shown, progress.config, Date.now() - progress.started, progress.run, undefined, scene.notes)
    await Promise.race([summary, new Promise((resolve) => setTimeout(resolve, scene.summaryGraceMs))]).catch(() => {})
  } catch {
    // Nothing more can be said: the exit code still tells the runner the step failed.
  } finally {
    // Files removed again: a download still in flight may have created one since.
    scene.removeTemporaryFilesSync()
    clearTimeout(exit)
    process.exit(1)
  }
}

/** The error in one line, without its stack: the user needs what happened, not undici's internals. */
function describeCause(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.split(/\r?\n/)[0] ?? error.name
  return String(error).split(/\r?\n/)[0] ?? 'unknown error'
}
