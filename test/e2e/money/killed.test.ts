// End to end: what only a killed process shows. The video_translate_id output is written early, so a step killed
// outright (no handler of the action can run) still leaves every started id in GITHUB_OUTPUT. The rest of the plan-cap
// stories run in-process (test/inproc/money/plan-cap.test.ts).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseOutputFile } from '../../../sandbox/run-action.ts'
import { useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Cp4N-8r2s-Qw'
const plain = useSandbox({ key: KEY, inputs: { api_version: 'v3' } })

describe('the video_translate_id output while jobs start', () => {
  it('a step killed with SIGKILL after its jobs started still leaves every started id in GITHUB_OUTPUT', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `killed-${i + 1}-never-finishes`)
    let started = 0
    const run = await plain.act(
      { proofread_id: ids.join('\n'), max_concurrency: '40', wait: 'true', poll_interval: '0.5' },
      {
        timeoutMs: 60_000,
        onSpawn: (child) => {
          child.stdout?.on('data', (text: Buffer | string) => {
            started += String(text)
              .split('\n')
              .filter((line) => line.includes('Started video_translate_id')).length
            // Killed outright a little after the last job started: no handler of the action can run.
            if (started === ids.length) setTimeout(() => child.kill('SIGKILL'), 1500).unref()
          })
        },
      },
    )

    expect(run.signal).toBe('SIGKILL')
    expect(plain.sandbox.jobs).toHaveLength(40)
    const outputs = parseOutputFile(readFileSync(run.outputFile, 'utf8'))
    const listed = outputs.video_translate_id?.split('\n') ?? []
    expect(listed).toEqual(ids.map((id) => plain.sandbox.jobs.find((job) => job.proofreadId === id)?.id))
  }, 70_000)
})
