// End to end against today's HeyGen: its v2 routes are retired (410), and a user who never heard of it writes no
// api_version line. The default (auto) still generates through v3, once per proofread; the free preflight holds a
// release back when one language is not ready; languages name the files.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectedAudioSha256, expectedVideoSha256 } from '../../../sandbox/heygen-sandbox.ts'
import { annotations, errorOf, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Td8R-77c1-Mv'
const MIB = 1024 * 1024
const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.01' }, sandbox: { v2Retired: 410 } })

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
const generateCalls = (version: 'v2' | 'v3') => sandbox.generateCalls().filter((r) => r.path.startsWith(`/${version}/`))
const detailCalls = () => sandbox.requests.filter((r) => r.method === 'GET' && /^\/v3\/video-translations\/proofreads\/[^/]+$/.test(r.path))

describe('no api_version line, v2 retired', () => {
  it('generates, waits and downloads videos/es-ES.mp4 through v3, with exactly one job and one notice', async () => {
    const workspace = tempDir('heygen-e2e-today-')
    const run = await act({ proofread_id: 'release-es', download_path: 'videos/{language_code}.mp4', captions: 'true' }, { workspace })
    expect(run.code, run.log).toBe(0)
    expect(sandbox.jobs).toHaveLength(1)
    const job = sandbox.jobs[0]!
    expect(job.version).toBe('v3')
    expect(generateCalls('v2')).toHaveLength(1)
    expect(generateCalls('v3')).toHaveLength(1)
    // The only retry of a paid call carries its Idempotency-Key.
    expect(generateCalls('v3')[0]!.headers['idempotency-key']).toMatch(/^gha-proofread:[0-9a-f]{48}$/)
    const notices = annotations(run.stdout, 'notice')
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/v2 was retired.*went on with v3.*`api_version: v3`/)
    const video = join(workspace, 'videos', 'es-ES.mp4')
    expect(run.outputs.video_path).toBe(video)
    expect(sha256(video)).toBe(expectedVideoSha256(job.id, MIB))
    expect(run.outputs.caption_path).toBe(join(workspace, 'videos', 'es-ES.vtt'))
    expect(run.outputs.output_language).toBe('Spanish (Spain)')
    expect(run.outputs.language_code).toBe('es-ES')
    expect(run.outputs.status).toBe('success')
    const [result] = JSON.parse(run.outputs.results ?? '[]')
    expect(result).toMatchObject({
      proofread_id: 'release-es',
      api_version: 'v3',
      output_language: 'Spanish (Spain)',
      language_code: 'es-ES',
      status: 'success',
    })
    expect(run.summary).toContain('<td>Spanish (Spain) <code>es-ES</code></td>')
    expect(run.summary).toContain('<td>v3</td>')
  })

  it('three languages in one step: one v2 attempt for the whole step, then each proofread once on v3', async () => {
    const workspace = tempDir('heygen-e2e-today-')
    const ids = ['rel-es', 'rel-fr', 'rel-de']
    const run = await act({ proofread_id: ids.join('\n'), download_path: 'videos/{language_code}.mp4' }, { workspace })
    expect(run.code, run.log).toBe(0)
    expect(generateCalls('v2')).toHaveLength(1)
    expect(
      generateCalls('v3')
        .map((r) => decodeURIComponent(r.path.split('/')[4] ?? ''))
        .sort(),
    ).toEqual([...ids].sort())
    expect(sandbox.jobs).toHaveLength(3)
    expect(readdirSync(join(workspace, 'videos')).sort()).toEqual(['de-DE.mp4', 'es-ES.mp4', 'fr-FR.mp4'])
    expect(run.outputs.output_language).toBe('Spanish (Spain)\nFrench (France)\nGerman (Germany)')
    expect(run.outputs.language_code).toBe('es-ES\nfr-FR\nde-DE')
    expect(annotations(run.stdout, 'notice')).toHaveLength(1)
  })

  it('resuming under auto asks v3 first and waits there, without generating', async () => {
    const first = await act({ proofread_id: 'resume-me-es', api_version: 'v3' })
    const id = first.outputs.video_translate_id!
    const run = await act({ video_translate_id: id })
    expect(run.code, run.log).toBe(0)
    expect(run.outputs.status).toBe('success')
    expect(sandbox.generateCalls()).toHaveLength(1)
    expect(sandbox.requests.filter((r) => r.path.startsWith('/v2/'))).toEqual([])
  })
})

