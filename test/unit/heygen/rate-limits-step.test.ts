// The whole step, in-process, against the sandbox's rate limits: a token bucket (`rate-R` in the key) is paced, not
// hammered, and never over-spent; a seeded storm of random 429s teaches no false cap and never starts a second job.
// Bounds on time are generous and only prove the step ends; the assertions are about behaviour.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type Sandbox, startSandbox } from '../../../sandbox/heygen-sandbox.ts'
import { bucketAllows } from '../../../sandbox/rate-limiter.ts'
import { actionDefaults, parseOutputFile, runnerEnv } from '../../../sandbox/run-action.ts'
import type { StepTiming } from '../../../src/util/timing.ts'

interface StepRun {
  log: string
  outputs: Record<string, string>
  summary: string
  failed: boolean
}

let saved: NodeJS.ProcessEnv
// One folder for the file: @actions/core keeps the summary file's path of the first run for the next.
const dir = mkdtempSync(join(tmpdir(), 'rate-limits-'))
beforeEach(() => {
  saved = { ...process.env }
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir)
})
afterEach(() => {
  process.env = saved
  process.exitCode = undefined
  vi.restoreAllMocks()
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

/**
 * Runs the action's `run()` in this process as the runner would start it, with a fresh copy of every module, on the
 * given timing (production's unless a story shrinks its waits).
 */
async function runStep(inputs: Record<string, string>, timing?: Partial<StepTiming>): Promise<StepRun> {
  const workspace = join(dir, 'workspace')
  mkdirSync(workspace)
  const env = runnerEnv(dir, workspace, actionDefaults(), { inputs })
  for (const name of Object.keys(process.env)) if (/^(INPUT_|GITHUB_|RUNNER_)/.test(name)) delete process.env[name]
  Object.assign(process.env, env)
  let log = ''
  const quiet = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    log += String(chunk)
    return true
  })
  vi.resetModules()
  const { run } = await import('../../../src/main.ts')
  try {
    await run({ timing })
  } finally {
    quiet.mockRestore()
  }
  const failed = process.exitCode === 1
  process.exitCode = undefined
  return {
    log,
    outputs: parseOutputFile(readFileSync(env.GITHUB_OUTPUT ?? '', 'utf8')),
    summary: readFileSync(env.GITHUB_STEP_SUMMARY ?? '', 'utf8'),
    failed,
  }
}

/** Every proofread has exactly one job, and no generate call for it arrived after its job was created. */
function expectOneJobEach(sandbox: Sandbox, ids: readonly string[]): void {
  for (const id of ids) {
    const jobs = sandbox.jobs.filter((job) => job.proofreadId === id)
    expect(jobs, `jobs for ${id}`).toHaveLength(1)
    const later = sandbox.generateCalls(id).filter((request) => request.at > (jobs[0]?.createdAt ?? 0))
    expect(later, `generate calls for ${id} after its job existed`).toEqual([])
  }
}

/**
 * Retry-After (1 s) cut to 150 ms and the floor to 50 ms: the same refusals and the same decisions in a fraction of the
 * time (the stories are about what the step learns and sends, not about how long a second lasts). The pace's own
 * one-second window is production's: the bucket really is 10 a second.
 */
const SHRUNK_TIMING: Partial<StepTiming> = { minRetryMs: 50, maxRetryAfterMs: 150, backoffBaseMs: 50, backoffMaxMs: 150 }

describe('under a token bucket of 10 requests a second', () => {
  it('paces itself: the bucket is never over-spent, few requests are refused, every proofread gets one job', async () => {
    const sandbox = await startSandbox()
    try {
      const key = 'sk-test-rate-10-Qm4x'
      // 16 proofreads: 32 calls against a burst of 10, enough to learn the pace (unpaced, the quick retries are refused
      // about three times as often as let through; paced, a few times in all), in about 2.5 s of refill.
      const ids = Array.from({ length: 16 }, (_, i) => `bucket-${i + 1}`)
      const started = Date.now()
      const run = await runStep(
        { api_key: key, base_url: sandbox.url, api_version: 'v3', proofread_id: ids.join(','), max_concurrency: '12' },
        SHRUNK_TIMING,
      )
      const wall = Date.now() - started

      expect(run.failed, run.log).toBe(false)
      expectOneJobEach(sandbox, ids)
      const { granted, refused } = sandbox.rateLog(key)
      // A preflight call and a generate call per proofread went through the bucket, besides the account's balance reads.
      expect(granted.length).toBeGreaterThanOrEqual(2 * ids.length)
      expect(granted.length).toBeLessThanOrEqual(2 * ids.length + sandbox.accountRequests.length)
      for (const at of granted) expect(granted.filter((t) => t >= at && t < at + 1000).length).toBeLessThanOrEqual(bucketAllows(10, 1000))
      // Paced, not hammered: refusals are a fraction of what got through (unpaced, they outnumber it several times).
      expect(refused, `${refused} refused, ${granted.length} let through`).toBeLessThan(granted.length / 2)
      expect(run.log).not.toContain('renders at once')
      expect(wall).toBeLessThan(30_000)
    } finally {
      await sandbox.close()
    }
  }, 40_000)
})

describe('under a seeded storm of random 429s on 40% of generate and preflight calls', () => {
  it('learns no false cap, starts one job per proofread, and ends', async () => {
    // Renders of 400 ms, polled every 0.1 s: seven or eight still overlap (eight at 1 s) while the storm refuses the next calls
    // (a step that took those 429s for a plan cap says so: checked with CAP_EVIDENCE cut to 1 and CAP_SETTLED to 2).
    const sandbox = await startSandbox({ rateLimitStorm: 0.4, stormSeed: 7, renderMs: 400 })
    try {
      const ids = Array.from({ length: 16 }, (_, i) => `storm-run-${i + 1}`)
      const started = Date.now()
      const run = await runStep(
        {
          api_key: 'sk-test-Storm-7x',
          base_url: sandbox.url,
          api_version: 'v3',
          proofread_id: ids.join(','),
          max_concurrency: '8',
          wait: 'true',
          poll_interval: '0.1',
        },
        SHRUNK_TIMING,
      )
      const wall = Date.now() - started

      expect(run.failed, run.log).toBe(false)
      expectOneJobEach(sandbox, ids)
      expect(run.outputs.status?.split('\n')).toEqual(ids.map(() => 'success'))
      // The storm really hit: more generate calls than proofreads, and yet no cap was announced.
      expect(sandbox.generateCalls().length).toBeGreaterThan(ids.length)
      expect(run.log).not.toContain('renders at once')
      expect(run.summary).not.toContain('renders at once')
      expect(wall).toBeLessThan(30_000)
    } finally {
      await sandbox.close()
    }
  }, 40_000)
})
