// When to try a call again, and how long to wait first: Retry-After and the backoff, with the step's timing injected
// (production keeps the 1 s floor; a test passes milliseconds).
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
