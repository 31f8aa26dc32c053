// api_version auto against a HeyGen whose v2 still answers: the product's v2 route goes first, and a second paid call
// (on v3) is sent for a proofread only when v2 answered 404 or 410, which start nothing. A 5xx, a timeout or a reset
// may have started a job: it is reported, never sent again anywhere. In-process: these are the money rules of the
// orchestration, with the same counts of paid calls as when they spawned the bundle.
import { describe, expect, it } from 'vitest'
import { errorOf, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Au6J-3b90-Xe'
// No preflight here: these stories count generate calls (the preflight has its own, in today.test.ts).
// On a clock five times faster (faster-clock.ts): the polls keep their proportions.
const { sandbox, act } = useSandbox({ key: KEY, inputs: { poll_interval: '0.05', preflight: 'false' }, clockRate: 5 })

const generateCalls = (version: 'v2' | 'v3') => sandbox.generateCalls().filter((r) => r.path.startsWith(`/${version}/`))

describe('api_version auto with v2 still live', () => {
  it('uses the v2 route, as the product specifies, and reports v2 in results and the summary', async () => {
    const run = await act({ proofread_id: 'live-es', wait: 'true' })
    expect(run.code, run.log).toBe(0)
    expect(generateCalls('v2')).toHaveLength(1)
    expect(generateCalls('v3')).toEqual([])
    expect((JSON.parse(run.outputs.results ?? '[]') as unknown[])[0]).toMatchObject({ api_version: 'v2', status: 'success' })
    expect(run.summary).toContain('<td>v2</td>')
  })

  it.each([404, 410])('v2 answering %i (gone, nothing started): the same proofread goes once to v3, with an Idempotency-Key', async (status) => {
    const run = await act({ proofread_id: `gone-status-${status}-es` })
    // The sandbox answers that status on v3 too: what matters is that v3 was asked exactly once.
    expect(generateCalls('v2')).toHaveLength(1)
    expect(generateCalls('v3')).toHaveLength(1)
    expect(generateCalls('v3')[0]!.headers['idempotency-key']).toBeDefined()
    expect(sandbox.jobs).toEqual([])
    expect(run.code).toBe(1)
  })

  it.each([
    ['500', 'boom-status-500-es', {}],
    ['a reset after sending', 'cut-reset-es', {}],
    // request_timeout's input floor (a second in production) lowered through the injected timing.
    ['a timeout', 'stuck-hang-es', { request_timeout: '0.2' }],
  ])('v2 answering %s may have started a job: no v3 call, and the error says not to pay twice', async (_what, id, inputs) => {
    // The wall's clock where request_timeout is 0.2 s: on a faster one every call's would shrink with it.
    const run = await act(
      { proofread_id: id, ...inputs },
      { timing: { requestTimeoutFloorMs: 200 }, ...('request_timeout' in inputs ? { clockRate: 1 } : {}) },
    )
    expect(run.code).toBe(1)
    expect(generateCalls('v3')).toEqual([])
    expect(generateCalls('v2')).toHaveLength(1)
    expect(errorOf(run)).toMatch(/may have started|not charged twice/)
  })

  it('a 200 that carries both an error and a job id: the id is an output, with the resume hint, and the step fails', async () => {
    const run = await act({ proofread_id: 'odd-ok-error-with-id-es' })
    expect(run.code).toBe(1)
    expect(sandbox.jobs).toHaveLength(1)
    const id = sandbox.jobs[0]!.id
    expect(run.outputs.video_translate_id).toBe(id)
    const error = errorOf(run)
    expect(error).toContain(`video_translate_id ${id}`)
    expect(error).toContain(`    video_translate_id: ${id}`)
    expect(generateCalls('v3')).toEqual([])
  })
})
