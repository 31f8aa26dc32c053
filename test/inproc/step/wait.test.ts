// End to end: the bundled action waits for a HeyGen job, times out resumably, survives outages,
// resumes an existing job, stops on cancel and finds captions, against the local HeyGen sandbox.
import { describe, expect, it } from 'vitest'
import { generateJob } from '../../helpers/sandbox-client.ts'
import { annotations, PINNED, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Wt4K-91b2-Lq'
const RENDER_FAILURE = 'Lip sync failed: no face detected in segment 3'

// Each `act` also checks the key never leaks (harness.ts).
// On a clock five times faster (faster-clock.ts): the polls and renders keep their proportions, the waits shrink.
const { sandbox, act } = useSandbox({ key: KEY, inputs: { poll_interval: '0.05', ...PINNED }, clockRate: 5 })

const statusPath = (version: 'v2' | 'v3', id: string): string => (version === 'v2' ? `/v2/video_translate/${id}` : `/v3/video-translations/${id}`)

function statusCalls(version: 'v2' | 'v3', id: string) {
  return sandbox.requests.filter((request) => request.method === 'GET' && request.path === statusPath(version, id))
}

function onlyJob() {
  expect(sandbox.jobs).toHaveLength(1)
  return sandbox.jobs[0]!
}

describe('waiting for the video (wait: true)', () => {
  it.each(['v2', 'v3'] as const)(
    '%s: a release job waits until the video is ready and reports success, the link and the summary',
    async (version) => {
      const run = await act({ api_version: version, proofread_id: `release-wait-${version}-es`, wait: 'true' })

      expect(run.code).toBe(0)
      const job = onlyJob()
      expect(run.outputs.video_translate_id).toBe(job.id)
      // v3 says `completed`: reported as `success`, the same word as v2.
      expect(run.outputs.status).toBe('success')
      expect(run.outputs.video_url).toMatch(new RegExp(`^${sandbox.fileUrl}/videos/${job.id}\\.mp4\\?sig=\\d+$`))

      // The version's own status route, polled until done (pending, running, done), and nothing else.
      const other = version === 'v2' ? 'v3' : 'v2'
      expect(statusCalls(version, job.id)).toHaveLength(3)
      expect(sandbox.requests.filter((request) => request.path.startsWith(`/${other}/`))).toEqual([])
      expect(sandbox.requests.map((request) => request.method)).toEqual(['POST', 'GET', 'GET', 'GET'])

      expect(run.summary).toContain('✅ 1 done')
      expect(run.summary).toMatch(/1 language in \d+(\.\d)?s/)
      // The step timed the job's phases: the summary draws them (issue 27), and `results` does not carry them.
      expect(run.summary).toContain('```mermaid\ngantt')
      expect(run.outputs.results).not.toContain('timings')
      // The link's text names the video's length when HeyGen gave it (`video (43s)`).
      expect(run.summary).toMatch(new RegExp(`<a href="${run.outputs.video_url?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}">video( \\(\\d+s\\))?</a>`))
      expect(run.summary).toContain('expire after 7 days')
    },
  )

  it('a render that fails at HeyGen fails the step with HeyGen’s own message', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'release-render-fails-es', wait: 'true' })

    expect(run.code).toBe(1)
    const job = onlyJob()
    expect(run.outputs.status).toBe('failed')
    expect(run.outputs.message).toBe(RENDER_FAILURE)
    expect(run.outputs.video_translate_id).toBe(job.id)
    expect(run.outputs.video_url).toBe('')
    const [error] = annotations(run.log, 'error')
    expect(error).toContain(RENDER_FAILURE)
    expect(error).toContain(job.id)
    expect(run.summary).toContain(RENDER_FAILURE)
  })

  it('a job that never finishes times out with the id, the last status and a ready-to-paste resume block', async () => {
    // Twice as fast, not five times: the job must start before the deadline, on the machine's own work stretched with it.
    const run = await act({ proofread_id: 'release-never-finishes-es', wait: 'true', wait_timeout: '0.5', poll_interval: '0.1' }, { clockRate: 2 })

    expect(run.code).toBe(1)
    // wait_timeout is 0.5 s: it neither gives up early nor hangs on.
    expect(run.durationMs).toBeGreaterThanOrEqual(500)
    expect(run.durationMs).toBeLessThan(7000)
    const job = onlyJob()
    expect(run.outputs.video_translate_id).toBe(job.id)
    expect(run.outputs.status).toBe('running')

    const errors = annotations(run.log, 'error')
    expect(errors).toHaveLength(1)
    const error = errors[0]!
    expect(error).toContain(job.id)
    expect(error).toContain('still running at HeyGen')
    expect(error).toContain('billed once')
    // The `with:` block pastes as is into a workflow to resume this very job.
    const lines = error.split('\n')
    const withAt = lines.indexOf('  with:')
    expect(withAt).toBeGreaterThan(-1)
    expect(lines.slice(withAt + 1)).toContain(`    video_translate_id: ${job.id}`)
    expect(lines.slice(withAt + 1)).toContain('    api_version: v2')
  })

  it('polls no faster than poll_interval', async () => {
    // Only twice as fast: a faster clock would stretch each poll's own work and leave too few polls to count.
    const run = await act({ proofread_id: 'release-never-finishes-fr', wait: 'true', wait_timeout: '0.6', poll_interval: '0.1' }, { clockRate: 2 })

    expect(run.code).toBe(1)
    const calls = statusCalls('v2', onlyJob().id)
    // 0.6 s / 0.1 s = 6, plus the first call and one at the deadline.
    expect(calls.length).toBeLessThanOrEqual(6 + 2)
    expect(calls.length).toBeGreaterThanOrEqual(4)
    // Every gap is a full poll_interval, except the last one, which ends at the deadline.
    for (let i = 1; i < calls.length - 1; i++) expect(calls[i]!.at - calls[i - 1]!.at, `gap before status call ${i + 1}`).toBeGreaterThanOrEqual(95)
  })

  it('rides out a 503 in the middle of polling, with a warning, and still succeeds', async () => {
    const run = await act({ proofread_id: 'release-poll-503-2-es', wait: 'true' })

    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('success')
    const job = onlyJob()
    // pending, 503, 503, running, success.
    expect(statusCalls('v2', job.id)).toHaveLength(5)
    const warnings = annotations(run.log, 'warning')
    expect(warnings.some((warning) => warning.includes('503') && warning.includes(job.id))).toBe(true)
    expect(annotations(run.log, 'error')).toEqual([])
  })

  it('an undocumented status word gives exactly one warning and the wait goes on to success', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'release-unknown-status-es', wait: 'true' })

    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('success')
    const warnings = annotations(run.log, 'warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('"queued"')
  })
})

