// When to try a call again, and how long to wait first (money decides which calls: see HeyGenClient.generate).

/** Longest wait a Retry-After may impose; a longer one is cut to this (the deadline still applies). */
export const MAX_RETRY_AFTER_MS = 60_000
/** Shortest wait before any retry: `Retry-After: 0`, a date in the past or a quick backoff must not become a burst of calls. */
export const MIN_RETRY_AFTER_MS = 1000
/** Attempts at one call, the first included, before the last answer is reported (429 and refused connections excepted: see RateLimitPause). */
export const MAX_ATTEMPTS = 6

/** Retry-After as seconds or an HTTP date, in ms from `now`, kept between MIN_ and MAX_RETRY_AFTER_MS; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  // Only an IMF-fixdate counts as a date: V8's Date.parse reads garbage like "-5" as a year, i.e. "retry now".
  const httpDate = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(trimmed)
  const ms = /^\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) * 1000 : httpDate ? Date.parse(trimmed) - now : Number.NaN
  if (Number.isNaN(ms)) return undefined
  return Math.min(Math.max(ms, MIN_RETRY_AFTER_MS), MAX_RETRY_AFTER_MS)
}

/**
 * Exponential backoff with jitter (half fixed, half random) so parallel steps do not retry in lockstep; never under
 * MIN_RETRY_AFTER_MS, the floor the README promises for every retry.
 */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 1000, maxMs = 15_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.max(MIN_RETRY_AFTER_MS, Math.round(ceiling / 2 + (random() * ceiling) / 2))
}

// The pause and the plan's cap moved to rate-limit-pause.ts; imported from here as before.
export { limitKind, type LimitKind, type PaceOptions, RateLimitPause } from './rate-limit-pause.js'
