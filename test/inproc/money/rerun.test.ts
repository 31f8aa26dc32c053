// End to end, api_version auto across the attempts of one workflow run (issue 17 point 3): a re-run attempt goes where
// the Idempotency-Key of an earlier attempt replays (v3), so a proofread never gets a second job from a v3 attempt;
// and a generate answer that carries a job id, whatever its HTTP status, is a job that may exist.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { annotations, errorOf, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Rr17-Attempt-k3'
// On a clock five times faster (faster-clock.ts): the retries' backoff and the polls keep their proportions.
const { sandbox, act } = useSandbox({ key: KEY, inputs: { poll_interval: '0.05' }, clockRate: 5 })

const generateCalls = (version: 'v2' | 'v3') => sandbox.generateCalls().filter((r) => r.path.startsWith(`/${version}/`))
const attempt = (n: number) => ({ env: { GITHUB_RUN_ATTEMPT: String(n) } })

describe('api_version auto across re-run attempts of one workflow run', () => {
  it('attempt 1: v2 gone, v3 answers 500 six times (a job may exist); attempt 2 with v2 live replays on v3: one job, never a v2 one', async () => {
    const id = 'launch-paid-then-500-6-es'
    sandbox.setV2Retired(404)
    const first = await act({ proofread_id: id }, attempt(1))
    expect(first.code).toBe(1)
    expect(errorOf(first)).toContain('re-running this workflow run sends that key again')
    expect(generateCalls('v3')).toHaveLength(6)
    expect(sandbox.jobs).toHaveLength(1)
    const key = generateCalls('v3')[0]!.headers['idempotency-key']

    sandbox.setV2Retired(undefined)
    const before = sandbox.generateCalls().length
    const second = await act({ proofread_id: id }, attempt(2))
    expect(second.code, second.log).toBe(0)
    const calls = sandbox.generateCalls().slice(before)
    expect(calls.map((call) => call.path.split('/')[1])).toEqual(['v3'])
    expect(calls[0]!.headers['idempotency-key']).toBe(key)
    expect(sandbox.jobs).toHaveLength(1)
    expect(second.outputs.video_translate_id).toBe(sandbox.jobs[0]!.id)
    expect(annotations(second.stdout, 'notice').join('\n')).toMatch(/attempt 2 .* v3 first/)
  })

  it('v2 gone in both attempts: attempt 2 goes straight to v3 and replays: one job', async () => {
    const id = 'gone-paid-then-500-6-fr'
    sandbox.setV2Retired(410)
    expect((await act({ proofread_id: id }, attempt(1))).code).toBe(1)
    const before = sandbox.generateCalls().length
    const second = await act({ proofread_id: id }, attempt(2))
    expect(second.code, second.log).toBe(0)
    expect(
      sandbox
        .generateCalls()
        .slice(before)
        .map((call) => call.path.split('/')[1]),
    ).toEqual(['v3'])
    expect(sandbox.jobs).toHaveLength(1)
  })

  it('v2 live in attempt 1 (a v2 job: v2 has no idempotency): attempt 2 sends one call, on v3; the second job is the one the README warns of', async () => {
    const id = 'live-de'
    const first = await act({ proofread_id: id, wait: 'false' }, attempt(1))
    expect(first.code, first.log).toBe(0)
    expect(sandbox.jobs.map((job) => job.version)).toEqual(['v2'])
    const second = await act({ proofread_id: id, wait: 'false' }, attempt(2))
    expect(second.code, second.log).toBe(0)
    expect(generateCalls('v2')).toHaveLength(1)
    expect(generateCalls('v3')).toHaveLength(1)
    // Unavoidable: nothing of attempt 1's v2 job reaches attempt 2. The README says so, and how to resume instead.
    expect(sandbox.jobs.map((job) => job.version)).toEqual(['v2', 'v3'])
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ')
    expect(readme).toContain('A re-run attempt cannot know of a job that an earlier attempt started on v2')
  })

  it('attempt 1 under auto is unchanged: v2 first, as the product specifies', async () => {
    const run = await act({ proofread_id: 'first-es', wait: 'false' }, attempt(1))
    expect(run.code, run.log).toBe(0)
    expect(generateCalls('v2')).toHaveLength(1)
    expect(generateCalls('v3')).toEqual([])
  })

  it('a dry run of attempt 2 says it would send v3 first', async () => {
    const run = await act({ proofread_id: 'dry-es', dry_run: 'true' }, attempt(2))
    expect(run.code, run.log).toBe(0)
    expect(run.stdout).toMatch(/would send POST \S+\/v3\/video-translations\/proofreads\/dry-es\/generate/)
  })
})

describe('a generate answer that carries a job id is a job that may exist, whatever its HTTP status', () => {
  it.each([
    ['v2 500', 'auto', 'boom-status-500-with-id-es', 'v2'],
    ['v2 410 (not "gone": it names a job)', 'auto', 'odd-status-410-with-id-es', 'v2'],
    ['v3 422', 'v3', 'odd-status-422-with-id-es', 'v3'],
  ])('%s: the id is an output, the error has the resume block, and nothing is sent to another version', async (_what, version, id, used) => {
    const run = await act({ proofread_id: id, api_version: version, preflight: 'false' })
    expect(run.code).toBe(1)
    expect(sandbox.jobs).toHaveLength(1)
    const job = sandbox.jobs[0]!
    expect(job.version).toBe(used)
    expect(sandbox.generateCalls()).toHaveLength(1)
    expect(run.outputs.video_translate_id).toBe(job.id)
    const error = errorOf(run)
    expect(error).toContain(`video_translate_id ${job.id}`)
    expect(error).toContain(`    video_translate_id: ${job.id}`)
  })
})
