// Facts the step learns on the way (such as the plan's cap) that the job summary reports under its table.
const notes: string[] = []

export function addSummaryNote(note: string): void {
  if (!notes.includes(note)) notes.push(note)
}

/** The notes so far, in the order learnt. */
export function summaryNotes(): readonly string[] {
  return notes
}
