// The step's timing for in-process stories: production's policy (attempts, rounds, polls) with its waits in
// milliseconds instead of seconds, so a story about the sixth attempt or a deadline's grace takes a moment. The floor
// stays above zero: a story that checks retries are spaced checks it against FAST.minRetryMs.
import type { StepTiming } from './run-in-process.ts'

export const FAST = {
  minRetryMs: 20,
  backoffBaseMs: 20,
  backoffMaxMs: 100,
  maxRetryAfterMs: 100,
  deadlineGraceMs: 300,
  githubBackoffBaseMs: 20,
  githubRateLimitMs: 100,
  summaryGraceMs: 300,
} as const satisfies StepTiming
