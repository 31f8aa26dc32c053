// End to end, the rules around publishing: names checked before paying, broken uploads cleaned up and retried,
// GitHub's refusals named, `release: auto`, and two matrix legs on one release at once.
import { describe, expect, it } from 'vitest'
import { annotations, errorOf } from '../harness.ts'
import { useRelease } from '../release-harness.ts'

const { sandbox, act, github, publish, names } = useRelease('sk-e2e-Rr7b-31c8-Wz', 5)
/** Uploads of the step's files (not of its small claim assets). */
const uploads = () => github.requests.filter((r) => r.server === 'uploads' && r.method === 'POST' && !r.path.includes('name=heygen-claim-')).length
/** Upload failures hit the step's files, not its claims. */
const FILES = /\.(mp4|vtt|mp3)$/

describe('before anything is paid', () => {
  it('two proofreads that would upload one asset name are refused, naming both', async () => {
    const run = await publish({ proofread_id: 'a1-es\nb2-fr', download_path: 'videos/{output_language}/clip.mp4' })
    expect(run.code).toBe(1)
    expect(sandbox.generateCalls()).toHaveLength(0)
    expect(errorOf(run)).toMatch(/proofreads a1-es and b2-fr would upload assets of one name \(clip\.\*\) to release v1\.0\.0/)
    expect(errorOf(run)).toContain('no credits were spent')
  })

  it('a name another asset already holds is refused before paying', async () => {
    github.addAsset('v1.0.0', { name: 'a1-es.mp4', label: 'the old trailer' })
    const run = await publish({ proofread_id: 'a1-es' })
    expect(run.code).toBe(1)
    expect(sandbox.generateCalls()).toHaveLength(0)
    expect(errorOf(run)).toContain("release v1.0.0 already has an asset named a1-es.mp4, which is not proofread a1-es's")
  })

  it('a token that cannot read the repository is refused before any HeyGen call, saying what is missing', async () => {
    github.failures.permission = 'none'
    const run = await publish({ proofread_id: 'a1-es' })
    expect(run.code).toBe(1)
    expect(sandbox.requests).toHaveLength(0)
    expect(errorOf(run)).toMatch(/404 .*the release or the repository is not there for this token/)
  })

  it('a secondary rate limit on the lookup is waited out (Retry-After) and the step goes on', async () => {
    github.failures.secondaryRateLimits = 1
    // GitHub's Retry-After is whole seconds: waited out on the file's clock, five times faster (faster-clock.ts).
    const run = await publish({ proofread_id: 'a1-es' })
    expect(run.code, run.log).toBe(0)
    expect(annotations(run.stdout, 'warning').join('\n')).toMatch(/secondary rate limit.*trying again in 1\.0 s/)
    expect(names()).toEqual(['a1-es.mp4'])
  })
})

describe('uploads that fail', () => {
  it('a 500 mid-upload: the broken asset is removed and the upload retried, leaving one asset of the name', async () => {
    github.failures.uploads500 = 1
    github.failures.uploadNames = FILES
    const run = await publish({ proofread_id: 'a1-es' })
    expect(run.code, run.log).toBe(0)
    expect(uploads()).toBe(2)
    expect(github.assets()).toMatchObject([{ name: 'a1-es.mp4', state: 'uploaded' }])
    expect(annotations(run.stdout, 'warning').join('\n')).toMatch(/The upload of a1-es\.mp4 failed \(Server Error\); removed what GitHub kept of it/)
    expect(sandbox.jobs).toHaveLength(1)
  })

  it('a reset mid-upload: the same', async () => {
    github.failures.uploadResets = 1
    github.failures.uploadNames = FILES
    const run = await publish({ proofread_id: 'a1-es' })
    expect(run.code, run.log).toBe(0)
    expect(uploads()).toBe(2)
    expect(github.assets()).toMatchObject([{ name: 'a1-es.mp4', state: 'uploaded' }])
  })

  it('failing on every attempt: bounded, no broken asset left, the paid job and the file reported with the resume hint', async () => {
    github.failures.uploads500 = 99
    github.failures.uploadNames = FILES
    const run = await publish({ proofread_id: 'a1-es' })
    expect(run.code).toBe(1)
    expect(uploads()).toBe(4)
    const job = sandbox.jobs[0]!.id
    // No broken asset; only the proofread's claim stays, naming the paid job, so no other run pays for it again.
    expect(github.assets().map((a) => a.label)).toEqual([
      expect.stringMatching(new RegExp(`^heygen claim · proofread a1-es · .* · paid job ${job}$`)),
    ])
    const error = errorOf(run)
    expect(error).toContain(`video_translate_id ${job} is finished and paid for`)
    expect(error).toMatch(/The files stay on disk \(.*heygen-release-videos\/a1-es\.mp4\)/)
    expect(error).toContain(`video_translate_id: ${job}`)
    expect(error).toContain('release: v1.0.0')
    expect(run.outputs.video_translate_id).toBe(job)
  })

  it('a token that can read but not write: 403 says `contents: write`, before paying (the claim is the first write)', async () => {
    github.failures.permission = 'read'
    const run = await publish({ proofread_id: 'a1-es' })
    expect(run.code).toBe(1)
    expect(sandbox.generateCalls()).toHaveLength(0)
    expect(errorOf(run)).toMatch(/403.*`permissions: contents: write`/)
    expect(errorOf(run)).toContain('no credits were spent')
    expect(github.assets()).toEqual([])
  })

  it('resuming the paid job publishes it without generating', async () => {
    github.failures.uploads500 = 99
    github.failures.uploadNames = FILES
    await publish({ proofread_id: 'a1-es' })
    const job = sandbox.jobs[0]!.id
    github.failures.uploads500 = 0
    const before = uploads()
    const run = await publish({ video_translate_id: job })
    expect(run.code, run.log).toBe(0)
    expect(sandbox.jobs).toHaveLength(1)
    // Published under the job's name, as the proofread's (the claim its failed upload left named both), and that claim goes.
    expect(github.assets()).toMatchObject([{ name: `${job}.mp4`, label: `Spanish (Spain) · video · proofread a1-es · job ${job}` }])
    // And once there, resuming it again uploads nothing.
    const again = await publish({ video_translate_id: job })
    expect(again.code, again.log).toBe(0)
    expect(JSON.parse(again.outputs.results ?? '[]')).toMatchObject([{ status: 'published', video_translate_id: job }])
    expect(uploads() - before).toBe(1)
    // And the proofread's own next run finds the job in the ledger: nothing is paid twice.
    const later = await publish({ proofread_id: 'a1-es' })
    expect(later.code, later.log).toBe(0)
    expect(JSON.parse(later.outputs.results ?? '[]')).toMatchObject([{ status: 'published', video_translate_id: job }])
    expect(sandbox.jobs).toHaveLength(1)
  })
})

