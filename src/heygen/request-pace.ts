// How fast the step sends API requests once HeyGen has said "too many": a budget learned from the answers, so a
// token-bucket limit is used to its last request without a 429 storm of the step's own making, while a random 429
// (a storm that is not about the step's rate) costs only the call that got it its Retry-After.

/** Paid generate calls and free GETs: a storm may refuse one kind only, so each kind's refusals are judged apart. */
export type RequestKind = 'generate' | 'free'

/** The window the budget is read over: HeyGen's limits are per second of requests. */
const WINDOW_MS = 1000
/** Refusals in one window before a budget is read from it: one or two 429s say nothing about a rate. */
const MIN_REFUSALS = 4
/** Paced at the budget, a bucket refuses (almost) nothing; refusing this share of paced requests is not a budget. */
const NOT_A_BUDGET_SHARE = 0.25
/** After a 429 storm was told from a budget, its 429s teach no budget for this long. */
const STORM_QUIET_MS = 30_000
/** The share of a second's let-through requests taken as the budget: a bucket's burst fills the first second. */
const LEARNT_SHARE = 0.9
/** Answers arriving this soon after the pace began belong to requests sent before it. */
const IN_FLIGHT_MS = 300
/** How far back the logs reach. */
const KEEP_MS = 5 * WINDOW_MS
/** A refusal while paced: the budget was a little high (a bucket's burst inflated the first reading). */
const CUT = 0.9
/** A second without a refusal while paced: try a little more, so a budget read low is found again. */
const GROWTH = 1.05

export class RequestPace {
  /** Requests a second the step allows itself; undefined while nothing limits it. */
  rate: number | undefined
  private next = 0
  private pacedAt = 0
  private changedAt = 0
  private quietUntil = 0
  private readonly sent: Record<RequestKind, number[]> = { generate: [], free: [] }
  private readonly accepted: number[] = []
  private readonly refused: number[] = []
  private readonly refusedOf: Record<RequestKind, number[]> = { generate: [], free: [] }
  /** Requests waiting for their turn: released at once when the pace is dropped, not at the turn it had given them. */
  private readonly waiting = new Set<() => void>()

  constructor(private readonly now: () => number = Date.now) {}

  /** Waits for this request's turn (none while unpaced, never past `deadline`) and counts it as sent. */
  async take(deadline: number, signal?: AbortSignal, kind: RequestKind = 'free'): Promise<void> {
    const now = this.now()
    let at = now
    if (this.rate !== undefined) {
      // The budget kept as the bucket it is: after a quiet spell (its callers waiting out a whole-second Retry-After)
      // up to a second's worth goes at once, as the bucket refilled meanwhile; else one per 1/rate s.
      at = Math.max(now, this.next - this.burstTolerance())
      this.next = Math.max(this.next, at) + 1000 / this.rate
    }
    if (at > now) await this.turn(Math.min(at, deadline) - now, signal)
    this.sent[kind].push(Math.min(at, this.now(), deadline))
    this.trim(this.now())
  }

  /** How far ahead of its even turn a request may go: a full bucket's worth (a second of the budget) less one. */
  private burstTolerance(): number {
    const rate = this.rate ?? 1
    return (Math.max(1, Math.floor(rate)) - 1) * (1000 / rate)
  }

  /** Waits `ms`, or less if the pace is dropped meanwhile; rejects with the signal's reason when the step is cancelled. */
  private turn(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        this.waiting.delete(done)
        resolve()
      }
      const onAbort = () => {
        clearTimeout(timer)
        this.waiting.delete(done)
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the signal's reason, as node:timers/promises rejects with it
        reject(signal?.reason)
      }
      const timer = setTimeout(done, Math.max(0, ms))
      this.waiting.add(done)
      if (signal?.aborted) return onAbort()
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** An answer that was not a 429: the budget had room for it. */
  answered(): void {
    const now = this.now()
    this.accepted.push(now)
    if (this.rate !== undefined && now - this.changedAt >= WINDOW_MS && this.count(this.refused, now - WINDOW_MS) === 0) {
      this.rate *= GROWTH
      this.changedAt = now
    }
    this.trim(now)
  }

