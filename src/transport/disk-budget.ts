// Free space for the whole batch: downloads that run at once each reserve the bytes their host announced, and a new
// one is checked against the free space less what the others still have to write. Checked per file alone, four
// 15 MiB downloads into 40 MiB would all pass and all fail; together, the third is refused before its first byte.
// One budget per step (its StepRun owns it): downloads on different disks are counted together (a refusal errs on the safe side).

interface Reservation {
  bytes: number
  written: () => number
}

export class DiskBudget {
  private readonly running = new Set<Reservation>()

  /** What the downloads running now still have to write. */
  stillToWrite(): number {
    let total = 0
    for (const reservation of this.running) total += Math.max(0, reservation.bytes - reservation.written())
    return total
  }

  /** Reserves a download's announced bytes until the returned function is called (when it ends, however). */
  reserve(bytes: number, written: () => number): () => void {
    const reservation = { bytes, written }
    this.running.add(reservation)
    return () => this.running.delete(reservation)
  }
}
