// Every time constant the step's orchestration waits on, as one value: production uses PRODUCTION_TIMING, a test
// passes milliseconds (`run({ timing: { minRetryMs: 1, ... } })`) and drives the whole step in-process.

export interface StepTiming {
  /** Shortest wait before any retry (the floor the README promises): Retry-After 0 or a quick backoff never bursts. */
  readonly minRetryMs: number
  /** Exponential backoff: the first retry's ceiling, doubled per attempt up to backoffMaxMs (half of it jittered). */
  readonly backoffBaseMs: number
  readonly backoffMaxMs: number
  /** Longest wait a Retry-After may impose; a longer one is cut to this (the deadline still applies). */
  readonly maxRetryAfterMs: number
  /** Attempts at one HeyGen call, the first included (429 and refused connections are retried to the deadline instead). */
  readonly maxAttempts: number
  /** How long after wait_timeout whatever still runs is stopped: waits and retries end by themselves first. */
  readonly deadlineGraceMs: number
  /** A success without its video link yet (HeyGen's CDN lags): asked again this many times, poll_interval apart. */
  readonly lateLinkPolls: number
  /** A progress line at least this often while a render's status does not change. */
  readonly progressEveryMs: number
  /** The whole preflight ends within this many request_timeouts, however many proofreads. */
  readonly preflightRounds: number
  /** Attempts at one GitHub call, the first included. */
  readonly githubAttempts: number
  /** GitHub's backoff: the first retry's ceiling; an upload's retries wait this times the attempt. */
  readonly githubBackoffBaseMs: number
  /** A secondary rate limit without Retry-After asks for at least a minute. */
  readonly githubRateLimitMs: number
  /** How long the crash report's summary may take before the process ends without it. */
  readonly summaryGraceMs: number
  /** After SIGINT/SIGTERM, the hard stop if unwinding takes longer. */
  readonly cancelGraceMs: number
  /** The early video_translate_id output is rewritten at most this often (unless the started set doubled). */
  readonly outputWriteGapMs: number
  /** The shortest request_timeout the input accepts: under a second no HTTPS answer can arrive. */
  readonly requestTimeoutFloorMs: number
}

export const PRODUCTION_TIMING: StepTiming = Object.freeze({
  minRetryMs: 1000,
  backoffBaseMs: 1000,
  backoffMaxMs: 15_000,
  maxRetryAfterMs: 60_000,
  maxAttempts: 6,
  deadlineGraceMs: 2000,
  lateLinkPolls: 4,
  progressEveryMs: 60_000,
  preflightRounds: 3,
  githubAttempts: 4,
  githubBackoffBaseMs: 1000,
  githubRateLimitMs: 60_000,
  summaryGraceMs: 2000,
  cancelGraceMs: 1500,
  outputWriteGapMs: 1000,
  requestTimeoutFloorMs: 1000,
})

/** Production's timing with a test's overrides; a negative or non-finite value is refused (it would mean "retry now"). */
export function stepTiming(overrides: Partial<StepTiming> = {}): StepTiming {
  for (const [name, value] of Object.entries(overrides)) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      throw new RangeError(`timing.${name} must be a finite number >= 0 (got ${value})`)
  }
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)) as Partial<StepTiming>
  return Object.freeze({ ...PRODUCTION_TIMING, ...defined })
}
