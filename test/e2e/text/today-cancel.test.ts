// End to end against today's HeyGen (v2 retired): what only a signalled process shows, a cancel during the preflight.
// A cancel while waiting (the status output is HeyGen's last polled word) is part of the one spawned run of
// test/e2e/step/cancel-wait.test.ts. The rest of today's stories run in-process (test/inproc/text/today.test.ts).
import { describe, expect, it } from 'vitest'
import { errorOf, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Td8R-77c1-Mv'

const { sandbox, act } = useSandbox({ key: KEY, inputs: { poll_interval: '0.05' }, sandbox: { v2Retired: 410 } })
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
