// End to end, what only two processes show: two matrix legs publishing to one release at once. The other rules around
// publishing run in-process (test/inproc/release/release-rules.test.ts).
import { describe, expect, it } from 'vitest'
import { useRelease } from '../release-harness.ts'

const { sandbox, github, publish, names } = useRelease('sk-e2e-Rr7b-31c8-Wz')
/** Uploads of published files: the claims each step takes before paying (publish/claims.ts) are not counted. */
const uploads = () => github.requests.filter((r) => r.server === 'uploads' && r.method === 'POST' && !r.path.includes('name=heygen-claim-')).length

describe('matrix legs on one release', () => {
  it('two steps at once keep each other’s records, and a re-run of both pays nothing', async () => {
    const legs = () =>
      Promise.all([
        publish({ proofread_id: 'leg1-es\nleg1-fr', captions: 'true' }),
        publish({ proofread_id: 'leg2-de\nleg2-it', captions: 'true' }, { GITHUB_JOB: 'translate-2' }),
      ])
    const first = await legs()
    for (const run of first) expect(run.code, run.log).toBe(0)
    expect(sandbox.jobs).toHaveLength(4)
    expect(names()).toEqual(['leg1-es.mp4', 'leg1-es.vtt', 'leg1-fr.mp4', 'leg1-fr.vtt', 'leg2-de.mp4', 'leg2-de.vtt', 'leg2-it.mp4', 'leg2-it.vtt'])
    const uploadsBefore = uploads()
    const again = await legs()
    for (const run of again) expect(run.code, run.log).toBe(0)
    expect(sandbox.jobs).toHaveLength(4)
    expect(uploads()).toBe(uploadsBefore)
    expect(again.flatMap((run) => JSON.parse(run.outputs.results ?? '[]') as Array<{ status: string }>).map((r) => r.status)).toEqual([
      'published',
      'published',
      'published',
      'published',
    ])
  })
})
