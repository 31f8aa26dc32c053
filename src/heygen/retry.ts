// When to try a call again, and how long to wait first. Money decides: see `mayRetryPaidCall`.
import { sleep } from '../util/sleep.js'

/** Longest wait a Retry-After may impose; a longer one is cut to this (the deadline still applies). */
export const MAX_RETRY_AFTER_MS = 60_000
/** Shortest wait a Retry-After may ask for: `0`, or a date in the past, must not become a burst of calls. */
export const MIN_RETRY_AFTER_MS = 1000
/** Attempts at one call, the first included, before the last answer is reported. */
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

/** Exponential backoff with jitter (half fixed, half random) so parallel steps do not retry in lockstep. */
export function backoffMs(attempt: number, random: () => number = Math.random, baseMs = 500, maxMs = 15_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/**
 * A pause shared by every call of the step: HeyGen rate-limits per account, so one 429 slows the whole
 * batch instead of letting the other proofreads keep hammering the API.
 */
export class RateLimitPause {
  private until = 0

  extend(ms: number): void {
    this.until = Math.max(this.until, Date.now() + ms)
  }

  /** Resolves once no pause is in force (a later extension is honoured too). */
  async wait(signal?: AbortSignal): Promise<void> {
    while (Date.now() < this.until) await sleep(this.until - Date.now(), signal)
  }
}
