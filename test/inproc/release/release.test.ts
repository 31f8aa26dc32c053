// End to end, publishing to a GitHub release: the bundled action against the HeyGen sandbox and the GitHub stand-in.
// A release's languages are uploaded with labels naming them; a re-run days later pays nothing and uploads nothing;
// republish pays once more and replaces; a missing release is refused before any HeyGen call.
import { describe, expect, it } from 'vitest'
import { expectedVideoSha256 } from '../../../sandbox/heygen-sandbox.ts'
import { RUNNER_GITHUB_TOKEN } from '../../../sandbox/run-action.ts'
import { errorOf } from '../harness.ts'
import { useRelease } from '../release-harness.ts'

const KEY = 'sk-e2e-Rl3a-90f2-Qp'
const MIB = 1024 * 1024
const { sandbox, github, publish, names } = useRelease(KEY, 5)

const THREE = ['8ce0f1-es', '9ab2c4-fr', '77d1e0-de']
/** Uploads of the step's files (not of its small claim assets). */
const uploads = () => github.requests.filter((r) => r.server === 'uploads' && r.method === 'POST' && !r.path.includes('name=heygen-claim-')).length

/** Neither the token nor the key goes where it does not belong. */
function expectSecretsApart(): void {
  for (const request of github.requests) expect(JSON.stringify(request.headers)).not.toContain(KEY)
  for (const request of [...sandbox.requests, ...sandbox.fileRequests]) expect(JSON.stringify(request.headers)).not.toContain(RUNNER_GITHUB_TOKEN)
  for (const request of github.requests) expect(request.headers.authorization).toBe(`token ${RUNNER_GITHUB_TOKEN}`)
}