describe('the free preflight', () => {
  it('a batch with one proofread still processing sends no generate call at all, and says nothing was spent', async () => {
    const run = await act({ proofread_id: 'go-es\nwait-proofread-processing-fr\ngo-de' })
    expect(run.code).toBe(1)
    expect(sandbox.generateCalls()).toEqual([])
    expect(sandbox.jobs).toEqual([])
    expect(detailCalls()).toHaveLength(3)
    const error = errorOf(run)
    expect(error).toContain('Nothing was generated and no credits were spent')
    expect(error).toMatch(/wait-proofread-processing-fr: not ready yet/)
    expect(run.outputs.status).toBe('not_started\nnot_started\nnot_started')
    const results = JSON.parse(run.outputs.results ?? '[]') as Array<{ proofread_status: string }>
    expect(results.map((r) => r.proofread_status)).toEqual(['completed', 'processing', 'completed'])
  })

  it.each([
    ['a failed proofread, with HeyGen’s failure message', 'x-proofread-failed-es', /HeyGen could not prepare it: .+/],
    ['a proofread HeyGen does not know', 'x-proofread-missing-es', /no proofread with this id \(404\)/],
  ])('refuses %s, and pays nothing', async (_what, id, said) => {
    const run = await act({ proofread_id: id })
    expect(run.code).toBe(1)
    expect(errorOf(run)).toMatch(said)
    expect(sandbox.generateCalls()).toEqual([])
  })

  it('rides out 503s on the proofread route, then goes ahead', async () => {
    const run = await act({ proofread_id: 'busy-proofread-503-2-es' })
    expect(run.code, run.log).toBe(0)
    expect(detailCalls()).toHaveLength(3)
    expect(sandbox.jobs).toHaveLength(1)
  })

  it('preflight: false skips it (for accounts without that route)', async () => {
    const run = await act({ proofread_id: 'skip-es', preflight: 'false' })
    expect(run.code, run.log).toBe(0)
    expect(detailCalls()).toEqual([])
    expect(sandbox.jobs).toHaveLength(1)
  })

  it('dry_run runs the preflight (free), lists readiness and language, and fails when one is not ready', async () => {
    const run = await act({ proofread_id: 'dry-es\ndry-proofread-processing-fr', dry_run: 'true' })
    expect(run.code).toBe(1)
    expect(sandbox.generateCalls()).toEqual([])
    const results = JSON.parse(run.outputs.results ?? '[]') as unknown
    expect(results).toMatchObject([
      { proofread_id: 'dry-es', status: 'dry_run', proofread_status: 'completed', output_language: 'Spanish (Spain)', language_code: 'es-ES' },
      {
        proofread_id: 'dry-proofread-processing-fr',
        status: 'dry_run',
        proofread_status: 'processing',
        output_language: 'French (France)',
        language_code: 'fr-FR',
      },
    ])
    expect(errorOf(run)).toContain('not ready yet')
  })
})

