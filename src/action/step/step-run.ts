// One step's lifecycle as one object: the abort controller, the deadline, one record per job, the early
// video_translate_id writes, the partial files, the summary notes, the one signal handler and the crash handler.
// Nothing of a step lives in a module variable, so two steps in one process (local-action, a test) never meet.
import { DiskBudget } from '../../transport/disk-budget.js'
import { TemporaryFiles } from '../../transport/temporary-files.js'
import { formatElapsed } from '../../util/format.js'
import { PRODUCTION_TIMING, type StepTiming } from '../../util/timing.js'
import type { Config } from '../config/inputs.js'
import { type CancelReport, describeCancel, type JobProgress, onCancel } from '../report/cancel.js'
import { type CrashScene, newProgress, sayLastWords, type StepProgress } from '../report/last-words.js'
import type { ProofreadResult } from '../report/result.js'
import { StartedIds } from '../report/started-ids.js'
import { SummaryNotes } from '../report/step-notes.js'
import type { RunContext } from '../runner/run-context.js'
import * as runner from '../runner/runner.js'

/** The step reached wait_timeout while something (a download, a request) was still running. */
export class StepDeadlineError extends Error {
  constructor(waitTimeoutMs: number) {
    super(`the step reached its deadline (wait_timeout ${formatElapsed(waitTimeoutMs)})`)
    this.name = 'StepDeadlineError'
  }
}

export class StepRun implements CrashScene {
  readonly controller = new AbortController()
  readonly temporaryFiles = new TemporaryFiles()
  /** The step's downloads running at once, checked together against the free space. */
  readonly diskBudget = new DiskBudget()
  private readonly summary = new SummaryNotes()
  private claimed = false
  private record: StepProgress | undefined
  private ids: StartedIds | undefined
  private cancelled: CancelReport | undefined
  private deadline: NodeJS.Timeout | undefined
  /** Removes the signal handlers the step's work installed. */
  private readonly undo: Array<() => void> = []
  private unwatchCrashes: (() => void) | undefined
  /** Removes the handlers that keep a late SIGINT/SIGTERM from cutting the report short. */
  private quietSignals: (() => void) | undefined
  /** The report of the first crash, while it is being written. */
  private lastWords: Promise<void> | undefined

  /** `writeIds` sets the video_translate_id output (the runner's, unless a test records it). */
  constructor(
    readonly timing: StepTiming = PRODUCTION_TIMING,
    private readonly writeIds: (value: string) => void = (value) => runner.setOutput('video_translate_id', value),
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal
  }

  get progress(): StepProgress | undefined {
    return this.record
  }

  get notes(): readonly string[] {
    return this.summary.list()
  }

  get summaryGraceMs(): number {
    return this.timing.summaryGraceMs
  }

  /** What a cancel said, once one came: the results' errors point to its resume blocks. */
  get cancelReport(): CancelReport | undefined {
    return this.cancelled
  }

  addNote(note: string): void {
    this.summary.add(note)
  }

  /** Claims the step's report for the caller: the normal path or the last words, whichever comes first, never both. */
  claimReport(): boolean {
    if (this.claimed) return false
    this.claimed = true
    return true
  }

  abort(reason: Error): void {
    this.controller.abort(reason)
  }

  removeTemporaryFilesSync(): void {
    this.temporaryFiles.removeAllSync()
  }

  /** Resolves once the last words of a crash (if one came) are written; they end the process themselves. */
  async lastWordsSaid(): Promise<void> {
    await this.lastWords
  }

  /** From here on, a throw no code of ours can catch still reports every paid job and removes partial files. */
  watchForCrashes(): void {
    const handler = (error: unknown) => {
      const said = sayLastWords(error, this)
      // The first crash's report: run() waits for it, so the process cannot end (endPromptly) before it is written.
      this.lastWords ??= said
    }
    process.on('uncaughtException', handler)
    process.on('unhandledRejection', handler)
    this.unwatchCrashes = () => {
      process.off('uncaughtException', handler)
      process.off('unhandledRejection', handler)
    }
  }

