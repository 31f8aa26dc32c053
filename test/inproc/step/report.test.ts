// End to end: what the user reads at the end is true and lines up. Every per-proofread output holds one line per
// proofread, in input order; `results` stays under 1 MiB however many proofreads and however long HeyGen's texts.
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { runInProcess } from '../run-in-process.ts'
import { FAST } from '../timing.ts'
import { errorOf, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Rp4W-19ce-Lq'
// On a clock five times faster (faster-clock.ts): polls, Retry-After and the deadline keep their proportions.
const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.05' }, clockRate: 5 })

/** Every output action.yml declares, but `results` (one JSON array), `release_assets` (one line per asset) and `spent` (one for the step): each is one line per proofread. */
const PER_PROOFREAD = Object.keys(
  (parse(readFileSync(new URL('../../../action.yml', import.meta.url), 'utf8')) as { outputs: object }).outputs,
).filter((name) => name !== 'results' && name !== 'release_assets' && name !== 'spent')

describe('per-proofread outputs line up', () => {
  it('three proofreads, the first and last failing: every per-proofread output has three lines, in input order', async () => {
    const ids = ['rel-render-fails-es', 'rel-fr', 'rel-status-402-de']
    const workspace = tempDir('heygen-e2e-report-')
    const run = await act(
      { api_version: 'v3', proofread_id: ids.join('\n'), captions: 'true', translate_audio_only: 'true', download_path: 'videos/' },
      { workspace },
    )
    expect(run.code).toBe(1)
    expect(PER_PROOFREAD).toHaveLength(11)
    for (const name of PER_PROOFREAD) expect(run.outputs[name]?.split('\n'), `output ${name}`).toHaveLength(3)
    const line = (name: string) => run.outputs[name]?.split('\n') ?? []
    const rendered = sandbox.jobs.find((job) => job.proofreadId === 'rel-fr')!
    const failed = sandbox.jobs.find((job) => job.proofreadId === 'rel-render-fails-es')!
    expect(line('video_translate_id')).toEqual([failed.id, rendered.id, ''])
    expect(line('status')).toEqual(['failed', 'success', 'failed'])
    expect(line('output_language')).toEqual(['Spanish (Spain)', 'French (France)', 'German (Germany)'])
    expect(line('language_code')).toEqual(['es-ES', 'fr-FR', 'de-DE'])
    // Only the proofread that rendered has links and files: an empty line for the others.
    for (const name of ['video_url', 'caption_url', 'audio_url', 'video_path', 'caption_path', 'audio_path']) {
      expect(line(name)[0], name).toBe('')
      expect(line(name)[1], name).not.toBe('')
      expect(line(name)[2], name).toBe('')
    }
    // Why each one failed, on its own line; nothing for the one that went well.
    expect(line('message')).toEqual(['Lip sync failed: no face detected in segment 3', '', expect.stringContaining('HTTP 402')])
    const results = JSON.parse(run.outputs.results ?? '[]') as Array<{ proofread_id: string }>
    expect(results.map((r) => r.proofread_id)).toEqual(ids)
  })

  it('one proofread that went well: every per-proofread output is one line, message empty', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'solo-es', wait: 'true' })
    expect(run.code, run.log).toBe(0)
    for (const name of PER_PROOFREAD) expect(run.outputs[name], `output ${name}`).not.toContain('\n')
    expect(run.outputs.message).toBe('')
    expect(run.outputs.status).toBe('success')
  })
})

