// End to end against today's HeyGen (v2 retired): what only a signalled process shows. SIGINT while waiting stops the
// step within two seconds, with the video_translate_id already an output, the way to resume in the log, and the status
// output HeyGen's last polled word. (One spawned run for what were two stories: this file's and the status-word one of
// test/e2e/text/today-cancel.test.ts.) The rest of the waiting stories run in-process (test/inproc/step/wait.test.ts).
import type { ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseOutputFile } from '../../../sandbox/run-action.ts'
import { annotations, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Wt4K-91b2-Lq'
const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.1' }, sandbox: { v2Retired: 410 } })

/** The one job of the step (exactly one: nobody pays twice). */
function onlyJob() {
  expect(sandbox.jobs).toHaveLength(1)
  return sandbox.jobs[0]!
}

describe('cancelling while waiting', () => {
  it('stops within two seconds of SIGINT, with video_translate_id already an output and the way to resume in the log; the status output is HeyGen’s last polled word', async () => {
    const dir = tempDir('heygen-e2e-cancel-')
    const folder = tempDir('heygen-e2e-today-cancel-')
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
          // Let it poll a little (three status calls at least, so HeyGen has said `running`), then cancel as the runner does.
          const timer = setInterval(() => {
            if ((sandbox.jobs[0]?.statusCalls ?? 0) < 3) return
            clearInterval(timer)
            outputsAtKill = parseOutputFile(readFileSync(outputFile, 'utf8'))
            killedAt = Date.now()
            child.kill('SIGINT')
          }, 400)
          child.once('exit', () => clearInterval(timer))
        }
      })
    }
    const run = await act(
      { proofread_id: 'stop-never-finishes-es', wait: 'true', wait_timeout: '60' },
      { workspace: folder, onSpawn: watch, env: { GITHUB_OUTPUT: outputFile }, timeoutMs: 20_000 },
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
    // Status words users can trust: after a cancel the status output is HeyGen's last polled word too.
    expect(run.outputs.status).toBe('running')
    expect(existsSync(folder)).toBe(true)
  })
})
