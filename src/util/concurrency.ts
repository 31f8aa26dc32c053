// At most N at once, results in input order: the batch and the preflight share it. A task waiting for something that
// started nothing (a 429's Retry-After) may lend its place to the next item meanwhile (`lendSlot`), and takes one
// back, ahead of items not yet started, before it goes on (`reclaimSlot`).
import { AsyncLocalStorage } from 'node:async_hooks'

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

/** One task's hold on its place. */
interface Slot {
  slots: Slots
  held: boolean
}

const current = new AsyncLocalStorage<Slot>()

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const slots = new Slots(Math.max(1, limit))
  const run = async (item: T, index: number): Promise<R> => {
    await slots.take(false)
    const slot: Slot = { slots, held: true }
    try {
      return await current.run(slot, () => work(item, index))
    } finally {
      // A task that ended while its place was lent holds none to give back.
      if (slot.held) slots.give()
      slot.held = false
    }
  }
  return Promise.all(items.map((item, index) => run(item, index)))
}

/**
 * The calling task waits for something that started nothing (a 429's Retry-After): its place goes to the next item
 * meanwhile. Outside mapWithConcurrency, or when already lent, nothing happens.
 */
export function lendSlot(): void {
  const slot = current.getStore()
  if (!slot?.held) return
  slot.held = false
  slot.slots.give()
}

/**
 * Before the calling task goes on after `lendSlot`: waits for a place, ahead of items not yet started. Resolves at once
 * when the task holds its place (or runs outside mapWithConcurrency); rejects with the signal's reason when cancelled.
 */
export async function reclaimSlot(signal?: AbortSignal): Promise<void> {
  const slot = current.getStore()
  if (!slot || slot.held) return
  await slot.slots.take(true, signal)
  slot.held = true
}
