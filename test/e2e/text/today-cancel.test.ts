// End to end against today's HeyGen (v2 retired): what only a signalled process shows, a cancel during the preflight
// and a cancel while waiting. The rest of today's stories run in-process (test/inproc/text/today.test.ts).
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorOf, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Td8R-77c1-Mv'

const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.05' }, sandbox: { v2Retired: 410 } })
const detailCalls = () => sandbox.requests.filter((r) => r.method === 'GET' && /^\/v3\/video-translations\/proofreads\/[^/]+$/.test(r.path))

describe('the free preflight', () => {
  it('a cancel during the preflight ends the step saying nothing was generated or spent', async () => {
    const run = await act(
      { proofread_id: 'late-proofread-503-5-es' },
      {
        onSpawn: (child) => {
          const timer = setInterval(() => {
            if (detailCalls().length >= 1) {
              clearInterval(timer)
              child.kill('SIGINT')
            }
          }, 20)
        },
      },
    )
    expect(run.code).toBe(1)
    expect(sandbox.generateCalls()).toEqual([])
    expect(errorOf(run)).toMatch(/Nothing was generated and no credits were spent.*\n.*cancelled/)
  })
})

describe('status words users can trust', () => {
  it('after a cancel the status output is HeyGen’s last polled word too', async () => {
    const folder = tempDir('heygen-e2e-today-cancel-')
    const run = await act(
      { proofread_id: 'stop-never-finishes-es', wait: 'true' },
      {
        workspace: folder,
        onSpawn: (child) => {
          const timer = setInterval(() => {
            if (sandbox.jobs[0] && sandbox.jobs[0].statusCalls >= 3) {
              clearInterval(timer)
              child.kill('SIGINT')
            }
          }, 20)
        },
      },
    )
    expect(run.code).not.toBe(0)
    expect(run.outputs.status).toBe('running')
    expect(existsSync(folder)).toBe(true)
  })
})