describe('what is published', () => {
  it('translate_audio_only: the audio track goes up too, as audio/mpeg, labelled as the language’s audio', async () => {
    const run = await publish({ proofread_id: 'a1-fr', translate_audio_only: 'true' })
    expect(run.code, run.log).toBe(0)
    const job = sandbox.jobs[0]!.id
    expect(names()).toEqual(['a1-fr.mp3', 'a1-fr.mp4'])
    expect(github.assets().find((a) => a.name === 'a1-fr.mp3')).toMatchObject({
      content_type: 'audio/mpeg',
      label: `French (France) · audio · proofread a1-fr · job ${job}`,
    })
    // The video last: its asset is what marks the proofread as published.
    expect(github.assets().map((a) => a.name)).toEqual(['a1-fr.mp3', 'a1-fr.mp4'])
  })

  it('republish whose new upload fails for good leaves the old assets in place, and no temporary one', async () => {
    const first = await publish({ proofread_id: 'a1-es' })
    expect(first.code, first.log).toBe(0)
    const old = github.assets().map((a) => ({ id: a.id, name: a.name, label: a.label }))
    github.failures.uploads500 = 99
    github.failures.uploadNames = FILES
    const run = await publish({ proofread_id: 'a1-es', republish: 'true' }, { GITHUB_RUN_ID: '1234567899' })
    expect(run.code).toBe(1)
    expect(sandbox.jobs).toHaveLength(2)
    const files = github.assets().filter((a) => !a.name.startsWith('heygen-claim-'))
    expect(files.map((a) => ({ id: a.id, name: a.name, label: a.label }))).toEqual(old)
    expect(errorOf(run)).toContain(`video_translate_id ${sandbox.jobs[1]!.id} is finished and paid for`)
  })
})

describe('release: auto', () => {
  it('a release event publishes to its own release', async () => {
    const run = await publish({ proofread_id: 'a1-es', release: 'auto' })
    expect(run.code, run.log).toBe(0)
    expect(github.requests.some((r) => r.path === '/repos/octo-org/release-videos/releases/1')).toBe(true)
    expect(names()).toEqual(['a1-es.mp4'])
  })

  it('a pushed tag publishes to the release of that tag', async () => {
    github.addRelease('v2.0.0')
    const run = await publish({ proofread_id: 'a1-es', release: 'auto' }, { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v2.0.0' })
    expect(run.code, run.log).toBe(0)
    expect(github.assets('v2.0.0').map((a) => a.name)).toEqual(['a1-es.mp4'])
  })

  it('a branch push has no release: refused before any HeyGen call, saying what auto needs', async () => {
    const run = await publish({ proofread_id: 'a1-es', release: 'auto' }, { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main' })
    expect(run.code).toBe(1)
    expect(sandbox.requests).toHaveLength(0)
    expect(github.requests).toHaveLength(0)
    expect(errorOf(run)).toContain('`release: auto` needs a run started by a release event')
  })
})

describe('inputs', () => {
  it('a tag that cannot be one, republish without release, and an empty token are refused naming the input', async () => {
    const bad = await publish({ proofread_id: 'a1-es', release: 'v1 .0' })
    expect(errorOf(bad)).toMatch(/^Input `release` must be empty \(no publishing\), `auto` .* or a tag name/)
    const orphan = await act({ proofread_id: 'a1-es', republish: 'true' })
    expect(errorOf(orphan)).toMatch(/^Input `republish` only applies when publishing/)
    const noToken = await publish({ proofread_id: 'a1-es', github_token: '' })
    expect(errorOf(noToken)).toMatch(/^Input `github_token` is required to publish to a release/)
    expect(sandbox.requests).toHaveLength(0)
    expect(github.requests).toHaveLength(0)
  })

  it('the token is masked before anything else runs and appears in no log line or output', async () => {
    const token = 'ghp_e2eSecretToken5Qm81Lx'
    const run = await publish({ proofread_id: 'a1-es', github_token: token })
    expect(run.code, run.log).toBe(0)
    const lines = run.stdout.split('\n')
    expect(lines[1]).toBe(`::add-mask::${token}`)
    expect(lines.filter((line) => line.includes(token) && !line.startsWith('::add-mask::'))).toEqual([])
    for (const value of Object.values(run.outputs)) expect(value).not.toContain(token)
    expect(github.requests.every((r) => r.headers.authorization === `token ${token}`)).toBe(true)
    for (const request of [...sandbox.requests, ...sandbox.fileRequests]) expect(JSON.stringify(request.headers)).not.toContain(token)
  })
})
