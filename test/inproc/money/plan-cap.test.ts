// In-process, on the shrunk timing (Retry-After cut to 50 ms, so renders of 0.45 s outlast six attempts): a batch
// that fits the customer's plan. A 429 is "not yet", never "give up": above the plan's cap the
// step waits for one of its renders to end, under a storm of 429s it keeps going until its deadline, and no proofread is
// ever sent again once it has a job. The video_translate_id output, written early, grows linearly.
import { statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Sandbox } from '../../../sandbox/heygen-sandbox.ts'
import { annotations, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Cp4N-8r2s-Qw'
// Every wait of the capped story halved from FAST (render, Retry-After, poll), so the twelve renders take half the
// time with the same proportions: renders of 0.45 s still outlast the six attempts (five Retry-After waits, cut to
// 50 ms) the action used to give a 429.
const RENDER_MS = 450
const RETRY_AFTER_MS = 50
const capped = useSandbox({
  key: KEY,
  inputs: { api_version: 'v3', poll_interval: '0.025' },
  sandbox: { planCap: 2, renderMs: RENDER_MS },
  timing: { maxRetryAfterMs: RETRY_AFTER_MS },
  // On the wall's clock: a faster one stretches the step's own work, and the bound of 1.5x six renders already holds
  // each turn's poll and Retry-After of latency (6 × 75 ms); at 1.5 times it failed on a loaded machine.
})
const stormy = useSandbox({ key: KEY, inputs: { api_version: 'v3' }, sandbox: { rateLimitStorm: 0.5, stormSeed: 19 } })
const plain = useSandbox({ key: KEY, inputs: { api_version: 'v3' } })

/** Every proofread has exactly one job, and no generate call for it arrived after its job was created. */
function expectOneJobEach(sandbox: Sandbox, ids: readonly string[]): void {
  for (const id of ids) {
    const jobs = sandbox.jobs.filter((job) => job.proofreadId === id)
    expect(jobs, `jobs for ${id}`).toHaveLength(1)
    const created = jobs[0]?.createdAt ?? 0
    const later = sandbox.generateCalls(id).filter((request) => request.at > created)
    expect(later, `generate calls for ${id} after its job existed`).toEqual([])
  }
}

describe('a batch on a plan that renders 2 at once, with max_concurrency 4', () => {
  it('renders all 12, one job each, two at a time, within 1.5x of six renders; says once what it learnt', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `render-turn-${i + 1}`)
    const run = await capped.act({ proofread_id: ids.join('\n'), max_concurrency: '4', wait: 'true' }, { timeoutMs: 120_000 })

    expect(run.code, run.log).toBe(0)
    expect(run.outputs.status?.split('\n')).toEqual(ids.map(() => 'success'))
    expectOneJobEach(capped.sandbox, ids)
    // Never more than two jobs rendering at once.
    const starts = capped.sandbox.jobs.map((job) => job.createdAt).sort((a, b) => a - b)
    for (let i = 2; i < starts.length; i++) expect(starts[i]! - starts[i - 2]!).toBeGreaterThanOrEqual(RENDER_MS - 50)
    const ideal = Math.ceil(12 / 2) * RENDER_MS
    expect(run.durationMs).toBeLessThan(1.5 * ideal)
    const learnt = run.log.split('\n').filter((line) => line.includes('renders at once for this key'))
    expect(learnt).toEqual(['HeyGen accepted 2 renders at once for this key; the others wait their turn'])
    expect(run.summary).toContain('HeyGen accepted 2 renders at once for this key')
    // Held back, the step stops hammering: one probe per Retry-After (50 ms here, 1 s in production) while it
    // learns, one per five once settled, not one per Retry-After per waiting proofread.
    // Counted against the run's own length (a loaded machine stretches it, and the probes with it): the ten refusals
    // that settle the cap, then one probe per five Retry-Afters. One per Retry-After would be about four times as many.
    const generates = capped.sandbox.generateCalls().length
    expect(generates - 12).toBeLessThanOrEqual(10 + Math.ceil(run.durationMs / (5 * RETRY_AFTER_MS)))
  }, 120_000)
})

describe('a storm of 429s on half the calls', () => {
  it('50 proofreads, preflight included: all 50 start, one job each, nothing given up', async () => {
    // One of them draws eight 429s in a row on its generate call (a six-attempt rule gave up there).
    const ids = [...Array.from({ length: 49 }, (_, i) => `gale-${i + 1}`), 'gale-unlucky-limit-8']
    // Its time goes in the request pace's one-second windows (src/heygen/request-pace.ts): on a clock ten times faster
    // (faster-clock.ts). What it checks is counts, not time: the 429s fall by the storm's seed, not by the clock.
    const run = await stormy.act({ proofread_id: ids.join(','), max_concurrency: '8' }, { timeoutMs: 170_000, clockRate: 10 })

    expect(run.code, run.log).toBe(0)
    expectOneJobEach(stormy.sandbox, ids)
    expect(run.outputs.video_translate_id?.split('\n')).toEqual(ids.map((id) => stormy.sandbox.jobs.find((job) => job.proofreadId === id)?.id))
    expect(annotations(run.stdout, 'error')).toEqual([])
    // The storm really hit both the free preflight and the paid call.
    expect(stormy.sandbox.detailCalls().length).toBeGreaterThan(50)
    expect(stormy.sandbox.generateCalls().length).toBeGreaterThan(50)
  }, 180_000)
})

describe('the video_translate_id output while jobs start', () => {
  it('1000 proofreads: GITHUB_OUTPUT stays under 4x its final values', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `many-${String(i + 1).padStart(4, '0')}`)
    // No preflight: its thousand free GETs would double the step's work and write no output.
    const run = await plain.act({ proofread_id: ids.join('\n'), max_concurrency: '32', preflight: 'false' }, { timeoutMs: 120_000 })

    expect(run.code, run.log).toBe(0)
    expect(plain.sandbox.jobs).toHaveLength(1000)
    const finalValues = Object.entries(run.outputs).reduce((sum, [name, value]) => sum + name.length + value.length, 0)
    const written = statSync(run.outputFile).size
    expect(written).toBeLessThan(4 * finalValues)
    expect(run.outputs.video_translate_id?.split('\n')).toHaveLength(1000)
  }, 130_000)
})
