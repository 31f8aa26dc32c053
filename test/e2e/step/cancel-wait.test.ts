// End to end: what only a signalled process shows. SIGINT while waiting stops the step within two seconds, with the
// video_translate_id already an output and the way to resume in the log. The rest of the waiting stories run
// in-process (test/inproc/step/wait.test.ts).
import type { ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseOutputFile } from '../../../sandbox/run-action.ts'
import { annotations, PINNED, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Wt4K-91b2-Lq'

const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.1', ...PINNED } })

/** The one job of the step (exactly one: nobody pays twice). */
function onlyJob() {
  expect(sandbox.jobs).toHaveLength(1)
  return sandbox.jobs[0]!
}

describe('cancelling while waiting', () => {
  it('stops within two seconds of SIGINT, with video_translate_id already an output and the way to resume in the log', async () => {
    const dir = tempDir('heygen-e2e-cancel-')
    const outputFile = join(dir, 'output')
    writeFileSync(outputFile, '')
    let killedAt = 0
    let outputsAtKill: Record<string, string> = {}
    const watch = (child: ChildProcess): void => {
      let seen = ''
      child.stdout?.on('data', (text: string) => {
        seen += text
        if (killedAt === 0 && seen.includes('Waiting for')) {
          killedAt = -1
          // Let it poll a little, then cancel as the runner does.
          setTimeout(() => {
            outputsAtKill = parseOutputFile(readFileSync(outputFile, 'utf8'))
            killedAt = Date.now()
            child.kill('SIGINT')
          }, 400)
        }
      })
    }

    const run = await act(
      { proofread_id: 'release-never-finishes-de', wait: 'true', wait_timeout: '60', poll_interval: '0.2' },
      { onSpawn: watch, env: { GITHUB_OUTPUT: outputFile }, timeoutMs: 20_000 },
    )
    const exitedAt = Date.now()

    expect(killedAt).toBeGreaterThan(0)
    expect(exitedAt - killedAt).toBeLessThan(2000)
    expect(run.signal).toBeNull()
    expect(run.code).not.toBe(0)
    const job = onlyJob()
    // Written before the wait began, so a later step or a re-run can resume even after a cancel.
    expect(outputsAtKill.video_translate_id).toBe(job.id)
    expect(run.outputs.video_translate_id).toBe(job.id)
    const said = [...annotations(run.log, 'warning'), ...annotations(run.log, 'error')].join('\n')
    expect(said).toContain('SIGINT')
    expect(said).toContain(job.id)
    expect(said).toContain(`video_translate_id: ${job.id}`)
  })
})
