// A real rate limiter for the sandbox (`rate-R`): a token bucket of R requests a second per API key, as HeyGen's
// gateway budgets requests. Every API route spends a token; an empty bucket answers 429 with Retry-After saying when
// the next token comes (whole seconds, rounded up, as the header allows).
import { numberToken } from './tokens.ts'

export interface BucketLog {
  /** When each request that got a token was let through (ms since the epoch). */
  granted: number[]
  /** How many requests the bucket refused. */
  refused: number
  /** When each refused request came (ms since the epoch). */
  refusedAt: number[]
}

export interface RateLimiter {
  /** A token for this key, or the whole seconds until there is one (the 429's Retry-After). */
  take(apiKey: string, now?: number): { ok: true } | { ok: false; retryAfterSeconds: number }
  /** What the bucket of this key let through and refused, for a test or a benchmark to check its budget. */
  log(apiKey: string): BucketLog
  reset(): void
}

interface Bucket extends BucketLog {
  rate: number
  tokens: number
  at: number
}

/**
 * Buckets by key: `rate` (the sandbox's `rateLimit` option) for every key, or the `rate-R` token in a key, which wins.
 * A bucket holds at most one second of tokens (its burst is R) and starts full.
 */
export function rateLimiter(rate: number | undefined): RateLimiter {
  const buckets = new Map<string, Bucket>()
  const bucketOf = (apiKey: string, now: number): Bucket | undefined => {
    const perSecond = numberToken(apiKey, 'rate') ?? rate
    if (perSecond === undefined || perSecond <= 0) return undefined
    let bucket = buckets.get(apiKey)
    if (!bucket) {
      bucket = { rate: perSecond, tokens: perSecond, at: now, granted: [], refused: 0, refusedAt: [] }
      buckets.set(apiKey, bucket)
    }
    // Refilled for the time since the last request, never past one second's worth.
    bucket.tokens = Math.min(bucket.rate, bucket.tokens + ((now - bucket.at) / 1000) * bucket.rate)
    bucket.at = now
    return bucket
  }
  return {
    take(apiKey, now = Date.now()) {
      const bucket = bucketOf(apiKey, now)
      if (!bucket) return { ok: true }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        bucket.granted.push(now)
        return { ok: true }
      }
      bucket.refused++
      bucket.refusedAt.push(now)
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / bucket.rate)) }
    },
    log(apiKey) {
      const bucket = buckets.get(apiKey)
      return { granted: [...(bucket?.granted ?? [])], refused: bucket?.refused ?? 0, refusedAt: [...(bucket?.refusedAt ?? [])] }
    },
    reset() {
      buckets.clear()
    },
  }
}

/** The most requests a bucket of `rate` a second (burst `rate`) may let through in any window of `ms`. */
export function bucketAllows(rate: number, ms: number): number {
  return Math.floor(rate + (ms / 1000) * rate)
}
