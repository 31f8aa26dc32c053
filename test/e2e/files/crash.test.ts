// End to end: a dependency throws where no code of the action can catch it (an uncaught exception, an unhandled
// rejection) while a paid video is downloading. The user still gets every job's id, its resume block and the summary,
// and no partial file stays behind. The throw comes from a test-only hook loaded with NODE_OPTIONS (faults/).
import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { ProofreadResult } from '../../../src/action/report/result.ts'
import { errorOf, PINNED, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Cr4sh-77aQ-Lw'
const FAULT = fileURLToPath(new URL('./faults/throw-during-download.mjs', import.meta.url))

const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.05', request_timeout: '2', ...PINNED } })

function everythingIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort() : []
}

function faultEnv(mode: 'throw' | 'reject'): Record<string, string> {
  return { NODE_OPTIONS: `--import=${FAULT}`, FAULT_DURING_DOWNLOAD: mode }
}

describe.each(['throw', 'reject'] as const)('a dependency that ends in an uncaught %s during a download', (mode) => {
  it('one proofread: the paid job keeps its id, its resume block and its summary row, and no .part file is left', async () => {
    const folder = tempDir('heygen-e2e-crash-')
    // slow-download: 16 pieces 50 ms apart, so the fault lands while the body is being written.
    const run = await act({ proofread_id: 'release-slow-download-es', download_path: `${folder}/` }, { timeoutMs: 20_000, env: faultEnv(mode) })

    expect(run.code, run.log).toBe(1)
    expect(run.durationMs).toBeLessThan(15_000)
    expect(sandbox.jobs).toHaveLength(1)
    const job = sandbox.jobs[0]!
    const error = errorOf(run)
    expect(error).toContain(`injected ${mode} during the download`)
    expect(error).toContain('rendered at HeyGen (billed once) but was not saved in full')
    expect(error).toContain(`    video_translate_id: ${job.id}`)
    expect(error).toContain(`    download_path: ${folder}/`)
    expect(run.outputs.video_translate_id).toBe(job.id)
    expect(run.outputs.status, "HeyGen's last word").toBe('success')
    const results = JSON.parse(run.outputs.results ?? '[]') as ProofreadResult[]
    expect(results).toMatchObject([{ proofread_id: 'release-slow-download-es', video_translate_id: job.id, status: 'success' }])
    expect(run.summary).toContain(job.id)
    expect(run.summary).toContain('release-slow-download-es')
    // Not a crash trace: the runner's log shows the action's own words.
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expect(everythingIn(folder)).toEqual([])
    // The paid call was sent once, and never again on the way out.
    expect(sandbox.generateCalls()).toHaveLength(1)
  })

  it('a batch: every proofread is reported, saved or with its resume block, and the other downloads leave no .part file', async () => {
    const folder = tempDir('heygen-e2e-crash-batch-')
    const ids = ['release-a-slow-download-es', 'release-b-slow-download-fr', 'release-c-slow-download-de']
    const run = await act(
      { proofread_id: ids.join('\n'), download_path: `${folder}/{proofread_id}.mp4`, max_concurrency: '3' },
      { timeoutMs: 20_000, env: faultEnv(mode) },
    )

    expect(run.code, run.log).toBe(1)
    expect(sandbox.jobs).toHaveLength(3)
    const results = JSON.parse(run.outputs.results ?? '[]') as ProofreadResult[]
    expect(results.map((r) => r.proofread_id)).toEqual(ids)
    const error = errorOf(run)
    for (const [index, result] of results.entries()) {
      const job = sandbox.jobs.find((j) => j.proofreadId === ids[index])!
      expect(result.video_translate_id).toBe(job.id)
      expect(run.summary).toContain(job.id)
      // Each job is either saved whole or named with the block that resumes it.
      if (result.video_path) expect(result.video_path).toBe(`${folder}/${ids[index]}.mp4`)
      else expect(error).toContain(`    video_translate_id: ${job.id}`)
    }
    expect(run.outputs.video_translate_id?.split('\n')).toEqual(results.map((r) => r.video_translate_id))
    expect(everythingIn(folder).filter((name) => name.endsWith('.part') || name.startsWith('.'))).toEqual([])
    expect(everythingIn(folder)).toEqual(
      results
        .filter((r) => r.video_path)
        .map((r) => `${r.proofread_id}.mp4`)
        .sort(),
    )
    expect(sandbox.generateCalls()).toHaveLength(3)
  })
})
