// The video_translate_id output while jobs start: out early, so a step killed after paying still leaves its ids, yet
// written so that GITHUB_OUTPUT grows linearly (rewriting the whole list at every start made it grow as N²).

/** A write of the whole list is allowed at most this often, unless the started set doubled since the last one. */
export const MIN_WRITE_GAP_MS = 1000
/** The early writes together stay under this many times the current list (the final write makes it one more). */
const BUDGET = 3

export class StartedIds {
  private started = 0
  private writtenCount = 0
  private writtenBytes = 0
  private lastWrite = 0
  private timer: NodeJS.Timeout | undefined

  /**
   * `ids` is the step's list of job ids ('' before one starts), shared with the crash report; `write` sets the output
   * to it (one id per line, input order, blanks for proofreads not started).
   */
  constructor(
    private readonly ids: string[],
    private readonly write: (value: string) => void,
    /** The shortest gap between two timed writes (MIN_WRITE_GAP_MS in production). */
    private readonly gapMs = MIN_WRITE_GAP_MS,
  ) {
    this.started = ids.filter(Boolean).length
  }

  /** Records a started job: written at once when the started set doubled, else within MIN_WRITE_GAP_MS. */
  set(index: number, id: string): void {
    if (!this.ids[index]) this.started++
    this.ids[index] = id
    if (this.started >= 2 * this.writtenCount) return this.flush()
    this.timer ??= setTimeout(() => this.onTimer(), Math.max(0, this.lastWrite + this.gapMs - Date.now()))
  }

  /** Writes the list now if it changed since the last write: at the end, on cancel, and when the set doubled. */
  flush(): void {
    this.stopTimer()
    if (this.started === this.writtenCount) return
    const value = this.ids.join('\n')
    this.write(value)
    this.writtenCount = this.started
    this.writtenBytes += value.length
    this.lastWrite = Date.now()
  }

  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
  }

  /** A timed write, unless the early writes would outgrow their budget: then the next doubling (or the end) writes. */
  private onTimer(): void {
    this.timer = undefined
    const size = this.ids.join('\n').length
    if (this.writtenBytes + size <= BUDGET * size) this.flush()
  }
}
