// The honest floor of a random 429 storm (issue 28): the best schedule that honours every Retry-After, simulated on
// the sandbox's own seeded stream. Each generate call draws the stream in time order; a 429 costs its proofread the
// Retry-After; an accepted call renders for renderMs in one of `concurrency` slots. Two policies: a proofread waiting
// out its Retry-After keeps its slot (`held`), or gives it to the next proofread meanwhile (`freed`, retries first).
// Run: node bench/storm-floor.ts  (prints the floor per seed and the median, in seconds, without start-up or polling).
import { seededRandom } from '../sandbox/heygen-sandbox.ts'

export interface FloorScene {
  proofreads: number
  concurrency: number
  renderMs: number
  retryAfterMs: number
  storm: number
  seed: number
}

/** The makespan (ms) of the best schedule under one policy. */
export function stormFloor(scene: FloorScene, freed: boolean): number {
  const random = seededRandom(scene.seed)
  // ready[i]: when proofread i may next try (undefined: done or rendering); ends: render ends holding a slot.
  const ready: Array<number | undefined> = Array.from({ length: scene.proofreads }, () => 0)
  const tried = new Array<boolean>(scene.proofreads).fill(false)
  let ends: number[] = []
  /** Slots held by proofreads waiting out a Retry-After (policy `held` only). */
  const waitingHeld = new Set<number>()
  let now = 0
  let makespan = 0
  for (;;) {
    ends = ends.filter((end) => end > now)
    const busy = ends.length + waitingHeld.size
    // Proofreads that may try now: retries first (the unluckiest run decides the makespan), then new ones in order.
    const due = ready
      .map((at, i) => ({ at, i }))
      .filter((p): p is { at: number; i: number } => p.at !== undefined && p.at <= now)
      .sort((a, b) => Number(tried[b.i]) - Number(tried[a.i]) || a.at - b.at || a.i - b.i)
    let free = scene.concurrency - busy
    let progressed = false
    for (const { i } of due) {
      const holds = waitingHeld.has(i)
      if (!holds && free <= 0) continue
      if (!holds) free--
      waitingHeld.delete(i)
      tried[i] = true
      progressed = true
      if (random() < scene.storm) {
        ready[i] = now + scene.retryAfterMs
        if (freed) free++
        else waitingHeld.add(i)
      } else {
        ready[i] = undefined
        ends.push(now + scene.renderMs)
        makespan = Math.max(makespan, now + scene.renderMs)
      }
    }
    if (progressed) continue
    const next = Math.min(...ends, ...ready.filter((at): at is number => at !== undefined && at > now))
    if (!Number.isFinite(next)) return makespan
    now = next
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const storm of [0.3, 0.6]) {
    for (const freed of [false, true]) {
      const times = Array.from({ length: 10 }, (_, s) =>
        stormFloor({ proofreads: 30, concurrency: 16, renderMs: 2000, retryAfterMs: 1000, storm, seed: s + 1 }, freed),
      )
      // Many seeds: the expected median, not ten seeds' luck.
      const many = Array.from({ length: 2000 }, (_, s) =>
        stormFloor({ proofreads: 30, concurrency: 16, renderMs: 2000, retryAfterMs: 1000, storm, seed: 1000 + s }, freed),
      )
      console.log(
        `storm ${storm * 100}% slot ${freed ? 'freed' : 'held '}: seeds 1-10 ${times.map((t) => t / 1000).join(' ')} s; median ${median(times) / 1000} s; over 2000 seeds median ${median(many) / 1000} s, mean ${(many.reduce((a, b) => a + b, 0) / many.length / 1000).toFixed(2)} s`,
      )
    }
  }
}
