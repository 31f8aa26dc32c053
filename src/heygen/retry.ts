// When to try a call again, and how long to wait first (money decides which calls: see HeyGenClient.generate).
import { sleep } from '../util/sleep.js'
import { PRODUCTION_TIMING } from '../util/timing.js'

/** Longest wait a Retry-After may impose; a longer one is cut to this (the deadline still applies). */
export const MAX_RETRY_AFTER_MS = PRODUCTION_TIMING.maxRetryAfterMs
/** Shortest wait before any retry: `Retry-After: 0`, a date in the past or a quick backoff must not become a burst of calls. */
export const MIN_RETRY_AFTER_MS = PRODUCTION_TIMING.minRetryMs
/** Attempts at one call, the first included, before the last answer is reported (429 and refused connections excepted: see RateLimitPause). */
export const MAX_ATTEMPTS = PRODUCTION_TIMING.maxAttempts

// Retry-After parsing and the backoff live in util/retry.ts beside the one retry loop; re-exported for HeyGen's callers.
export { backoffMs, parseRetryAfter } from '../util/retry.js'

export interface PaceOptions {
  /** When the step must end (ms since the epoch): a 429 or a refused connection is retried up to it, never past it. */
  deadline?: number
  /** The step watches its jobs to the end (wait): only then does it see a render slot free, so only then is a cap learned. */
  watchesRenders?: boolean
  /** Told once, when a 429 shows how many renders the plan runs at once. */
  onCapLearned?: (cap: number) => void
}

/**
 * What every call of the step shares about HeyGen's limits. A pause: HeyGen rate-limits per account, so one 429 slows
 * the whole batch instead of letting the other proofreads keep hammering the API. And the plan's cap: a generate call
 * answered 429 while k of this step's jobs are rendering means the plan renders k at once, so no further generate call
 * is sent until one of them ends.
 */
export class RateLimitPause {
  readonly deadline: number
  /** Renders at once that HeyGen accepted for this key, once a 429 told it; undefined until then. */
  cap: number | undefined
  private until = 0
  private readonly rendering = new Set<string>()
  private sending = 0
  private announced = false
  private readonly freed = new Set<() => void>()

  constructor(private readonly options: PaceOptions = {}) {
    this.deadline = options.deadline ?? Number.POSITIVE_INFINITY
  }

  extend(ms: number): void {
    this.until = Math.max(this.until, Date.now() + ms)
  }

  /** Resolves once no pause is in force (a later extension is honoured too), or at the deadline. */
  async wait(signal?: AbortSignal): Promise<void> {
    while (Date.now() < Math.min(this.until, this.deadline)) await sleep(Math.min(this.until, this.deadline) - Date.now(), signal)
  }

  /**
   * Before a generate call: waits out the pause and, once the cap is known, for a free render slot, then holds one
   * until `generated`. False when the deadline came first (nothing was sent).
   */
  async beforeGenerate(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      await this.wait(signal)
      if (Date.now() >= this.deadline) return false
      if (this.cap === undefined || this.rendering.size + this.sending < this.cap) {
        this.sending++
        return true
      }
      await this.slotFreed(signal)
    }
  }

  /** After a generate call: the job it started (if any) keeps its slot until its render ends. */
  generated(videoTranslateId?: string): void {
    this.sending = Math.max(0, this.sending - 1)
    if (videoTranslateId && this.options.watchesRenders) this.rendering.add(videoTranslateId)
    // A call sent before the 429 and accepted after it: HeyGen renders more at once than the 429 suggested.
    if (this.cap !== undefined && this.rendering.size > this.cap) this.cap = this.rendering.size
    this.announce()
    this.wake()
  }

  /** A generate call answered 429: everyone waits `ms`; with k of this step's jobs rendering, the plan renders k at once. */
  generateLimited(ms: number): void {
    this.extend(ms)
    const rendering = this.rendering.size
    if (rendering === 0 || (this.cap !== undefined && this.cap <= rendering)) return
    this.cap = rendering
    this.announce()
  }

  /** The job's render ended (or the step stopped watching it): its slot is free. */
  renderEnded(videoTranslateId: string): void {
    if (this.rendering.delete(videoTranslateId)) this.wake()
  }

  /** Time left before the deadline (Infinity without one). */
  timeLeft(): number {
    return this.deadline - Date.now()
  }

  /** Says the cap once, when no generate call that could still correct it is in flight. */
  private announce(): void {
    if (this.cap === undefined || this.announced || this.sending > 0) return
    this.announced = true
    this.options.onCapLearned?.(this.cap)
  }

  private wake(): void {
    for (const resolve of [...this.freed]) resolve()
  }

  /** Resolves when a slot may have freed, or at the deadline; rejects when the step is cancelled. */
  private slotFreed(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        this.freed.delete(done)
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
      }
      const done = () => {
        cleanup()
        resolve()
      }
      const onAbort = () => {
        cleanup()
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the abort reason is the step's own error (a cancel or its deadline)
        reject(signal?.reason)
      }
      const left = this.timeLeft()
      const timer = setTimeout(done, Number.isFinite(left) ? Math.max(0, Math.min(left, 2 ** 31 - 1)) : 2 ** 31 - 1)
      this.freed.add(done)
      if (signal?.aborted) return onAbort()
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}
