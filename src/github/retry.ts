// GitHub calls that may be tried again (reads, deletes, renames and uploads that broke): 5xx, 429, a secondary
// rate limit (403 with Retry-After or its message) and a lost connection; never a 4xx that names a mistake.
import { backoffMs, parseRetryAfter } from '../heygen/retry.js'
import { inert } from '../util/outside-text.js'
import { sleep } from '../util/sleep.js'
import { GitHubError } from './errors.js'

/** Attempts at one GitHub call, the first included. */
export const GITHUB_ATTEMPTS = 4

/** True for the 403 GitHub sends when a secondary rate limit is hit: it carries Retry-After or says so. */
export function isRateLimited(status: number, retryAfter: string | undefined, message: string): boolean {
  return status === 429 || (status === 403 && (retryAfter !== undefined || /rate limit/i.test(message)))
}

/** The error for one GitHub answer or failure, sorted into retryable or not. */
export function gitHubError(status: number, message: string, retryAfter?: string): GitHubError {
  const limited = isRateLimited(status, retryAfter, message)
  const retryable = status === 0 || status >= 500 || limited
  // A secondary rate limit without Retry-After asks for at least a minute; tests set Retry-After.
  const wait = parseRetryAfter(retryAfter) ?? (limited ? 60_000 : undefined)
  // GitHub's message is outside text: one bounded, inert line.
  return new GitHubError(inert(message, 300), status, retryable, wait)
}

export async function withRetries<T>(
  call: () => Promise<T>,
  options: { signal: AbortSignal; onRetry: (message: string) => void; beforeRetry?: () => Promise<void> },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (!(error instanceof GitHubError) || !error.retryable || attempt >= GITHUB_ATTEMPTS || options.signal.aborted) throw error
      const delay = error.retryAfterMs ?? backoffMs(attempt, Math.random, 1000)
      options.onRetry(`${error.message}; trying again in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${GITHUB_ATTEMPTS})`)
      await sleep(delay, options.signal)
      await options.beforeRetry?.()
    }
  }
}
