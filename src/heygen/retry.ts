// When to try a call again, and how long to wait first (money decides which calls: see HeyGenClient.generate).
import { PRODUCTION_TIMING } from '../util/timing.js'

/** Longest wait a Retry-After may impose; a longer one is cut to this (the deadline still applies). */
export const MAX_RETRY_AFTER_MS = PRODUCTION_TIMING.maxRetryAfterMs
/** Shortest wait before any retry: `Retry-After: 0`, a date in the past or a quick backoff must not become a burst of calls. */
export const MIN_RETRY_AFTER_MS = PRODUCTION_TIMING.minRetryMs
/** Attempts at one call, the first included, before the last answer is reported (429 and refused connections excepted: see RateLimitPause). */
export const MAX_ATTEMPTS = PRODUCTION_TIMING.maxAttempts

// Retry-After parsing and the backoff live in util/retry.ts beside the one retry loop; re-exported for HeyGen's callers.
export { backoffMs, parseRetryAfter } from '../util/retry.js'

// The pause and the plan's cap moved to rate-limit-pause.ts; imported from here as before.
export { limitKind, type LimitKind, type PaceOptions, RateLimitPause } from './rate-limit-pause.js'
