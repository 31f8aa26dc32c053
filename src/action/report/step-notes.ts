// Facts the step learns on the way (such as the plan's cap) that the job summary reports under its table: one list
// per step, owned by the step's StepRun.
export class SummaryNotes {
  private readonly notes: string[] = []

  add(note: string): void {
    if (!this.notes.includes(note)) this.notes.push(note)
  }

  /** The notes so far, in the order learnt. */
  list(): readonly string[] {
    return this.notes
  }
}
