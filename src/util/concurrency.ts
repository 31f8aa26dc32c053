// At most N at once, results in input order: the batch and the preflight share it. A task waiting for something that
// started nothing (a 429's Retry-After) may lend its place to the next item meanwhile (`place.lend()`), and takes one
// back, ahead of items not yet started, before it goes on (`place.reclaim()`).

/** The places of one mapWithConcurrency call: how many are free, and who waits for one (returning tasks first). */
class Slots {
  private free: number
  private readonly returning: Array<() => void> = []
  private readonly starting: Array<() => void> = []

  constructor(limit: number) {
    this.free = limit
  }

  /**
   * Takes a place, waiting for one when none is free; a task coming back from a lent place goes before new items.
   * Rejects with the signal's reason when cancelled while waiting (and is then handed no place).
   */
  take(returning: boolean, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error)
    if (this.free > 0 && this.returning.length === 0 && (returning || this.starting.length === 0)) {
      this.free--
      return Promise.resolve()
    }
    const queue = returning ? this.returning : this.starting
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = queue.indexOf(handOver)
        if (at >= 0) queue.splice(at, 1)
        reject(signal?.reason as Error)
      }
      const handOver = () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      queue.push(handOver)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** Gives a place back: handed straight to the first waiter (returning tasks first), else counted free. */
  give(): void {
    const next = this.returning.shift() ?? this.starting.shift()
    if (next) next()
    else this.free++
  }
}

/**
 * A task's place among the N: lent while the task waits for something that started nothing (a 429's Retry-After), and
 * taken back before it goes on.
 */
export interface Place {
  /** The place goes to the next item meanwhile; nothing when it is already lent. */
  lend(): void
  /**
   * Waits for a place, ahead of items not yet started; resolves at once when the task holds one. Rejects with the
   * signal's reason when cancelled while waiting (and is then handed no place).
   */
  reclaim(signal?: AbortSignal): Promise<void>
}

/** A place that is never lent: for a call made outside mapWithConcurrency. */
export const FIXED_PLACE: Place = Object.freeze({ lend: () => {}, reclaim: () => Promise.resolve() })

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number, place: Place) => Promise<R>,
): Promise<R[]> {
  const slots = new Slots(Math.max(1, limit))
  const run = async (item: T, index: number): Promise<R> => {
    await slots.take(false)
    let held = true
    let ended = false
    const place: Place = {
      lend: () => {
        if (!held || ended) return
        held = false
        slots.give()
      },
      reclaim: async (signal) => {
        if (held || ended) return
        await slots.take(true, signal)
        held = true
      },
    }
    try {
      return await work(item, index, place)
    } finally {
      ended = true
      // A task that ended while its place was lent holds none to give back.
      if (held) slots.give()
      held = false
    }
  }
  return Promise.all(items.map((item, index) => run(item, index)))
}
