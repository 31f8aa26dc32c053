// The step's timing for in-process stories: the same policy as production, in milliseconds instead of seconds, so a
// story about the sixth attempt or a deadline's grace takes a moment. Filled in from src/main.ts's StepTiming.
import type { StepTiming } from './run-in-process.ts'

export const FAST: StepTiming = {}
