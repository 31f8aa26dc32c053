// The plan: everything decided before a credit is spent, as a value a test can read (no HeyGen call when the preflight
// is off). A refusal names the proofreads it concerns and marks every job not started.
import nodePath from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Publisher } from '../../../src/action/publish/publisher.js'
import { buildPlan, refusal } from '../../../src/action/plan/plan.js'
import type { Session } from '../../../src/action/job/session.js'
import { isolateEnv, settingsWith } from '../_env.js'

isolateEnv()

/** The preflight is off in these plans: the session is never used. */
const noSession = {} as Session

function publisherHolding(published: Record<string, string>, clash?: string): Publisher {
  return {
    published: new Map(Object.entries(published).map(([id, job]) => [id, { proofread_id: id, video_translate_id: job, status: 'published' }])),
    nameClash: () => clash,
    publish: (result) => Promise.resolve(result),
  }
}

describe('buildPlan', () => {
  it('plans one job per proofread, in input order, with its file named before paying', async () => {
    process.env.GITHUB_WORKSPACE = '/work/space'
    const settings = settingsWith({ proofread_id: 'pr_1, pr_2', api_version: 'v2', download_path: 'videos/{proofread_id}.mp4' })
    const plan = await buildPlan(settings, noSession, undefined)
    expect(plan.kind).toBe('run')
    if (plan.kind !== 'run') return
    expect(plan.jobs.map((j) => [j.label, j.index, j.destination?.video])).toEqual([
      ['pr_1', 0, nodePath.resolve('/work/space/videos/pr_1.mp4')],
      ['pr_2', 1, nodePath.resolve('/work/space/videos/pr_2.mp4')],
    ])
    expect(plan.several).toBe(true)
  })

  it('a file named by the job id is known only after paying: no destination in the plan', async () => {
    const settings = settingsWith({ proofread_id: 'pr_1', api_version: 'v2', download_path: 'videos/{video_translate_id}.mp4' })
    const plan = await buildPlan(settings, noSession, undefined)
    expect(plan.kind === 'run' && plan.jobs[0]?.destination).toBeUndefined()
  })

  it('what the publisher already holds is not planned again, and comes back in input order beside the new results', async () => {
    const settings = settingsWith({ proofread_id: 'pr_1, pr_2, pr_3', api_version: 'v2' })
    const plan = await buildPlan(settings, noSession, publisherHolding({ pr_2: 'vt_old' }))
    if (plan.kind !== 'run') throw new Error('expected a plan to run')
    expect(plan.jobs.map((j) => [j.label, j.index])).toEqual([
      ['pr_1', 0],
      ['pr_3', 2],
    ])
    const merged = plan.inInputOrder([
      { proofread_id: 'pr_1', video_translate_id: 'vt_1', status: 'success' },
      { proofread_id: 'pr_3', video_translate_id: 'vt_3', status: 'success' },
    ])
    expect(merged.map((r) => [r.proofread_id, r.status])).toEqual([
      ['pr_1', 'success'],
      ['pr_2', 'published'],
      ['pr_3', 'success'],
    ])
  })

  it('two proofreads that would save one file (ids differing only in case) refuse the whole step before paying', async () => {
    const settings = settingsWith({ proofread_id: 'pr_A, PR_a', api_version: 'v2', download_path: 'videos/{proofread_id}.mp4' })
    const plan = await buildPlan(settings, noSession, undefined)
    expect(plan.kind).toBe('refused')
    if (plan.kind !== 'refused') return
    expect(plan.results.map((r) => r.status)).toEqual(['not_started', 'not_started'])
    expect(plan.results[1]?.error).toMatch(/would save proofreads pr_A and PR_a to the same file.*letter case/)
  })

  it('a publisher’s name clash refuses every job, each carrying the message', async () => {
    const settings = settingsWith({ proofread_id: 'pr_1, pr_2', api_version: 'v2', download_path: 'videos/{proofread_id}.mp4' })
    const plan = await buildPlan(settings, noSession, publisherHolding({}, 'release v1 already has an asset named pr_1.mp4'))
    if (plan.kind !== 'refused') throw new Error('expected a refusal')
    expect(plan.results.map((r) => [r.proofread_id, r.status, r.error])).toEqual([
      ['pr_1', 'not_started', 'release v1 already has an asset named pr_1.mp4'],
      ['pr_2', 'not_started', 'release v1 already has an asset named pr_1.mp4'],
    ])
  })

  it('a resumed job is one job, labelled by its id, at the step’s only place', async () => {
    const settings = settingsWith({ proofread_id: '', video_translate_id: 'vt_9' })
    const plan = await buildPlan(settings, noSession, undefined)
    expect(plan.kind === 'run' && plan.jobs.map((j) => [j.label, j.index])).toEqual([['vt_9', 0]])
  })
})

describe('refusal', () => {
  it('is the one builder of a refused step: not started, nothing paid, the error only where the problem is', () => {
    expect(refusal([{ proofreadId: 'a' }, { proofreadId: 'b' }], { ids: ['b'], message: 'clash' })).toEqual([
      { proofread_id: 'a', video_translate_id: '', status: 'not_started' },
      { proofread_id: 'b', video_translate_id: '', status: 'not_started', error: 'clash' },
    ])
  })
})
