// The partial files a step's downloads have open, owned by the step (StepRun) rather than the module: a cancel or a
// crash removes them synchronously, and two steps in one process never share the list.
import { unlinkSync } from 'node:fs'

export class TemporaryFiles {
  private readonly files = new Set<string>()

  add(file: string): void {
    this.files.add(file)
  }

  /** Forgets a file (renamed into place or removed); true when it was still listed. */
  delete(file: string): boolean {
    return this.files.delete(file)
  }

  /** For a cancel or a crash that cannot wait for streams to unwind: removes every partial file right now. */
  removeAllSync(): void {
    for (const file of this.files) {
      try {
        unlinkSync(file)
      } catch {
        // Already gone.
      }
      this.files.delete(file)
    }
  }
}
