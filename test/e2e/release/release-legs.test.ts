// End to end, the measured scenarios with the bundled action, two processes at once against one release:
// two matrix legs whose proofreads would publish one name, and two runs for one proofread. One pays; the other is
// refused before paying, naming the first; nothing of the first is touched.
import { describe, expect, it } from 'vitest'
import { errorOf } from '../harness.ts'
import { useRelease } from '../release-harness.ts'

const { sandbox, github, publish } = useRelease('sk-e2e-Lg5f-74a5-At')

describe('legs and runs that meet on one release', () => {
  it('two legs, one name (two Spanish proofreads, videos/{language_code}.mp4): one pays and publishes, the other is refused before paying', async () => {
    const inputs = (id: string) => ({ proofread_id: id, download_path: 'videos/{language_code}.mp4' })
    const [a, b] = await Promise.all([publish(inputs('pr-a-es')), publish(inputs('pr-b-es'), { GITHUB_JOB: 'translate-b' })])
    const runs = [a, b]
    expect(sandbox.generateCalls()).toHaveLength(1)
    const winner = runs.find((run) => run.code === 0)!
    const loser = runs.find((run) => run.code !== 0)!
    expect(winner, runs.map((r) => r.log).join('\n----\n')).toBeDefined()
    expect(errorOf(loser)).toMatch(/(will publish assets named es-es\.\* to release v1\.0\.0|already has an asset named es-ES\.mp4)/)
    expect(errorOf(loser)).toContain('no credits were spent')
    const job = sandbox.jobs[0]!
    expect(github.assets().map((a) => [a.name, a.label])).toEqual([
      ['es-ES.mp4', `Spanish (Spain) · video · proofread ${job.proofreadId} · job ${job.id}`],
    ])
    expect(JSON.parse(winner.outputs.results ?? '[]')).toMatchObject([
      { proofread_id: job.proofreadId, asset_urls: [expect.stringMatching(/\/es-ES\.mp4$/)] },
    ])
  })

  it('two runs for one proofread started together start one HeyGen job', async () => {
    const [first, second] = await Promise.all([
      publish({ proofread_id: 'pr-x-fr' }, { GITHUB_RUN_ID: '501' }),
      publish({ proofread_id: 'pr-x-fr' }, { GITHUB_RUN_ID: '502' }),
    ])
    expect(sandbox.generateCalls()).toHaveLength(1)
    const runs = [first, second]
    expect(runs.filter((run) => run.code === 0).length, runs.map((r) => r.log).join('\n----\n')).toBeGreaterThanOrEqual(1)
    // The other found the video in the ledger, or was refused naming the run that holds the proofread.
    for (const run of runs.filter((r) => r.code !== 0))
      expect(errorOf(run)).toMatch(/proofread pr-x-fr is being generated for release v1\.0\.0 by run 50[12]/)
    expect(github.assets().map((a) => a.name)).toEqual(['pr-x-fr.mp4'])
  })
})
