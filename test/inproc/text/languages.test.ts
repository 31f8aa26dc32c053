// End to end with HeyGen as it is (issue 16): languages are names, a finished job may say `succeeded` and bring its
// link a poll late, a failure may carry `failure_reason`, optional fields may be missing, and a 403 means the plan.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectedVideoSha256 } from '../../../sandbox/heygen-sandbox.ts'
import { annotations, errorOf, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Lg16-Names-q2W'
const MIB = 1024 * 1024
const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.01', api_version: 'v3' } })
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

describe('files named the way localization pipelines name them', () => {
  it('videos/{language_code}.mp4 for Spanish (Spain) and Portuguese (Brazil) saves videos/es-ES.mp4 and videos/pt-BR.mp4, one paid call each', async () => {
    const workspace = tempDir('heygen-e2e-languages-')
    const run = await act({ proofread_id: 'launch-es\nlaunch-pt', download_path: 'videos/{language_code}.mp4', captions: 'true' }, { workspace })
    expect(run.code, run.log).toBe(0)
    expect(sandbox.generateCalls('launch-es')).toHaveLength(1)
    expect(sandbox.generateCalls('launch-pt')).toHaveLength(1)
    expect(readdirSync(join(workspace, 'videos')).sort()).toEqual(['es-ES.mp4', 'es-ES.vtt', 'pt-BR.mp4', 'pt-BR.vtt'])
    const [es, pt] = sandbox.jobs.sort((a, b) => a.proofreadId.localeCompare(b.proofreadId))
    expect(sha256(join(workspace, 'videos', 'es-ES.mp4'))).toBe(expectedVideoSha256(es!.id, MIB))
    expect(sha256(join(workspace, 'videos', 'pt-BR.mp4'))).toBe(expectedVideoSha256(pt!.id, MIB))
    expect(run.outputs.output_language).toBe('Spanish (Spain)\nPortuguese (Brazil)')
    expect(run.outputs.language_code).toBe('es-ES\npt-BR')
    expect(JSON.parse(run.outputs.results ?? '[]')).toMatchObject([
      { output_language: 'Spanish (Spain)', language_code: 'es-ES' },
      { output_language: 'Portuguese (Brazil)', language_code: 'pt-BR' },
    ])
    expect(run.summary).toContain('<td>Portuguese (Brazil) <code>pt-BR</code></td>')
  })

  it.each([
    ['launch-zh', 'videos/{language_code}.mp4', 'zh-Hans.mp4'],
    ['launch-yue', 'videos/{language_code}.mp4', 'yue-Hant.mp4'],
    ['launch-es419', 'videos/{language_code}.mp4', 'es-419.mp4'],
    ['launch-ko', 'videos/{language_code}.mp4', 'ko-KR.mp4'],
    ['launch-yue', 'videos/{language}.mp4', 'chinese-cantonese-traditional.mp4'],
    ['launch-es', 'videos/{output_language}.mp4', 'Spanish-Spain.mp4'],
  ])('%s with %s saves videos/%s', async (proofreadId, downloadPath, file) => {
    const workspace = tempDir('heygen-e2e-languages-')
    const run = await act({ proofread_id: proofreadId, download_path: downloadPath }, { workspace })
    expect(run.code, run.log).toBe(0)
    expect(readdirSync(join(workspace, 'videos'))).toEqual([file])
  })

  it('a language no BCP 47 code stands for is refused before anything is paid, naming it and the {language} to use', async () => {
    const workspace = tempDir('heygen-e2e-languages-')
    const run = await act({ proofread_id: 'launch-es\nlaunch-xx', download_path: 'videos/{language_code}.mp4' }, { workspace })
    expect(run.code).toBe(1)
    const error = errorOf(run)
    expect(error).toContain('HeyGen\'s language "Sindarin (Rivendell)" has no BCP 47 code')
    expect(error).toContain('use {language} (sindarin-rivendell) instead')
    expect(error).toContain('no credits were spent')
    expect(sandbox.generateCalls()).toEqual([])
    expect(existsSync(join(workspace, 'videos'))).toBe(false)
    // The same proofread with the slug goes ahead; its language_code output is empty.
    const slug = await act({ proofread_id: 'launch-xx', download_path: 'videos/{language}.mp4' }, { workspace })
    expect(slug.code, slug.log).toBe(0)
    expect(readdirSync(join(workspace, 'videos'))).toEqual(['sindarin-rivendell.mp4'])
    expect([slug.outputs.output_language, slug.outputs.language_code]).toEqual(['Sindarin (Rivendell)', ''])
  })
})

describe("HeyGen's status words and answers as it sends them", () => {
  it('a job that says succeeded, with its link one poll late, is downloaded', async () => {
    const workspace = tempDir('heygen-e2e-languages-')
    const run = await act({ proofread_id: 'late-succeeded-late-link-es', download_path: 'out/' }, { workspace })
    expect(run.code, run.log).toBe(0)
    const job = sandbox.jobs[0]!
    expect(sandbox.jobs).toHaveLength(1)
    expect(run.outputs.status).toBe('success')
    expect(sha256(join(workspace, 'out', `${job.id}.mp4`))).toBe(expectedVideoSha256(job.id, MIB))
    expect(run.stdout).toContain('succeeded without a video link yet; asking again (1 of 4)')
    expect(annotations(run.stdout, 'warning')).toEqual([])
  })

  it('a success whose link never comes is asked again 4 times, then fails with the resume block (it is paid for)', async () => {
    const run = await act({ proofread_id: 'nolink-succeeded-late-link-9-es', download_path: 'out/' })
    expect(run.code).toBe(1)
    const job = sandbox.jobs[0]!
    expect(job.statusCalls).toBe(3 + 4)
    const error = errorOf(run)
    expect(error).toContain(`HeyGen reported video_translate_id ${job.id} as succeeded but gave no video link, after 4 more status calls`)
    expect(error).toContain(`    video_translate_id: ${job.id}`)
    expect(sandbox.fileRequests).toEqual([])
  })

  it("a failure's failure_reason is the message the user reads", async () => {
    const run = await act({ proofread_id: 'pr-render-fails-failure-reason-es', wait: 'true' })
    expect(run.code).toBe(1)
    expect(run.outputs.message).toBe('Lip sync failed: no face detected in segment 3')
    expect(errorOf(run)).toContain('Lip sync failed: no face detected in segment 3')
  })

  it('answers without their optional fields (no status on generate, no input_language, no null links) still finish', async () => {
    const workspace = tempDir('heygen-e2e-languages-')
    const run = await act({ proofread_id: 'pr-sparse-pt', download_path: 'videos/{language_code}.mp4' }, { workspace })
    expect(run.code, run.log).toBe(0)
    expect(readdirSync(join(workspace, 'videos'))).toEqual(['pt-BR.mp4'])
    expect(run.outputs.status).toBe('success')
  })

  it('a 403 names the plan it needs, with HeyGen message and the request id, and nothing was started', async () => {
    const run = await act({ proofread_id: 'pr-status-403-es' })
    expect(run.code).toBe(1)
    const error = errorOf(run)
    expect(error).toContain('HTTP 403')
    expect(error).toContain('plan_not_supported: Your plan does not include this feature. Upgrade to Scale or Enterprise.')
    expect(error).toContain(
      'generating from a proofread needs a HeyGen API plan with video translation (pay-as-you-go API credits or an Enterprise plan)',
    )
    expect(error).toMatch(/X-Request-Id: req-\d+/)
    expect(sandbox.jobs).toHaveLength(0)
  })
})