  /** A 429 that may be about the step's rate (any 429 whose body does not name a concurrency limit). */
  refusedRate(kind: RequestKind = 'free'): void {
    const now = this.now()
    this.refused.push(now)
    this.refusedOf[kind].push(now)
    this.trim(now)
    const accepted = this.count(this.accepted, now - WINDOW_MS)
    const refused = this.count(this.refused, now - WINDOW_MS)
    if (this.rate === undefined) {
      // Bucket-shaped: in the last second half as many refused as let through, or more; what got through is the budget.
      // When only paid calls were refused, the refusals must also have come in a run after what got through (a bucket,
      // once empty, lets through only its refill; a storm on the paid route refuses at random among the acceptances).
      const shaped = this.count(this.refusedOf.free, now - WINDOW_MS) > 0 || this.refusedInARun(now)
      if (now >= this.quietUntil && refused >= MIN_REFUSALS && 2 * refused >= accepted && shaped) {
        this.rate = Math.max(1, accepted * LEARNT_SHARE)
        this.pacedAt = this.changedAt = now
        // The bucket was just emptied: one request now, then one per 1/rate s until it has refilled.
        this.next = now + this.burstTolerance()
      }
      return
    }
    // Answers to requests sent before the pace began are no evidence about it.
    if (now - this.pacedAt < IN_FLIGHT_MS) return
    // Paced for a while and one kind of call still refused as often: not a budget the step is over, but 429s at random
    // (free calls that are never refused must not hide a storm on the paid route); stop pacing, and free every waiter.
    if (now - this.pacedAt >= WINDOW_MS && (this.stormOn('generate', now) || this.stormOn('free', now))) {
      this.rate = undefined
      this.quietUntil = now + STORM_QUIET_MS
      for (const release of [...this.waiting]) release()
      return
    }
    if (now - this.changedAt >= 1000 / this.rate) {
      this.rate = Math.max(1, this.rate * CUT)
      this.changedAt = now
    }
  }

  /**
   * The last second's refusals came after its acceptances, as from an emptied bucket: no more acceptances since the
   * first of them than the budget they suggest could refill meanwhile (what got through before it, per second).
   */
  private refusedInARun(now: number): boolean {
    const first = this.refused.find((at) => at > now - WINDOW_MS) ?? now
    const before = this.count(this.accepted, now - WINDOW_MS) - this.count(this.accepted, first)
    const after = this.count(this.accepted, first)
    // A bucket worth pacing to let a few through first; one or two acceptances then a run of 429s is a storm's luck
    // (60%, seed 4: a budget of 1 a second learnt from it held the status polls for 14 s).
    return before >= MIN_REFUSALS && after <= Math.floor((before * (now - first)) / WINDOW_MS)
  }

  /** Since the pace began, this kind of call was sent often enough and refused too often for a budget it keeps to. */
  private stormOn(kind: RequestKind, now: number): boolean {
    const since = Math.max(this.pacedAt, now - KEEP_MS)
    const sent = this.count(this.sent[kind], since)
    return sent >= 5 && this.count(this.refusedOf[kind], since + IN_FLIGHT_MS) / sent >= NOT_A_BUDGET_SHARE
  }

  private count(log: readonly number[], after: number): number {
    let n = 0
    for (let i = log.length - 1; i >= 0 && (log[i] as number) > after; i--) n++
    return n
  }

  /** Keeps only what the decisions read (a few windows), so a long step holds no growing log. */
  private trim(now: number): void {
    const keep = now - KEEP_MS
    for (const log of [this.sent.generate, this.sent.free, this.accepted, this.refused, this.refusedOf.generate, this.refusedOf.free]) {
      let drop = 0
      while (drop < log.length && (log[drop] as number) <= keep) drop++
      if (drop > 0) log.splice(0, drop)
    }
  }
}
