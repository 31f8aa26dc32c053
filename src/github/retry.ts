// GitHub calls that may be tried again (reads, deletes, renames and uploads that broke): 5xx, 429, a secondary
// rate limit (403 with Retry-After or its message) and a lost connection; never a 4xx that names a mistake.
import { inert } from '../util/outside-text.js'
import { backoffFor, parseRetryAfter } from '../util/retry.js'
import { sleep } from '../util/sleep.js'
import { PRODUCTION_TIMING, type StepTiming } from '../util/timing.js'
import { GitHubError } from './errors.js'

/** Attempts at one GitHub call, the first included. */
export const GITHUB_ATTEMPTS = PRODUCTION_TIMING.githubAttempts

/** True for the 403 GitHub sends when a secondary rate limit is hit: it carries Retry-After or says so. */
export function isRateLimited(status: number, retryAfter: string | undefined, message: string): boolean {
  return status === 429 || (status === 403 && (retryAfter !== undefined || /rate limit/i.test(message)))
}

/** The error for one GitHub answer or failure, sorted into retryable or not. */
export function gitHubError(status: number, message: string, retryAfter?: string, timing: StepTiming = PRODUCTION_TIMING): GitHubError {
  const limited = isRateLimited(status, retryAfter, message)
  const retryable = status === 0 || status >= 500 || limited
  // A secondary rate limit without Retry-After asks for at least a minute; tests set Retry-After.
  const wait = parseRetryAfter(retryAfter, Date.now(), timing) ?? (limited ? timing.githubRateLimitMs : undefined)
  // GitHub's message is outside text: one bounded, inert line.
  return new GitHubError(inert(message, 300), status, retryable, wait)
}

export async function withRetries<T>(
  call: () => Promise<T>,
  options: { signal: AbortSignal; onRetry: (message: string) => void; beforeRetry?: () => Promise<void>; timing?: StepTiming },
): Promise<T> {
  const timing = options.timing ?? PRODUCTION_TIMING
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (!(error instanceof GitHubError) || !error.retryable || attempt >= timing.githubAttempts || options.signal.aborted) throw error
      const delay = error.retryAfterMs ?? backoffFor(attempt, { ...timing, backoffBaseMs: timing.githubBackoffBaseMs })
      options.onRetry(`${error.message}; trying again in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${timing.githubAttempts})`)
      await sleep(delay, options.signal)
      await options.beforeRetry?.()
    }
  }
}