describe('the results output stays under 1 MiB', () => {
  it('200 proofreads whose language and failure message are each 3,000 characters: results is valid JSON, one object each', async () => {
    const long = (letter: string) => `${letter}${'x'.repeat(2999)}`
    let jobs = 0
    // A HeyGen of its own: every proofread ready with a long language, every render failing with a long message.
    const server = createServer((req, res) => {
      const path = req.url ?? ''
      res.setHeader('content-type', 'application/json')
      req.resume()
      if (req.method === 'GET' && path.startsWith('/v3/video-translations/proofreads/')) {
        res.end(JSON.stringify({ data: { id: path.split('/')[4], status: 'completed', output_language: long('L') } }))
      } else if (req.method === 'POST') {
        res.end(JSON.stringify({ data: { video_translation_id: `vt${++jobs}`, status: 'processing' } }))
      } else {
        res.end(JSON.stringify({ data: { id: path.split('/')[3], status: 'failed', failure_message: long('M') } }))
      }
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    try {
      const ids = Array.from({ length: 200 }, (_, i) => `p${String(i).padStart(3, '0')}`)
      const run = await runInProcess(
        {
          inputs: {
            api_key: KEY,
            base_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
            api_version: 'v3',
            proofread_id: ids.join(','),
            wait: 'true',
            poll_interval: '0.05',
            max_concurrency: '64',
          },
        },
        FAST,
      )
      expect(run.code).toBe(1)
      expect(jobs).toBe(200)
      const results = run.outputs.results ?? ''
      expect(Buffer.byteLength(results)).toBeLessThan(1024 * 1024)
      const parsed = JSON.parse(results) as Array<{ proofread_id: string; status: string; trimmed?: boolean; message?: string }>
      expect(parsed.map((r) => r.proofread_id)).toEqual(ids)
      expect(parsed.every((r) => r.status === 'failed' && r.trimmed === true)).toBe(true)
      // The full texts would not fit: cut, saying so.
      expect(parsed[0]?.message).toMatch(/^Mx+\.\.\. \(\d+ more characters\)$/)
      expect(run.outputs.message?.split('\n')).toHaveLength(200)
      expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
    } finally {
      server.close()
    }
  }, 150_000)
})

describe('what the run cost, at the end of the log and in the summary', () => {
  /** The one line that says what the run cost, as the log shows it; the summary says the same. */
  function spent(run: { stdout: string; summary: string }): string {
    const lines = run.stdout.split('\n').filter((line) => /^(Spent|Dry run): \d+ paid generate call/.test(line))
    expect(lines, run.stdout).toHaveLength(1)
    expect(run.summary).toContain(lines[0])
    return lines[0] ?? ''
  }

  it('counts every generate request sent, retries included, and the jobs still rendering (v3, a 500 twice, no wait)', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'cost-flaky-2-es,cost-fr' })
    expect(run.code, run.log).toBe(0)
    expect(sandbox.generateCalls()).toHaveLength(4)
    expect(spent(run)).toBe(
      'Spent: 4 paid generate calls sent (retries included), 2 new jobs started, 0 replays of an earlier call (same Idempotency-Key, not billed again), 0 proofreads held back by the preflight, 2 jobs still rendering at HeyGen.',
    )
  })

  it('a 429 and a retired v2 route started nothing: they are not counted as paid calls', async () => {
    sandbox.setV2Retired(410)
    const run = await act({ api_version: 'auto', proofread_id: 'cost-limit-2-es' })
    expect(run.code, run.log).toBe(0)
    // v2 answered 410, v3 answered 429 twice, then started the job: one call that may have spent credits.
    expect(sandbox.generateCalls().map((call) => call.path.split('/')[1])).toEqual(['v2', 'v3', 'v3', 'v3'])
    expect(spent(run)).toMatch(/^Spent: 1 paid generate call sent \(retries included\), 1 new job started,/)
  })

  it('a re-run of the same workflow run: HeyGen replays the first answer, counted as a replay, not a new job', async () => {
    await act({ api_version: 'v3', proofread_id: 'cost-again-es' })
    const again = await act({ api_version: 'v3', proofread_id: 'cost-again-es' }, { env: { GITHUB_RUN_ATTEMPT: '2' } })
    expect(again.code, again.log).toBe(0)
    expect(sandbox.jobs).toHaveLength(1)
    expect(spent(again)).toMatch(/^Spent: 1 paid generate call sent \(retries included\), 0 new jobs started, 1 replay of an earlier call/)
  })

  it('one proofread not ready: nothing sent, every proofread held back by the preflight', async () => {
    const run = await act({ proofread_id: 'cost-es\ncost-proofread-processing-fr\ncost-de' })
    expect(run.code).toBe(1)
    expect(sandbox.generateCalls()).toEqual([])
    expect(spent(run)).toMatch(
      /^Spent: 0 paid generate calls sent .*, 0 new jobs started, 0 replays .*, 3 proofreads held back by the preflight, 0 jobs still rendering/,
    )
  })

  it('after waiting: only the job that timed out is still rendering', async () => {
    // Twice as fast, not five times: both jobs must start, and one finish, before the deadline, on the machine's own work
    // stretched with the clock.
    const run = await act({ api_version: 'v3', proofread_id: 'cost-es,cost-never-finishes-fr', wait: 'true', wait_timeout: '1' }, { clockRate: 2 })
    expect(run.code).toBe(1)
    expect(spent(run)).toMatch(/^Spent: 2 paid generate calls sent .*, 2 new jobs started, .*, 1 job still rendering at HeyGen\.$/)
  })
})