describe('languages and file names', () => {
  it('saves the translated audio beside the video with translate_audio_only, and reports audio_url and audio_path', async () => {
    const workspace = tempDir('heygen-e2e-today-')
    const run = await act({ proofread_id: 'voice-es', translate_audio_only: 'true', download_path: 'out/{output_language}.mp4' }, { workspace })
    expect(run.code, run.log).toBe(0)
    const job = sandbox.jobs[0]!
    expect(run.outputs.audio_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/audio\//)
    // {output_language} is HeyGen's name, readable and file-safe: Spanish (Spain) is Spanish-Spain.
    expect(run.outputs.audio_path).toBe(join(workspace, 'out', 'Spanish-Spain.mp3'))
    expect(sha256(join(workspace, 'out', 'Spanish-Spain.mp3'))).toBe(expectedAudioSha256(job.id))
  })

  it('a missing audio link is a warning, not a failure', async () => {
    const workspace = tempDir('heygen-e2e-today-')
    const run = await act({ proofread_id: 'mute-no-audio-es', translate_audio_only: 'true', download_path: 'out/' }, { workspace })
    expect(run.code, run.log).toBe(0)
    expect(annotations(run.stdout, 'warning').some((w) => /no audio link/.test(w))).toBe(true)
    expect(run.outputs.audio_path).toBe('')
  })

  it('two proofreads that would be saved to one file are refused before anything is paid', async () => {
    const run = await act({ proofread_id: 'one-es\nother-es', download_path: 'videos/{output_language}.mp4' })
    expect(run.code).toBe(1)
    expect(errorOf(run)).toMatch(/same file .*Spanish-Spain\.mp4.*add \{proofread_id\} or \{video_translate_id\}/)
    expect(sandbox.generateCalls()).toEqual([])
  })

  it('proofread ids that become one file name (job/1 and job_1) are saved to two files, never one over the other', async () => {
    const workspace = tempDir('heygen-e2e-today-')
    sandbox.knowProofread('job/1-es')
    const run = await act({ proofread_id: 'job/1-es\njob_1-es', download_path: 'out/{proofread_id}.mp4' }, { workspace })
    expect(run.code, run.log).toBe(0)
    const [first, second] = (run.outputs.video_path ?? '').split('\n')
    expect(first).toMatch(/out\/job_1-es-[0-9a-f]{8}\.mp4$/)
    expect(second).toBe(join(workspace, 'out', 'job_1-es.mp4'))
    expect(readdirSync(join(workspace, 'out')).filter((name) => name.endsWith('.mp4'))).toHaveLength(2)
  })

  it('a folder per language (videos/{output_language}/) holds each job by its id: two proofreads of one language may share it', async () => {
    const workspace = tempDir('heygen-e2e-today-')
    const run = await act({ proofread_id: 'a-es\nb-es', download_path: 'videos/{output_language}/' }, { workspace })
    expect(run.code, run.log).toBe(0)
    expect(readdirSync(join(workspace, 'videos', 'Spanish-Spain')).sort()).toEqual(sandbox.jobs.map((job) => `${job.id}.mp4`).sort())
  })

  it('proofread ids that differ only in case (one file on macOS and Windows runners) are refused before anything is paid', async () => {
    const run = await act({ proofread_id: 'Promo-es\npromo-es', download_path: 'out/{proofread_id}.mp4' })
    expect(run.code).toBe(1)
    expect(errorOf(run)).toMatch(/same file/)
    expect(sandbox.generateCalls()).toEqual([])
  })

  it.each([
    ['an unknown placeholder', { download_path: 'videos/{lang}.mp4' }, /unknown placeholder \{lang\}/],
    [
      '{language_code} with api_version v2',
      { download_path: 'videos/{language_code}.mp4', api_version: 'v2' },
      /\{language_code\}.*api_version: auto/,
    ],
    ['{output_language} with api_version v2', { download_path: 'videos/{output_language}.mp4', api_version: 'v2' }, /api_version: auto/],
    ['{output_language} with preflight false', { download_path: 'videos/{output_language}.mp4', preflight: 'false' }, /preflight: true/],
  ])('%s is an input error, and nothing is sent', async (_what, inputs, said) => {
    const run = await act({ proofread_id: 'pr-es', ...inputs })
    expect(run.code).toBe(1)
    const error = errorOf(run)
    expect(error).toMatch(/^Input `download_path`/)
    expect(error).toMatch(said)
    expect(sandbox.requests).toEqual([])
  })
})

describe('status words users can trust', () => {
  it('a status answer of data: null means "not known yet": the step keeps waiting and succeeds', async () => {
    const run = await act({ proofread_id: 'quiet-data-null-3-es', wait: 'true' })
    expect(run.code, run.log).toBe(0)
    expect(run.outputs.status).toBe('success')
    expect(annotations(run.stdout, 'warning')).toEqual([])
  })

  it('after a wait_timeout the status output is HeyGen’s last polled word, not the generate call’s', async () => {
    const run = await act({ proofread_id: 'slow-never-finishes-es', wait: 'true', wait_timeout: '0.2' })
    expect(run.code).toBe(1)
    expect(run.outputs.status).toBe('running')
    expect(errorOf(run)).toContain('video_translate_id: ')
  })
})