  /** The step's entries (proofread ids, '' for a resumed job): what a crash or a cancel reports from here on. */
  track(config: Config, run: RunContext | undefined, proofreadIds: readonly string[]): StepProgress {
    this.record = newProgress({ config, run, proofreadIds })
    // Out as soon as known (a later step or a re-run can resume even if this step is killed), in linear total size.
    this.ids = new StartedIds(this.record.ids, this.writeIds, this.timing.outputWriteGapMs)
    return this.record
  }

  /** The entry's work began (its generate call or resume may be in flight from now on). */
  begin(index: number): void {
    if (this.record) this.record.begun[index] = true
  }

  /** HeyGen gave the entry's job id: written out early; `live` is the result as it stands. */
  jobStarted(index: number, id: string, live: ProofreadResult): void {
    if (this.record) this.record.live[index] = live
    this.ids?.set(index, id)
  }

  finish(index: number, result: ProofreadResult): void {
    if (this.record) this.record.finished[index] = result
  }

  /** The job id of an entry ('' before HeyGen gave one). */
  jobId(index: number): string {
    return this.record?.ids[index] ?? ''
  }

  /**
   * The one handler for SIGINT and SIGTERM: the ids are written out first (in GITHUB_OUTPUT even if the step is then
   * stopped hard), then every job is stopped and the user told what still runs at HeyGen and how to resume it.
   */
  handleSignals(config: Config): void {
    this.undo.push(
      onCancel({
        controller: this.controller,
        onSignal: () => this.ids?.flush(),
        describeRunning: () => (this.cancelled = describeCancel(this.jobs(), config)).text,
        cleanupSync: () => {
          this.ids?.flush()
          this.removeTemporaryFilesSync()
        },
        graceMs: this.timing.cancelGraceMs,
      }),
    )
  }

  /**
   * At wait_timeout waits and retries end on their own, with their resume blocks; whatever still runs a moment later
   * (a download, a hung request) is stopped, so the step always ends before a runner timeout set a little above it.
   */
  armDeadline(timeLeftMs: number, waitTimeoutMs: number): void {
    clearTimeout(this.deadline)
    const ms = Math.min(2 ** 31 - 1, Math.max(0, timeLeftMs + this.timing.deadlineGraceMs))
    this.deadline = setTimeout(() => this.controller.abort(new StepDeadlineError(waitTimeoutMs)), ms)
  }

  /** The step's work is over (its report may follow): the deadline, the id timer and the signal handlers go. */
  endWork(): void {
    clearTimeout(this.deadline)
    this.ids?.stopTimer()
    const hadWork = this.undo.length > 0
    for (const undo of this.undo.splice(0)) undo()
    // The report (outputs, summary) is moments away: a cancel arriving now must not cut it short, as Node's default
    // for SIGINT/SIGTERM would (the runner's SIGKILL still ends the process if it must).
    if (hadWork && !this.quietSignals) {
      const quiet = () => {}
      process.on('SIGINT', quiet)
      process.on('SIGTERM', quiet)
      this.quietSignals = () => {
        process.off('SIGINT', quiet)
        process.off('SIGTERM', quiet)
      }
    }
  }

  /** Everything installed goes, the crash handler too (it stayed while the report was written). */
  close(): void {
    this.endWork()
    this.quietSignals?.()
    this.quietSignals = undefined
    this.unwatchCrashes?.()
    this.unwatchCrashes = undefined
  }

  /** The step's record as the cancel report reads it: HeyGen's last word is the live result's status. */
  private jobs(): JobProgress[] {
    const progress = this.record
    if (!progress) return []
    return progress.proofreadIds.map((_, index) => {
      const result = progress.finished[index]
      return {
        begun: progress.begun[index] ?? false,
        id: progress.ids[index] ?? '',
        status: progress.live[index]?.status ?? '',
        ...(result ? { result } : {}),
      }
    })
  }
}
