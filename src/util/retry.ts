// When to try a call again, and how long to wait first: Retry-After and the backoff, with the step's timing injected
// (production keeps the 1 s floor; a test passes milliseconds).
import { sleep } from './sleep.js'
import { PRODUCTION_TIMING, type StepTiming } from './timing.js'

/** The timing a retry delay is computed from. */
export type DelayTiming = Pick<StepTiming, 'minRetryMs' | 'maxRetryAfterMs' | 'backoffBaseMs' | 'backoffMaxMs'>

/**
 * Retry-After as seconds or an HTTP date, in ms from `now`, kept between the timing's floor and maxRetryAfterMs;
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
  timing: Pick<StepTiming, 'minRetryMs' | 'maxRetryAfterMs'> = PRODUCTION_TIMING,
): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  // Only an IMF-fixdate counts as a date: V8's Date.parse reads garbage like "-5" as a year, i.e. "retry now".
  const httpDate = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)
  const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : httpDate ? Date.parse(trimmed) - now : Number.NaN
  if (Number.isNaN(ms)) return undefined
  return Math.min(Math.max(ms, timing.minRetryMs), timing.maxRetryAfterMs)
}

/**
 * Exponential backoff with jitter (half fixed, half random) so parallel steps do not retry in lockstep; never under
 * `floorMs` (the timing's minRetryMs), the floor the README promises for every retry.
 */
export function backoffMs(
  attempt: number,
  random: () => number = Math.random,
  baseMs = PRODUCTION_TIMING.backoffBaseMs,
  maxMs = PRODUCTION_TIMING.backoffMaxMs,
  floorMs = PRODUCTION_TIMING.minRetryMs,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.max(floorMs, Math.round(ceiling / 2 + (random() * ceiling) / 2))
}

/** The backoff before retry number `attempt` under a timing. */
export function backoffFor(attempt: number, timing: DelayTiming = PRODUCTION_TIMING, random: () => number = Math.random): number {
  return backoffMs(attempt, random, timing.backoffBaseMs, timing.backoffMaxMs, timing.minRetryMs)
}

/** How a client sorts one failure: not retryable (undefined), or retried, counted against maxAttempts or not. */
export interface RetryVerdict {
  /** False for HeyGen's "not yet" (429, a refused connection): retried until `until`, not a number of times. */
  counted: boolean
  /** The server's own wait (Retry-After), already within the timing's floor and cap. */
  retryAfterMs?: number | undefined
}

/** One retry loop's policy, as data: each client brings its predicate (money rules, GitHub's rules) and its timing. */
export interface RetryPolicy {
  /** Attempts, the first included, before a counted failure is thrown. */
  maxAttempts: number
  timing: DelayTiming
  /** Sorts a failure; undefined: thrown at once. */
  classify(error: unknown): RetryVerdict | undefined
  /** The wait before retry number `attempt` of its kind; the timing's backoff unless given. */
  backoff?: (attempt: number) => number
  random?: () => number
  /** Cancels a wait (the step's signal): the sleep rejects with its reason. */
  signal?: AbortSignal | undefined
  /** When the loop must end (ms since the epoch): a retry whose wait would reach it is not made. */
  until?: number | undefined
  /** What is thrown instead of the failure when `until` comes first. */
  outOfTime?: (error: unknown) => unknown
  /** Told before each wait, so the log says why the step takes longer; `attempt` is the next attempt's number. */
  onRetry?: (error: unknown, delayMs: number, attempt: number) => void
}

/** Calls `call` until it succeeds or the policy says stop: the one retry loop of the action. */
export async function retrying<T>(call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  let counted = 0
  let notYet = 0
  for (;;) {
    try {
      return await call()
    } catch (error) {
      const verdict = policy.classify(error)
      if (!verdict) throw error
      const attempt = verdict.counted ? ++counted : ++notYet
      if (verdict.counted && counted >= policy.maxAttempts) throw error
      const delay = verdict.retryAfterMs ?? (policy.backoff ? policy.backoff(attempt) : backoffFor(attempt, policy.timing, policy.random))
      if (policy.until !== undefined && Date.now() + delay >= policy.until) throw policy.outOfTime ? policy.outOfTime(error) : error
      policy.onRetry?.(error, delay, counted + notYet + 1)
      await sleep(delay, policy.signal)
    }
  }
}
