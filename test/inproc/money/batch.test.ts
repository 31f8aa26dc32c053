// In-process: several proofreads in one step (one per language): concurrency, input order, one failure
// not stopping the others, repeated ids refused, a 429 costing only its own call its Retry-After, per-id logs and files.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectedVideoSha256, type RecordedRequest } from '../../../sandbox/heygen-sandbox.ts'
import type { ActionRun } from '../../../sandbox/run-action.ts'
import { PRODUCTION_TIMING } from '../../../src/util/timing.js'
import { annotations, PINNED, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Bx7Q-3f1d-Zp'
const MIB = 1024 * 1024

// Each `act` also checks the key never leaks (harness.ts). On a clock three times faster (faster-clock.ts): the
// stories that bound a gap from above (four calls at once, a proofread not held by another's Retry-After) keep a
// margin of a tenth of a second of the wall's clock for the machine's own work, which the faster clock stretches.
const { sandbox, act } = useSandbox({ key: KEY, inputs: { poll_interval: '0.1', ...PINNED }, clockRate: 3 })
/** The sandbox's Retry-After is whole seconds: production's cap on it, so the 1 s asked for is waited out. */
const WHOLE_RETRY_AFTER = { timing: { maxRetryAfterMs: PRODUCTION_TIMING.maxRetryAfterMs } }
/** For the stories that bound no gap from above: a clock six times faster. */
const FASTER = { clockRate: 6 }

/** The sandbox job generated from a proofread (exactly one: nobody pays twice). */
function jobOf(proofreadId: string) {
  const jobs = sandbox.jobs.filter((job) => job.proofreadId === proofreadId)
  expect(jobs, `jobs for ${proofreadId}`).toHaveLength(1)
  return jobs[0]!
}

interface Result {
  proofread_id: string
  video_translate_id: string
  status: string
  video_path?: string
  error?: string
}

function results(run: ActionRun): Result[] {
  return JSON.parse(run.outputs.results ?? 'null') as Result[]
}

/** When the sandbox received each generate call for a proofread, in order. */
function generateTimes(proofreadId: string): number[] {
  return sandbox.generateCalls(proofreadId).map((request: RecordedRequest) => request.at)
}

describe('several proofreads in one step', () => {
  it('generates six languages four at a time, with outputs in input order', async () => {
    const ids = ['es', 'fr', 'de', 'it', 'pt', 'ja'].map((lang) => `release-slow-300-${lang}`)
    const run = await act({ proofread_id: ids.join('\n') })

    expect(run.code).toBe(0)
    expect(sandbox.jobs).toHaveLength(6)
    // Four at once: two rounds of 0.3 s, not six (serial) and not one (all at once). Read from when the
    // sandbox saw each call, not from the step's wall time, which a loaded machine stretches.
    const starts = sandbox.generateCalls().map((request) => request.at)
    expect(starts).toHaveLength(6)
    const first = Math.min(...starts)
    expect(starts.filter((at) => at < first + 270)).toHaveLength(4)
    expect(starts.filter((at) => at >= first + 285)).toHaveLength(2)

    expect(run.outputs.video_translate_id?.split('\n')).toEqual(ids.map((id) => jobOf(id).id))
    expect(run.outputs.status?.split('\n')).toEqual(ids.map(() => 'processing'))
    expect(results(run).map((r) => [r.proofread_id, r.video_translate_id])).toEqual(ids.map((id) => [id, jobOf(id).id]))
  })

  it('one unknown proofread does not stop the others; the step fails naming it and why', async () => {
    const ids = ['release-ok-es', 'release-gone-status-404-fr', 'release-ok-de']
    const run = await act({ proofread_id: ids.join(',') })

    expect(run.code).toBe(1)
    expect(sandbox.jobs.map((job) => job.proofreadId).sort()).toEqual(['release-ok-de', 'release-ok-es'])
    const errors = annotations(run.log, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('1 of 3')
    const line = errors[0]!.split('\n').find((l) => l.includes('release-gone-status-404-fr'))
    expect(line).toBeDefined()
    expect(line).toContain('404')
    expect(line).toContain('Proofread not found')
    expect(errors[0]).not.toContain('- release-ok-es')

    const listed = results(run)
    expect(listed.map((r) => r.proofread_id)).toEqual(ids)
    expect(listed[0]).toMatchObject({ video_translate_id: jobOf('release-ok-es').id, status: 'processing' })
    expect(listed[2]).toMatchObject({ video_translate_id: jobOf('release-ok-de').id, status: 'processing' })
    expect(listed[0]?.error).toBeUndefined()
    expect(listed[1]).toMatchObject({ video_translate_id: '', status: 'failed' })
    expect(listed[1]?.error).toContain('404')
  })

  it.each([
    ['comma-separated', 'release-dup-es,release-dup-fr,release-dup-es'],
    ['one per line', 'release-dup-es\nrelease-dup-fr\n  release-dup-es  \n'],
  ])('refuses a repeated proofread id (%s) before sending anything', async (_form, proofreadIds) => {
    const run = await act({ proofread_id: proofreadIds })

    expect(run.code).toBe(1)
    const errors = annotations(run.log, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('proofread_id')
    expect(errors[0]).toContain('"release-dup-es"')
    expect(errors[0]).not.toContain('"release-dup-fr"')
    expect(sandbox.requests).toEqual([])
    expect(sandbox.jobs).toEqual([])
  })

  it('a 429 answer: every proofread still succeeds and nothing new is sent before Retry-After', async () => {
    const ids = ['p1-limit-1', 'p2', 'p3', 'p4']
    const run = await act({ proofread_id: ids.join(','), max_concurrency: '4' }, WHOLE_RETRY_AFTER)

    expect(run.code).toBe(0)
    for (const id of ids) jobOf(id)
    const [limitedAt, retriedAt, ...more] = generateTimes('p1-limit-1')
    expect(more).toEqual([])
    // The sandbox's Retry-After is 1 s; allow 100 ms of clock slack.
    expect(retriedAt! - limitedAt!).toBeGreaterThanOrEqual(900)
    // p2..p4 were in flight with p1's first call; every other generate came after the pause.
    for (const id of ['p2', 'p3', 'p4']) expect(generateTimes(id)).toHaveLength(1)
    const inFlight = sandbox.generateCalls().filter((request) => request.at < limitedAt! + 500)
    expect(inFlight).toHaveLength(4)
    for (const request of sandbox.generateCalls()) {
      if (!inFlight.includes(request)) expect(request.at - limitedAt!).toBeGreaterThanOrEqual(900)
    }
    expect(annotations(run.log, 'warning').some((w) => w.startsWith('[p1-limit-1] ') && w.includes('429'))).toBe(true)
    expect(run.outputs.status?.split('\n')).toEqual(['processing', 'processing', 'processing', 'processing'])
  })

  it('a 429 costs only the call that got it its Retry-After, and its place serves the next proofread meanwhile', async () => {
    // q1 is limited at T and waits its own 1 s; a 429 started nothing, so q3 takes q1's place at once (not q2's, which
    // is busy for 300 ms), then q4, all inside q1's wait.
    const ids = ['q1-limit-1', 'q2-slow-300', 'q3', 'q4']
    const run = await act({ proofread_id: ids.join(','), max_concurrency: '2' }, WHOLE_RETRY_AFTER)

    expect(run.code, run.log).toBe(0)
    // One job each, and no generate call for a proofread after its job existed: nobody paid twice.
    for (const id of ids) {
      const created = jobOf(id).createdAt
      expect(
        generateTimes(id).filter((at) => at > created),
        id,
      ).toEqual([])
    }
    const [limitedAt, retriedAt, ...more] = generateTimes('q1-limit-1')
    expect(more).toEqual([])
    // q1 alone waited its Retry-After (1 s; 100 ms of clock slack)...
    expect(retriedAt! - limitedAt!).toBeGreaterThanOrEqual(900)
    expect(generateTimes('q2-slow-300')[0]! - limitedAt!).toBeLessThan(200)
    // ...while q3 and q4 were each sent once, as soon as a place was free, before q1's wait was over.
    for (const id of ['q2-slow-300', 'q3', 'q4']) expect(generateTimes(id), id).toHaveLength(1)
    const q3At = generateTimes('q3')[0]!
    expect(q3At - limitedAt!, "q3 waited for q2's place, as if q1's 429 held one").toBeLessThan(250)
    expect(generateTimes('q4')[0]!).toBeLessThan(retriedAt!)
    expect(run.outputs.status?.split('\n')).toEqual(ids.map(() => 'processing'))
  })

  it('waits for and downloads three languages into one folder, each video named by its id', async () => {
    const ids = ['release-batch-dl-es', 'release-batch-dl-fr', 'release-batch-dl-de']
    const run = await act({ proofread_id: ids.join('\n'), download_path: 'videos' }, FASTER)

    expect(run.code).toBe(0)
    const folder = join(run.workspace, 'videos')
    const expected = ids.map((id) => join(folder, `${jobOf(id).id}.mp4`))
    expect(run.outputs.video_path?.split('\n')).toEqual(expected)
    expect(run.outputs.status?.split('\n')).toEqual(['success', 'success', 'success'])
    expect(readdirSync(folder).sort()).toEqual(ids.map((id) => `${jobOf(id).id}.mp4`).sort())
    for (const id of ids) {
      const job = jobOf(id)
      const hash = createHash('sha256')
        .update(readFileSync(join(folder, `${job.id}.mp4`)))
        .digest('hex')
      expect(hash, id).toBe(expectedVideoSha256(job.id, MIB))
    }
  })

  it('prefixes each log line with its proofread id and gives the summary one row per proofread', async () => {
    const ids = ['release-log-es', 'release-log-fr', 'release-log-de']
    const run = await act({ proofread_id: ids.join(','), wait: 'true' }, FASTER)

    expect(run.code).toBe(0)
    const plain = run.log.split(/\r?\n/).filter((line) => line !== '' && !line.startsWith('::'))
    for (const id of ids) {
      const job = jobOf(id)
      expect(plain).toContain(`[${id}] Started video_translate_id ${job.id} from proofread ${id} (status: processing)`)
      expect(plain.some((line) => line.startsWith(`[${id}] Waiting for ${job.id}`))).toBe(true)
      expect(plain.some((line) => line.startsWith(`[${id}] ${job.id} succeeded`))).toBe(true)
      // Every line about this job carries its proofread id.
      const about = plain.filter((line) => line.includes(job.id))
      expect(about.length).toBeGreaterThanOrEqual(3)
      for (const line of about) expect(line.startsWith(`[${id}] `), line).toBe(true)
    }
    // A row per language (done), then the folded table of ids, a row per proofread there too (issue 27).
    const rows = run.summary.split('\n').filter((line) => line.startsWith('<tr><td>'))
    expect(rows).toHaveLength(6)
    expect(rows.slice(0, 3).every((row) => row.includes('✅ Done'))).toBe(true)
    ids.forEach((id, i) => {
      expect(rows[3 + i]).toContain(`<code>${id}</code>`)
      expect(rows[3 + i]).toContain(`<code>${jobOf(id).id}</code>`)
    })
  })

  it('v3: each proofread gets its own Idempotency-Key', async () => {
    const ids = ['release-v3-es', 'release-v3-fr', 'release-v3-de']
    const run = await act({ api_version: 'v3', proofread_id: ids.join(',') })

    expect(run.code).toBe(0)
    const keys = ids.map((id) => {
      const calls = sandbox.generateCalls(id)
      expect(calls, id).toHaveLength(1)
      const key = calls[0]!.headers['idempotency-key']
      expect(typeof key).toBe('string')
      expect(key).not.toBe('')
      expect(jobOf(id).idempotencyKey).toBe(key)
      return key
    })
    expect(new Set(keys).size).toBe(3)
  })

  it('max_concurrency: 1 sends one generate at a time, in input order', async () => {
    const delay = 150
    const ids = ['release-one-es', 'release-one-fr', 'release-one-de'].map((id) => `${id}-slow-${delay}`)
    const run = await act({ proofread_id: ids.join(','), max_concurrency: '1' }, FASTER)

    expect(run.code).toBe(0)
    const starts = ids.map((id) => generateTimes(id))
    for (const times of starts) expect(times).toHaveLength(1)
    // Each starts only after the previous one's answer, which the sandbox holds back for `delay` ms.
    for (let i = 1; i < ids.length; i++) expect(starts[i]![0]! - starts[i - 1]![0]!, ids[i]).toBeGreaterThanOrEqual(delay - 10)
    expect(run.outputs.video_translate_id?.split('\n')).toEqual(ids.map((id) => jobOf(id).id))
  })
})
