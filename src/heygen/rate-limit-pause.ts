// What every call of the step shares about HeyGen's limits: the request pace (request-pace.ts) and the plan's cap on
// renders at once. A 429 costs the call that got it its own Retry-After (the caller waits it); nobody else stops.
import { RequestPace } from './request-pace.js'

export interface PaceOptions {
  /** When the step must end (ms since the epoch): a 429 or a refused connection is retried up to it, never past it. */
  deadline?: number
  /** The step watches its jobs to the end (wait): only then does it see a render slot free, so only then is a cap learned. */
  watchesRenders?: boolean
  /** Told once, when the plan's cap is settled. */
  onCapLearned?: (cap: number) => void
  /** The clock (tests). */
  now?: () => number
}

/** What a 429's body says it is about, when it says: a limit on jobs at once, or on requests. */
export type LimitKind = 'concurrency' | 'rate' | undefined

/** Refusals at one count of renders before that count is taken for the plan's cap: one 429 may be a rate limit's. */
const CAP_EVIDENCE = 2

export class RateLimitPause {
  readonly deadline: number
  /** Renders at once that HeyGen accepts for this key, once the evidence holds; undefined until then. */
  cap: number | undefined
  private readonly pace: RequestPace
  private readonly rendering = new Set<string>()
  private sending = 0
  private announced = false
  /** Generate calls refused at each count of this step's renders. */
  private readonly refusedAt = new Map<number, number>()
  /** The most renders this step had going when a generate call was accepted (the plan runs at least one more). */
  private acceptedAt = -1
  /** Set by generateLimited, read by the generated() that follows it for the same call. */
  private lastRefused = false
  private readonly freed = new Set<() => void>()

  constructor(private readonly options: PaceOptions = {}) {
    this.deadline = options.deadline ?? Number.POSITIVE_INFINITY
    this.pace = new RequestPace(options.now)
  }

  /** A free call was answered 429: its caller waits its own Retry-After (`ms`); the step's pace may learn a budget. */
  extend(_ms: number): void {
    this.pace.refusedRate()
  }

  /** A free call was answered (not 429): the pace had room for it. */
  answered(): void {
    this.pace.answered()
  }

  /** Before any API request: its turn under the pace (none until HeyGen showed a budget), or the deadline. */
  async wait(signal?: AbortSignal): Promise<void> {
    await this.pace.take(this.deadline, signal)
  }

  /**
   * Before a generate call: once the cap is known, waits for a free render slot, then for its turn under the pace, and
   * holds the slot until `generated`. False when the deadline came first (nothing was sent).
   */
  async beforeGenerate(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (this.timeLeft() <= 0) return false
      if (this.cap === undefined || this.rendering.size + this.sending < this.cap) {
        this.sending++
        await this.wait(signal).catch((error: unknown) => {
          this.sending--
          throw error
        })
        if (this.timeLeft() > 0) return true
        this.sending--
        return false
      }
      await this.slotFreed(signal)
    }
  }

  /** After a generate call: the job it started (if any) keeps its slot until its render ends. */
  generated(videoTranslateId?: string): void {
    this.sending = Math.max(0, this.sending - 1)
    if (!this.lastRefused) {
      this.pace.answered()
      // Accepted with k of this step's renders going: the plan runs more than k, whatever was refused before.
      if (videoTranslateId && this.options.watchesRenders) {
        this.acceptedAt = Math.max(this.acceptedAt, this.rendering.size)
        this.rendering.add(videoTranslateId)
        if (this.cap !== undefined && this.cap <= this.acceptedAt) this.cap = this.acceptedAt + 1
      }
    }
    this.lastRefused = false
    this.announce()
    this.wake()
  }

  /**
   * A generate call was answered 429: the caller waits `ms` itself. With k of this step's jobs rendering, the plan may
   * render k at once: taken as its cap when the body says it is a concurrency limit, or when refusals at k were seen
   * twice and no call was accepted at k or more. A body that names a rate limit teaches no cap.
   */
  generateLimited(_ms: number, kind?: LimitKind): void {
    this.lastRefused = true
    if (kind !== 'concurrency') this.pace.refusedRate()
    const rendering = this.rendering.size
    if (!this.options.watchesRenders || rendering === 0 || kind === 'rate' || rendering <= this.acceptedAt) return
    const seen = (this.refusedAt.get(rendering) ?? 0) + 1
    this.refusedAt.set(rendering, seen)
    if (kind === 'concurrency' || seen >= CAP_EVIDENCE) this.cap = Math.min(this.cap ?? rendering, rendering)
  }

  /** The job's render ended (or the step stopped watching it): its slot is free. */
  renderEnded(videoTranslateId: string): void {
    if (this.rendering.delete(videoTranslateId)) this.wake()
  }

  /** Time left before the deadline (Infinity without one). */
  timeLeft(): number {
    return this.deadline - (this.options.now ?? Date.now)()
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

/** What a 429's body says it limits: HeyGen's code or message naming concurrent jobs, or a request rate; else undefined. */
export function limitKind(body: string): LimitKind {
  const text = body.slice(0, 2000).toLowerCase()
  if (/concurren|at the same time|at once|parallel/.test(text)) return 'concurrency'
  // HeyGen's generic `rate_limit_exceeded` / "Too many requests" covers both: only words about a request rate count.
  if (/requests? per (second|minute)|request rate/.test(text)) return 'rate'
  return undefined
}