describe('a dry run says only what a real run would do', () => {
  it('a proofread the preflight refuses is never "would send": no generate line at all, and the error names it', async () => {
    const run = await act({ proofread_id: 'dry-es\ndry-proofread-processing-fr', dry_run: 'true' })
    expect(run.code).toBe(1)
    expect(sandbox.generateCalls()).toEqual([])
    expect(run.stdout).not.toContain('would send POST')
    expect(run.stdout).toContain(
      'Dry run: a real run would send no generate call: the preflight holds every proofread back, because 1 of 2 cannot go ahead (dry-proofread-processing-fr).',
    )
    expect(errorOf(run)).toBe(
      'Dry run: a real run would generate nothing and spend no credits, because 1 of 2 proofreads cannot go ahead:\n- dry-proofread-processing-fr: not ready yet: HeyGen is still processing the proofread',
    )
    // Exactly what it sent: the free preflight GETs, one per proofread.
    expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v3/video-translations/proofreads/dry-es',
      'GET /v3/video-translations/proofreads/dry-proofread-processing-fr',
    ])
    expect(run.summary).toContain('Dry run: no generate call was sent and no credits were spent; only the free preflight')
  })

  it('with a single id, the error names the proofread', async () => {
    const run = await act({ proofread_id: 'lone-proofread-processing-es', dry_run: 'true' })
    expect(run.code).toBe(1)
    expect(errorOf(run)).toContain('- lone-proofread-processing-es: not ready yet')
    const real = await act({ proofread_id: 'lone-proofread-failed-es' })
    expect(errorOf(real)).toContain('- lone-proofread-failed-es: HeyGen could not prepare it')
  })

  it('with a single id, a failed download names its job', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'solo-truncate-es', download_path: 'out/' })
    expect(run.code).toBe(1)
    expect(errorOf(run)).toMatch(new RegExp(`^the download of ${sandbox.jobs[0]?.id}\\.mp4 failed`))
  })

  it('all ready: one "would send" per proofread, and only the preflight GETs went out', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'dry-es,dry-fr', dry_run: 'true' })
    expect(run.code, run.log).toBe(0)
    expect(run.stdout.match(/Dry run: would send POST/g)).toHaveLength(2)
    expect(sandbox.requests.every((r) => r.method === 'GET' && r.path.startsWith('/v3/video-translations/proofreads/'))).toBe(true)
    expect(sandbox.requests).toHaveLength(2)
  })
})

describe('the collision of two file names is said once, with advice that fits', () => {
  it('AbC-es and abc-es with {proofread_id}: advises {video_translate_id}, says "nothing was generated" once', async () => {
    const run = await act({ proofread_id: 'AbC-es\nabc-es\nthird-fr', download_path: 'out/{proofread_id}.mp4' })
    expect(run.code).toBe(1)
    const error = errorOf(run)
    expect(error.split('Nothing was generated and no credits were spent')).toHaveLength(2)
    // All three held back, as the cost line counts them (issue 27), because two cannot go ahead.
    expect(error).toContain('all 3 proofreads held back, because 2 of 3 cannot go ahead')
    expect(error).toContain('differ only in letter case')
    expect(error).toContain('add {video_translate_id}')
    expect(error).not.toContain('add {proofread_id}')
    expect(sandbox.generateCalls()).toEqual([])
  })
})

describe('resuming a job that does not exist', () => {
  it('under auto says it was looked up on both versions, and never "Resuming … on v2"', async () => {
    const run = await act({ video_translate_id: 'vt-nowhere-1' })
    expect(run.code).toBe(1)
    expect(run.stdout).not.toContain('Resuming')
    expect(errorOf(run)).toBe(
      'HeyGen knows no job with video_translate_id vt-nowhere-1: it was looked up on both versions, and v3 answered 404 and v2 404',
    )
    expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v3/video-translations/vt-nowhere-1',
      'GET /v2/video_translate/vt-nowhere-1',
    ])
  })
})

describe('the sandbox knows only its demo proofreads, as HeyGen knows only real ones', () => {
  it('a proofread link pasted as the id: refused as a link, naming the id at its end, and nothing is sent', async () => {
    const run = await act({ proofread_id: 'https://app.heygen.com/proofread/abc-es' })
    expect(run.code).toBe(1)
    expect(errorOf(run)).toContain('that is a link, not an id: use the id at its end (abc-es)')
    expect(sandbox.requests).toEqual([])
    expect(sandbox.jobs).toEqual([])
  })
})
