// GitHub calls that may be tried again (reads, deletes, renames and uploads that broke): 5xx, 429, a secondary
// rate limit (403 with Retry-After or its message) and a lost connection; never a 4xx that names a mistake.
import { inert } from '../util/outside-text.js'
import { parseRetryAfter, retrying, type RetryVerdict } from '../util/retry.js'
import { PRODUCTION_TIMING, type StepTiming } from '../util/timing.js'
import { GitHubError } from './errors.js'

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
  options: { signal: AbortSignal; onRetry: (message: string) => void; timing?: StepTiming },
): Promise<T> {
  const timing = options.timing ?? PRODUCTION_TIMING
  return retrying(call, {
    maxAttempts: timing.githubAttempts,
    timing: { ...timing, backoffBaseMs: timing.githubBackoffBaseMs },
    classify: (error) => gitHubVerdict(error, options.signal),
    signal: options.signal,
    onRetry: (error, delay, attempt) =>
      options.onRetry(`${(error as Error).message}; trying again in ${(delay / 1000).toFixed(1)} s (attempt ${attempt} of ${timing.githubAttempts})`),
  })
}

/** GitHub's rule: a failure GitHub marks retryable (5xx, rate limits, a lost connection), unless the step stopped. */
export function gitHubVerdict(error: unknown, signal: AbortSignal): RetryVerdict | undefined {
  if (!(error instanceof GitHubError) || !error.retryable || signal.aborted) return undefined
  return { counted: true, retryAfterMs: error.retryAfterMs }
}
