// What every call of the step shares about HeyGen's limits: the request pace (request-pace.ts) and the plan's cap on
// renders at once. A 429 costs the call that got it its own Retry-After (the caller waits it); nobody else stops.
import { RequestPace, type RequestKind } from './request-pace.js'

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

/**
 * Refusals at one count of renders, none of the calls in flight with them accepted and none accepted at that count or
 * more since, before the step holds back at that count: one or two 429s may be a storm's.
 */
const CAP_EVIDENCE = 3
/**
 * Refusals at the held count, and none accepted there, before the cap is settled and said: a storm refusing 60% of
 * calls at random does that ten times in a row less than once in 150 tries.
 */
const CAP_SETTLED = 10
/**
 * While a cap holds the step back, one generate call per Retry-After goes above it (a second, as HeyGen asks, until a
 * 429 said otherwise): refused, it is evidence; accepted, the cap was false. The Retry-After comes through the step's
 * timing (its floor and ceiling), so the probes keep pace with every other wait of the step.
 */
const FIRST_PROBE_MS = 1000
/** Once the cap is settled, a probe every five Retry-Afters: a plan upgraded mid-step is still found. */
const SETTLED_PROBES_APART = 5

export class RateLimitPause {
  readonly deadline: number
  /** Renders at once that HeyGen accepts for this key, once the evidence holds; undefined until then. */
  cap: number | undefined
  private readonly pace: RequestPace
  private readonly rendering = new Set<string>()
  private sending = 0
  private announced = false
  /** Generate calls refused at each count of this step's renders since a call was last accepted at that count or more. */
  private readonly refusedAt = new Map<number, number>()
  /** Refusals among generate calls in flight together, kept until the last of them is answered: evidence if none was accepted. */
  private readonly pending: number[] = []
  /** A call of the generate calls now in flight together was accepted: their refusals after it weigh one together. */
  private overlapAccepted = false
  private overlapCounted = false
  /** A cap once settled: lifted by a call accepted while a render ended unseen, it is settled again on fresh evidence. */
  private settledOnce: number | undefined
  /**
   * Evidence set aside by a call accepted at its count or more, and the renders counted then: given back when one of
   * them is seen to end (it may have ended before the call was accepted, so the acceptance said nothing of the plan).
   */
  private readonly suspended = new Map<number, number>()
  private suspendedWith = new Set<string>()
  /** The Retry-After the last refused generate call was asked to wait: the probes' spacing. */
  private probeMs = FIRST_PROBE_MS
  /**
   * Counts of renders at which a refused call gave its max_concurrency place away since a call was last accepted above
   * that count: a second refusal there may be the plan's cap, and another proofread would only be refused too.
   */
  private readonly lentAt = new Set<number>()
  /**
   * The most renders proven going at once when a call was accepted (each seen still rendering by a status call sent after
   * that acceptance): the plan renders more than this, so no refusal at this count or fewer is its cap.
   */
  private provenGoing = 0
  /** Acceptances that may still prove more renders going than `provenGoing`: when, the renders then, those seen since. */
  private readonly witnesses: Array<{ at: number; renders: ReadonlySet<string>; seen: Set<string> }> = []
  /** Set by generateLimited, read by the generated() that follows it for the same call. */
  private lastRefused = false
  private lastProbe = 0
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
  async wait(signal?: AbortSignal, kind: RequestKind = 'free'): Promise<void> {
    await this.pace.take(this.deadline, signal, kind)
  }

