// The partial files a step's downloads have open, owned by the step (StepRun) rather than the module: a cancel or a
// crash removes them synchronously, and two steps in one process never share the list.
import { unlinkSync } from 'node:fs'

/** Thrown by `add` once the step has swept its partial files: a download that has not begun must not begin. */
export class StepEndingError extends Error {
  constructor() {
    super('the step is ending (cancelled or crashed): no new download starts')
    this.name = 'StepEndingError'
  }
}

export class TemporaryFiles {
  private readonly files = new Set<string>()
  private swept = false

  add(file: string): void {
    if (this.swept) throw new StepEndingError()
    this.files.add(file)
  }

  /** Forgets a file (renamed into place or removed); true when it was still listed. */
  delete(file: string): boolean {
    return this.files.delete(file)
  }

  /**
   * For a cancel or a crash that cannot wait for streams to unwind: removes every partial file right now. The files
   * stay listed: a download still opening its file may create it after this sweep, and then its own clean-up or a
   * second sweep (the crash report's last one) must still find it.
   */
  removeAllSync(): void {
    this.swept = true
    for (const file of this.files) {
      try {
        unlinkSync(file)
      } catch {
        // Not created yet, or already gone.
      }
    }
  }
}