describe('release: v1.0.0 with three proofreads', () => {
  it('uploads three videos and their captions, labelled with each language, proofread and job', async () => {
    const run = await publish({ proofread_id: THREE.join('\n'), captions: 'true' })
    expect(run.code, run.log).toBe(0)
    expect(sandbox.jobs).toHaveLength(3)
    expect(names()).toEqual(['77d1e0-de.mp4', '77d1e0-de.vtt', '8ce0f1-es.mp4', '8ce0f1-es.vtt', '9ab2c4-fr.mp4', '9ab2c4-fr.vtt'])
    for (const asset of github.assets()) expect(asset.state).toBe('uploaded')
    const video = (id: string) => github.assets().find((a) => a.name === `${id}.mp4`)!
    const jobOf = (id: string) => sandbox.jobs.find((j) => j.proofreadId === id)!.id
    expect(video('8ce0f1-es').label).toBe(`Spanish (Spain) · video · proofread 8ce0f1-es · job ${jobOf('8ce0f1-es')}`)
    expect(video('9ab2c4-fr').label).toBe(`French (France) · video · proofread 9ab2c4-fr · job ${jobOf('9ab2c4-fr')}`)
    expect(video('77d1e0-de').label).toBe(`German (Germany) · video · proofread 77d1e0-de · job ${jobOf('77d1e0-de')}`)
    expect(github.assets().find((a) => a.name === '8ce0f1-es.vtt')!.label).toBe(
      `Spanish (Spain) · captions · proofread 8ce0f1-es · job ${jobOf('8ce0f1-es')}`,
    )
    // The bytes HeyGen rendered, with the right types.
    expect(video('8ce0f1-es').sha256).toBe(expectedVideoSha256(jobOf('8ce0f1-es'), MIB))
    expect(video('8ce0f1-es').content_type).toBe('video/mp4')
    expect(github.assets().find((a) => a.name === '8ce0f1-es.vtt')!.content_type).toBe('text/vtt')
    // Outputs: every asset link, and each proofread's own in results.
    const links = (run.outputs.release_assets ?? '').split('\n')
    expect(links).toHaveLength(6)
    expect(links).toContain('https://github.com/octo-org/release-videos/releases/download/v1.0.0/8ce0f1-es.mp4')
    const results = JSON.parse(run.outputs.results ?? '[]') as Array<{ proofread_id: string; asset_urls: string[] }>
    expect(results.map((r) => r.proofread_id)).toEqual(THREE)
    expect(results[0]!.asset_urls.at(-1)).toMatch(/\/8ce0f1-es\.mp4$/)
    expect(run.summary).toContain('Release assets')
    expect(run.summary).toContain('href="https://github.com/octo-org/release-videos/releases/download/v1.0.0/9ab2c4-fr.vtt"')
    expectSecretsApart()
  })

  it('the same step again pays nothing and uploads nothing: the ledger is the labels on the release', async () => {
    const first = await publish({ proofread_id: THREE.join('\n'), captions: 'true' })
    expect(first.code, first.log).toBe(0)
    const assetsBefore = github.assets().map((a) => ({ ...a }))
    const generatesBefore = sandbox.generateCalls().length
    const uploadsBefore = uploads()
    const requestsBefore = sandbox.requests.length
    const deletesBefore = github.count('api', 'DELETE')
    const again = await publish({ proofread_id: THREE.join('\n'), captions: 'true' })
    expect(again.code, again.log).toBe(0)
    expect(generatesBefore).toBe(3)
    expect(sandbox.generateCalls()).toHaveLength(3)
    // HeyGen confirmed each entry with free calls only: a status call per job, the proofread's language.
    expect(sandbox.requests.slice(requestsBefore).every((r) => r.method === 'GET')).toBe(true)
    expect(uploads()).toBe(uploadsBefore)
    expect(github.count('api', 'DELETE')).toBe(deletesBefore)
    expect(github.assets()).toEqual(assetsBefore)
    const results = JSON.parse(again.outputs.results ?? '[]') as Array<{ status: string; asset_urls: string[]; video_translate_id: string }>
    expect(results.map((r) => r.status)).toEqual(['published', 'published', 'published'])
    expect(results[0]!.asset_urls).toHaveLength(2)
    expect(again.outputs.release_assets?.split('\n')).toHaveLength(6)
    expect(again.log).toContain('Skipped 3 of 3 already on the release: 3 HeyGen jobs not paid for')
    // The cost line counts only what this run started.
    expect(again.log).toMatch(/Spent: 0 paid generate calls sent .*, 0 new jobs started, .*, 0 jobs still rendering at HeyGen\./)
    expect(again.log).toMatch(/already holds proofread 8ce0f1-es \(job [^,]+, confirmed by HeyGen\): not generated again/)
  })

  it('republish: true pays once per proofread and replaces the assets, never two of one name', async () => {
    const first = await publish({ proofread_id: THREE.join('\n') })
    expect(first.code, first.log).toBe(0)
    const oldIds = github.assets().map((a) => a.id)
    // A later workflow run: within one run, v3's Idempotency-Key replays the first job (a re-run attempt pays nothing).
    const run = await publish({ proofread_id: THREE.join('\n'), republish: 'true' }, { GITHUB_RUN_ID: '1234567891' })
    expect(run.code, run.log).toBe(0)
    expect(sandbox.jobs).toHaveLength(6)
    expect(run.log).toContain('Replaced 8ce0f1-es.mp4 on release v1.0.0')
    expect(names()).toEqual(['77d1e0-de.mp4', '8ce0f1-es.mp4', '9ab2c4-fr.mp4'])
    for (const asset of github.assets()) {
      expect(oldIds).not.toContain(asset.id)
      const job = sandbox.jobs.filter((j) => asset.name.startsWith(j.proofreadId)).at(-1)!
      expect(asset.label).toContain(`job ${job.id}`)
      expect(asset.sha256).toBe(expectedVideoSha256(job.id, MIB))
    }
  })

  it('a missing release is refused, naming it, before any HeyGen call', async () => {
    const run = await publish({ proofread_id: THREE.join('\n'), release: 'v9.9.9' })
    expect(run.code).toBe(1)
    expect(sandbox.requests).toHaveLength(0)
    const error = errorOf(run)
    expect(error).toContain('the release with tag v9.9.9 of octo-org/release-videos')
    expect(error).toContain('404')
    expect(error).toContain('no credits were spent')
    expect(uploads()).toBe(0)
  })
})
