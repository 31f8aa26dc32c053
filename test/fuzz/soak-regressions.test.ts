// Failures the soak (`npm run soak`) found under random faults, pinned here as quick deterministic stories, the step run
// in-process (test/inproc/run-in-process.ts) on the shrunk timing.
import { createHash } from 'node:crypto'
import { readFileSync, rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectedVideoSha256, type Sandbox, startSandbox } from '../../sandbox/heygen-sandbox.ts'
import { runInProcess } from '../inproc/run-in-process.ts'
import { FAST } from '../inproc/timing.ts'
import { errorLine, expectCleanEnd, expectKeyNowhere, KEY } from './contract.ts'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({ pendingPolls: 1, runningPolls: 1 })
})
afterAll(async () => {
  await sandbox?.close()
})

describe('an expired download link while the status route flaps (soak: flap + expire-once)', () => {
  // The wait loop rides out 503s, but the one status call that refreshes an expired link is not retried: a 503 there
  // fails a step whose video rendered and was paid for. Every second status call answers 503 under `flap`, and the
  // refresh comes right after the successful one, so it always lands on a 503.
  for (const version of ['v2', 'v3'] as const) {
    it(`${version}: the fresh link is fetched despite a 503, and the video is saved`, async () => {
      const id = `pr-${version}-flap-expire-once-size-4096`
      const run = await runInProcess(
        { inputs: { api_key: KEY, base_url: sandbox.url, api_version: version, proofread_id: id, download_path: 'videos/', poll_interval: '0.05' } },
        FAST,
      )
      expectCleanEnd(run)
      expectKeyNowhere(run, KEY)
      expect(run.code, errorLine(run)).toBe(0)
      const job = sandbox.jobs.find((j) => j.proofreadId === id)?.id ?? ''
      expect(run.outputs.video_path).toMatch(/\.mp4$/)
      expect(sandbox.generateCalls(id)).toHaveLength(1)
      expect(job).not.toBe('')
      expect(
        createHash('sha256')
          .update(readFileSync(run.outputs.video_path ?? ''))
          .digest('hex'),
      ).toBe(expectedVideoSha256(job, 4096))
      rmSync(run.tempDir, { recursive: true, force: true })
    })
  }
})