  /**
   * Before a generate call: once the cap is known, waits for a free render slot, then for its turn under the pace, and
   * holds the slot until `generated`. False when the deadline came first (nothing was sent).
   */
  async beforeGenerate(signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (this.timeLeft() <= 0) return false
      if (this.cap === undefined || this.rendering.size + this.sending < this.cap || this.probe()) {
        this.sending++
        await this.wait(signal, 'generate').catch((error: unknown) => {
          this.sending--
          throw error
        })
        if (this.timeLeft() > 0) return true
        this.sending--
        return false
      }
      await this.slotFreed(signal, this.probeGap())
    }
  }

  /** Whether this call may go above the cap, to test it (one per Retry-After, five times rarer once settled). */
  private probe(): boolean {
    const now = this.now()
    if (now - this.lastProbe < this.probeGap()) return false
    this.lastProbe = now
    return true
  }

  private probeGap(): number {
    return this.settled() ? SETTLED_PROBES_APART * this.probeMs : this.probeMs
  }

  /** After a generate call: the job it started (if any) keeps its slot until its render ends. */
  generated(videoTranslateId?: string): void {
    this.sending = Math.max(0, this.sending - 1)
    if (!this.lastRefused) {
      this.pace.answered()
      // Accepted with k of this step's renders going: the plan runs more than k, whatever was refused before.
      if (videoTranslateId && this.options.watchesRenders) {
        // Evidence is read in time order: an acceptance lifts the cap at once, and later refusals at its count teach it
        // again; the evidence it set aside comes back if a render it was counted with is then seen to have ended.
        const at = this.rendering.size
        // Accepted above a count (not at it: a render may have ended unseen), a refusal there is no plan cap: lend again.
        for (const count of this.lentAt) if (count < at) this.lentAt.delete(count)
        for (const [count, refused] of this.refusedAt) {
          if (count > at) continue
          this.suspended.set(count, (this.suspended.get(count) ?? 0) + refused)
          this.refusedAt.delete(count)
        }
        if (this.suspended.size > 0) this.suspendedWith = new Set(this.rendering)
        this.overlapAccepted = true
        this.overlapCounted = false
        this.pending.length = 0
        this.witness()
        this.rendering.add(videoTranslateId)
        this.cap = this.capFromEvidence()
      }
    }
    if (this.sending === 0) this.settleEvidence()
    this.lastRefused = false
    this.announce()
    this.wake()
  }

  /**
   * A generate call was answered 429: the caller waits `ms` itself. With k of this step's jobs rendering, the plan may
   * render k at once: held back at k when the body says it is a concurrency limit, or once refusals at k were seen
   * three times (none of the calls in flight with them accepted) and no call was accepted at k or more since. A body that
   * names a rate limit teaches no cap.
   * True when the caller may give its max_concurrency place to the next proofread while it waits (a 429 started
   * nothing): unless the refusal may be the plan's cap (HeyGen says so, the cap holds, or a call was refused at this
   * count already since one was accepted above it), where the next proofread would only be refused too. A first refusal
   * at a count lends even where no call was accepted with as many renders going: under a storm's burst that is most
   * refusals, and under a true cap it costs one more 429, which started nothing.
   */
  generateLimited(ms: number, kind?: LimitKind): boolean {
    this.lastRefused = true
    if (ms > 0) this.probeMs = ms
    if (kind !== 'concurrency') this.pace.refusedRate('generate')
    const rendering = this.rendering.size
    if (!this.options.watchesRenders || rendering === 0 || kind === 'rate') return true
    if (kind === 'concurrency') {
      // Said by HeyGen itself: as good as settled.
      this.refusedAt.set(rendering, (this.refusedAt.get(rendering) ?? 0) + CAP_SETTLED)
      this.cap = this.capFromEvidence()
      return false
    }
    // No more renders going than the plan was proven to take at once: a storm's refusal or a rate's, never the cap.
    if (rendering <= this.provenGoing) return true
    // Lent once at a count until a call is accepted above it: a second refusal there may be the plan's cap.
    const lend = !this.lentAt.has(rendering) && (this.cap === undefined || rendering < this.cap)
    this.lentAt.add(rendering)
    this.recordRefusal(rendering)
    return lend
  }

  /** A refusal at `rendering` renders, kept as evidence for the plan's cap (see generateLimited). */
  private recordRefusal(rendering: number): void {
    // Kept until the last call in flight with it is answered: one accepted after it may have been counted first. After
    // an acceptance among them, the refusals that follow are one observation together (a storm's burst refuses many
    // at once at one count), where calls refused with none accepted beside them each count.
    if (this.overlapAccepted && this.overlapCounted) return
    this.overlapCounted = this.overlapAccepted
    this.pending.push(rendering)
  }

  /** No generate call in flight: refusals among the last calls in flight together, none accepted, become evidence. */
  private settleEvidence(): void {
    for (const count of this.pending) this.refusedAt.set(count, (this.refusedAt.get(count) ?? 0) + 1)
    this.pending.length = 0
    this.overlapAccepted = false
    this.overlapCounted = false
    this.cap = this.capFromEvidence()
  }

  /** A cap refused at CAP_SETTLED times, and never accepted at: said, and probed less often. */
  private settled(): boolean {
    if (this.cap === undefined) return false
    const refused = this.refusedAt.get(this.cap) ?? 0
    if (refused >= CAP_SETTLED) this.settledOnce = this.cap
    return refused >= CAP_SETTLED || this.cap === this.settledOnce
  }

  /** The fewest renders at which calls were refused CAP_EVIDENCE times since one was last accepted at that many or more. */
  private capFromEvidence(): number | undefined {
    let cap: number | undefined
    for (const [count, refused] of this.refusedAt) if (refused >= CAP_EVIDENCE && count < (cap ?? Infinity)) cap = count
    return cap
  }

  /** An acceptance with more renders going than proven so far: a witness, until status calls show which still ran. */
  private witness(): void {
    if (this.rendering.size <= this.provenGoing) return
    // A few are enough: the largest ones prove the most; the oldest goes first.
    if (this.witnesses.length >= 8) this.witnesses.shift()
    this.witnesses.push({ at: this.now(), renders: new Set(this.rendering), seen: new Set() })
  }

  /**
   * A status call sent at `askedAt` found the job still rendering: for every acceptance before that call, the job was
   * going when it was accepted, so the plan took that many at once.
   */
  stillRendering(videoTranslateId: string, askedAt: number): void {
    for (const witness of this.witnesses) {
      if (witness.at >= askedAt || !witness.renders.has(videoTranslateId)) continue
      witness.seen.add(videoTranslateId)
      this.provenGoing = Math.max(this.provenGoing, witness.seen.size)
    }
    // A witness that can prove no more than is proven goes.
    for (let i = this.witnesses.length - 1; i >= 0; i--) if ((this.witnesses[i]?.renders.size ?? 0) <= this.provenGoing) this.witnesses.splice(i, 1)
  }

  /** The job's render ended (or the step stopped watching it): its slot is free. */
  renderEnded(videoTranslateId: string): void {
    if (!this.rendering.delete(videoTranslateId)) return
    // The render may have ended before a call set evidence aside by being accepted: that acceptance proved nothing.
    if (this.suspendedWith.has(videoTranslateId)) {
      for (const [count, refused] of this.suspended) this.refusedAt.set(count, (this.refusedAt.get(count) ?? 0) + refused)
      this.suspended.clear()
      this.suspendedWith.clear()
      this.cap = this.capFromEvidence()
    }
    this.wake()
  }

  /** Time left before the deadline (Infinity without one). */
  timeLeft(): number {
    return this.deadline - this.now()
  }

  /** The step's clock (injected in tests): status calls are timed on it against the acceptances. */
  now(): number {
    return (this.options.now ?? Date.now)()
  }

  /** Says the cap once, when it is settled and no generate call that could still correct it is in flight. */
  private announce(): void {
    if (this.cap === undefined || this.announced || this.sending > 0 || !this.settled()) return
    this.announced = true
    this.options.onCapLearned?.(this.cap)
  }

  private wake(): void {
    for (const resolve of [...this.freed]) resolve()
  }

  /** Resolves when a slot may have freed, after `atMostMs`, or at the deadline; rejects when the step is cancelled. */
  private slotFreed(signal: AbortSignal | undefined, atMostMs: number): Promise<void> {
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
      const timer = setTimeout(done, Math.max(0, Math.min(this.timeLeft(), atMostMs)))
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