describe('resuming an existing job (video_translate_id)', () => {
  it('waits for the job without generating (and paying) again', async () => {
    const id = await generateJob(sandbox, 'v2', 'release-resume-es')
    const before = sandbox.requests.length

    const run = await act({ video_translate_id: id, wait: 'true' })

    expect(run.code).toBe(0)
    const mine = sandbox.requests.slice(before)
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.filter((request) => request.method !== 'GET' || request.path !== statusPath('v2', id))).toEqual([])
    expect(sandbox.generateCalls()).toHaveLength(1)
    expect(sandbox.jobs).toHaveLength(1)
    expect(run.outputs.video_translate_id).toBe(id)
    expect(run.outputs.status).toBe('success')
    expect(run.outputs.video_url).toMatch(new RegExp(`/videos/${id}\\.mp4\\?sig=\\d+$`))
  })

  it('an id HeyGen does not know fails with its 404, without generating, and without a hint that loops or blames the API version', async () => {
    const run = await act({ video_translate_id: 'vt-unknown-404', wait: 'true' })

    expect(run.code).toBe(1)
    expect(sandbox.generateCalls()).toEqual([])
    expect(sandbox.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v2/video_translate/vt-unknown-404'])
    const errors = annotations(run.log, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('vt-unknown-404')
    expect(errors[0]).toContain('404')
    expect(errors[0]).toContain('Video translation not found')
    // The status route answered (the API is not gone), and resuming this very id again cannot help.
    expect(errors[0]).not.toMatch(/retired|api_version: v3/)
    expect(errors[0]).not.toContain('video_translate_id: vt-unknown-404')
    expect(run.outputs.status).toBe('failed')
  })

  it('refuses video_translate_id together with proofread_id before sending anything', async () => {
    const run = await act({ video_translate_id: 'vt-existing-1', proofread_id: 'release-es', wait: 'true' })

    expect(run.code).toBe(1)
    const [error] = annotations(run.log, 'error')
    expect(error).toContain('video_translate_id')
    expect(error).toContain('proofread_id')
    expect(sandbox.requests).toEqual([])
    expect(sandbox.fileRequests).toEqual([])
  })
})

describe('captions (captions: true)', () => {
  it('v2: the caption link comes from the v2 caption route', async () => {
    const run = await act({ proofread_id: 'release-captions-es', captions: 'true', wait: 'true' })

    expect(run.code).toBe(0)
    const job = onlyJob()
    expect(sandbox.requests.filter((request) => request.path.startsWith('/v2/video_translate/caption')).map((request) => request.path)).toEqual([
      `/v2/video_translate/caption?video_translate_id=${job.id}&caption_type=vtt`,
    ])
    expect(run.outputs.caption_url).toMatch(new RegExp(`^${sandbox.fileUrl}/captions/${job.id}\\.vtt\\?sig=\\d+$`))
  })

  it('v3: the caption link is the status answer’s vtt link, without a caption-route call', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'release-captions-fr', captions: 'true', wait: 'true' })

    expect(run.code).toBe(0)
    const job = onlyJob()
    expect(sandbox.requests.filter((request) => request.path.startsWith('/v2/'))).toEqual([])
    expect(sandbox.requests.filter((request) => request.method === 'GET').every((request) => request.path === statusPath('v3', job.id))).toBe(true)
    expect(run.outputs.caption_url).toMatch(new RegExp(`^${sandbox.fileUrl}/captions/${job.id}\\.vtt\\?sig=\\d+$`))
  })

  it.each(['v2', 'v3'] as const)('%s: a job without captions gives a warning and the step still succeeds', async (version) => {
    const run = await act({ api_version: version, proofread_id: 'release-no-captions-es', captions: 'true', wait: 'true' })

    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('success')
    expect(run.outputs.caption_url).toBe('')
    expect(run.outputs.video_url).not.toBe('')
    const warnings = annotations(run.log, 'warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/caption/i)
    expect(warnings[0]).toContain(onlyJob().id)
  })

  it('v2: the missing-caption warning does not claim the v2 API is retired (the caption route answered)', async () => {
    const run = await act({ proofread_id: 'release-no-captions-fr', captions: 'true', wait: 'true' })

    expect(run.code).toBe(0)
    const warnings = annotations(run.log, 'warning')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/caption/i)
    expect(warnings[0]).not.toMatch(/retired|api_version: v3/)
  })
})
