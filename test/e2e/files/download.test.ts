// End to end: the bundled action downloads a 64 MiB video into the workspace, byte for byte, and a cancel (SIGINT)
// mid-download stops it within two seconds leaving no file, partial or whole. What else a download must do (a folder
// or a file path, captions, a cut-off body, the resume block, an expired link, the key kept from the file host) runs
// in-process: test/inproc/files/download.test.ts.
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectedVideoSha256 } from '../../../sandbox/heygen-sandbox.ts'
import { filesIn, onlyJob, partFiles, sha256File, videoGets } from '../../helpers/saved-files.ts'
import { annotations, PINNED, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Dl5P-5c7e-Yr'
const MIB = 1024 * 1024

// Each `act` also checks the key never leaks (harness.ts).
const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.05', ...PINNED } })

describe('saving the video (download_path)', () => {
  it('a 64 MiB video arrives whole, checked on disk', async () => {
    const size = 64 * MIB
    const run = await act({ api_version: 'v3', proofread_id: `release-size-${size}-es`, download_path: 'videos/' })

    expect(run.code).toBe(0)
    const job = onlyJob(sandbox)
    const folder = join(run.workspace, 'videos')
    const file = join(folder, `${job.id}.mp4`)
    expect(run.outputs.video_path).toBe(file)
    expect(filesIn(folder)).toEqual([`${job.id}.mp4`])
    expect(await sha256File(file)).toBe(expectedVideoSha256(job.id, size))
  })
})

describe('cancelling a download', () => {
  it('stops within two seconds of SIGINT during a slow download and leaves no file, partial or whole', async () => {
    const dir = tempDir('heygen-e2e-cancel-dl-')
    const workspace = join(dir, 'workspace')
    mkdirSync(workspace)
    const folder = join(workspace, 'videos')
    let killedAt = 0
    let partAtKill: string[] = []
    const watch = (child: ChildProcess): void => {
      // Cancel once the partial file has been growing for a moment, as a runner would mid-download.
      const timer = setInterval(() => {
        if (partFiles(folder).length === 0) return
        clearInterval(timer)
        setTimeout(() => {
          partAtKill = partFiles(folder)
          killedAt = Date.now()
          child.kill('SIGINT')
        }, 300)
      }, 25)
      child.once('exit', () => clearInterval(timer))
    }

    const run = await act(
      { proofread_id: `release-slow-download-size-${20 * MIB}-es`, download_path: 'videos/' },
      { workspace, onSpawn: watch, timeoutMs: 25_000 },
    )
    const exitedAt = Date.now()

    expect(killedAt).toBeGreaterThan(0)
    expect(partAtKill).toHaveLength(1)
    expect(exitedAt - killedAt).toBeLessThan(2000)
    expect(run.signal).toBeNull()
    expect(run.code).not.toBe(0)
    const job = onlyJob(sandbox)
    expect(videoGets(sandbox)).toHaveLength(1)
    expect(existsSync(join(folder, `${job.id}.mp4`))).toBe(false)
    expect(filesIn(folder)).toEqual([])
    expect(run.outputs.video_path ?? '').toBe('')
    const said = [...annotations(run.log, 'warning'), ...annotations(run.log, 'error')].join('\n')
    expect(said).toContain('SIGINT')
    expect(said).toContain(`video_translate_id: ${job.id}`)
  })
})
