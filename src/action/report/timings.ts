// When each phase of a job began, for the summary's timeline: set by the step as it happens, the first time only.
import type { PhaseTimes, ProofreadResult } from './result.js'

export function markPhase(result: ProofreadResult, phase: keyof PhaseTimes, at = Date.now()): void {
  if (result.timings?.[phase] !== undefined) return
  result.timings = { ...result.timings, [phase]: at }
}
