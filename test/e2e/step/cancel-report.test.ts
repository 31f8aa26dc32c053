// End to end: what only a signalled process shows. A cancel (SIGINT, as the runner sends) says what is really still
// running, with one resume block each. The rest of the report stories run in-process (test/inproc/step/report.test.ts).
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { annotations, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Rp4W-19ce-Lq'
const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.05' } })

describe('a cancel says what is really still running', () => {
  it('lists only the job HeyGen may still render, says which finished (and where) or was downloading, one resume block each', async () => {
    const workspace = tempDir('heygen-e2e-cancel-')
    const ids = ['halt-es', 'halt-never-finishes-fr', 'halt-slow-download-size-20971520-de']
    const jobOf = (proofreadId: string) => sandbox.jobs.find((job) => job.proofreadId === proofreadId)
    const run = await act(
      { api_version: 'v3', proofread_id: ids.join('\n'), download_path: 'videos/' },
      {
        workspace,
        timeoutMs: 30_000,
        onSpawn: (child) => {
          const timer = setInterval(() => {
            const saved = jobOf('halt-es') && existsSync(`${workspace}/videos/${jobOf('halt-es')?.id}.mp4`)
            const downloading = sandbox.fileRequests.some((request) => request.path.includes(jobOf(ids[2]!)?.id ?? '-'))
            if (saved && downloading) {
              clearInterval(timer)
              child.kill('SIGINT')
            }
          }, 20)
        },
      },
    )
    expect(run.code).toBe(1)
    const [done, rendering, downloading] = ids.map((id) => jobOf(id)!.id)
    const warnings = annotations(run.stdout, 'warning').filter((w) => w.startsWith('Cancelled by SIGINT'))
    expect(warnings, run.log).toHaveLength(1)
    const warning = warnings[0] ?? ''
    expect(warning).toContain(`HeyGen may still be rendering these jobs (each billed once, not cancelled there): ${rendering}.`)
    expect(warning).toContain(`Rendered at HeyGen, but the download was cut short: ${downloading}.`)
    expect(warning).toContain(`Finished before the cancel: ${done} (saved to ${workspace}/videos/${done}.mp4).`)
    // Each resume block once in the whole log, none for the job that is done.
    const blocks = (id: string | undefined) => run.stdout.split(`    video_translate_id: ${id}`).length - 1
    expect(blocks(rendering)).toBe(1)
    expect(blocks(downloading)).toBe(1)
    expect(blocks(done)).toBe(0)
    const error = annotations(run.stdout, 'error').join('\n')
    expect(error).toContain(`video_translate_id ${rendering}: its resume block is in the cancel warning above.`)
    expect(error).toContain(`video_translate_id ${downloading}: its resume block is in the cancel warning above.`)
    expect(run.outputs.status).toBe('success\nrunning\nsuccess')
  })
})
