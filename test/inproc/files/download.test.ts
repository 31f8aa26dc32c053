// In-process: the step downloads the finished video (and captions) into the workspace, checks it byte for byte,
// refreshes an expired link, never sends the key to the file host, and leaves no partial file behind on a cut-off
// download. A 64 MiB download by the bundled action, and a cancel (SIGINT) mid-download, stay in a child process:
// test/e2e/files/download.test.ts.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { expectedVideoSha256 } from '../../../sandbox/heygen-sandbox.ts'
import { filesIn, onlyJob, partFiles, sha256File, videoGets } from '../../helpers/saved-files.ts'
import { annotations, PINNED, useSandbox } from '../harness.ts'

const KEY = 'sk-ip-Dl5P-5c7e-Yr'
const MIB = 1024 * 1024

// Each `act` also checks the key never leaks (harness.ts).
const { sandbox, act } = useSandbox({ key: KEY, inputs: { poll_interval: '0.02', ...PINNED } })

describe('saving the video (download_path)', () => {
  it('a folder path (videos/) relative to the workspace gets <id>.mp4, byte for byte', async () => {
    const run = await act({ proofread_id: 'release-dl-es', download_path: 'videos/' })

    expect(run.code).toBe(0)
    const job = onlyJob(sandbox)
    const folder = join(run.workspace, 'videos')
    const file = join(folder, `${job.id}.mp4`)
    expect(run.outputs.video_path).toBe(file)
    expect(run.outputs.status).toBe('success')
    expect(filesIn(folder)).toEqual([`${job.id}.mp4`])
    expect(await sha256File(file)).toBe(expectedVideoSha256(job.id, MIB))
    // Shown relative to the workspace (issue 27).
    expect(run.summary).toContain(`<code>videos/${job.id}.mp4</code>`)
  })

  it('a file path (out/es.mp4) saves exactly there', async () => {
    const run = await act({ proofread_id: 'release-dl-file-es', download_path: 'out/es.mp4' })

    expect(run.code).toBe(0)
    const job = onlyJob(sandbox)
    const file = join(run.workspace, 'out', 'es.mp4')
    expect(run.outputs.video_path).toBe(file)
    expect(filesIn(join(run.workspace, 'out'))).toEqual(['es.mp4'])
    expect(await sha256File(file)).toBe(expectedVideoSha256(job.id, MIB))
  })

  it('a download cut short fails the step and leaves neither the file nor a partial one', async () => {
    const run = await act({ proofread_id: 'release-truncate-es', download_path: 'videos/' })

    expect(run.code).toBe(1)
    const job = onlyJob(sandbox)
    const folder = join(run.workspace, 'videos')
    expect(existsSync(join(folder, `${job.id}.mp4`))).toBe(false)
    expect(filesIn(folder)).toEqual([])
    expect(run.outputs.video_path).toBe('')
    expect(videoGets(sandbox)).toHaveLength(1)
    // The video rendered (and was paid for): the error says how to fetch it again without generating.
    const [error] = annotations(run.log, 'error')
    expect(error).toContain(job.id)
    expect(error).toContain(`video_translate_id: ${job.id}`)
  })

  it('the resume block after a failed download downloads again when pasted (it keeps download_path)', async () => {
    const run = await act({ proofread_id: 'release-truncate-fr', download_path: 'videos/' })

    expect(run.code).toBe(1)
    const job = onlyJob(sandbox)
    const [error] = annotations(run.log, 'error')
    const lines = error!.split('\n')
    const withAt = lines.indexOf('  with:')
    expect(withAt).toBeGreaterThan(-1)
    const block = lines.slice(withAt + 1).filter((line) => line.startsWith('    '))
    expect(block).toContain(`    video_translate_id: ${job.id}`)
    // With `wait: true` alone the resumed step would only wait: the video the user asked for would never be saved.
    expect(block).toContain('    download_path: videos/')
  })

  it('an expired link is refreshed once through the status route, and the download succeeds', async () => {
    const run = await act({ proofread_id: 'release-expire-once-es', download_path: 'videos/' })

    expect(run.code).toBe(0)
    const job = onlyJob(sandbox)
    const gets = videoGets(sandbox)
    expect(gets).toHaveLength(2)
    const sigs = gets.map((request) => new URL(request.path, sandbox.fileUrl).searchParams.get('sig'))
    expect(sigs[0]).toBeTruthy()
    expect(sigs[1]).toBeTruthy()
    expect(sigs[0]).not.toBe(sigs[1])
    // pending, running, success, and one more for the fresh link.
    expect(sandbox.requests.filter((request) => request.method === 'GET' && request.path === `/v2/video_translate/${job.id}`)).toHaveLength(4)
    expect(await sha256File(join(run.workspace, 'videos', `${job.id}.mp4`))).toBe(expectedVideoSha256(job.id, MIB))
    expect(partFiles(join(run.workspace, 'videos'))).toEqual([])
  })

  it('never sends the key to the file host, while every API call carries it', async () => {
    const run = await act({ api_version: 'v3', proofread_id: 'release-keycheck-es', captions: 'true', download_path: 'videos/' })

    expect(run.code).toBe(0)
    // Video and captions both came from the file host, with no key of any kind.
    expect(sandbox.fileRequests.map((request) => new URL(request.path, sandbox.fileUrl).pathname).sort()).toEqual(
      [`/captions/${onlyJob(sandbox).id}.vtt`, `/videos/${onlyJob(sandbox).id}.mp4`].sort(),
    )
    for (const request of sandbox.fileRequests) {
      expect(request.headers['x-api-key']).toBeUndefined()
      expect(request.headers.authorization).toBeUndefined()
      expect(JSON.stringify(request.headers)).not.toContain(KEY)
    }
    expect(sandbox.requests.length).toBeGreaterThan(0)
    for (const request of sandbox.requests) expect(request.headers['x-api-key']).toBe(KEY)
  })
})

describe('saving the captions beside the video', () => {
  it.each(['v2', 'v3'] as const)('%s: captions: true saves <id>.vtt beside the video', async (version) => {
    const run = await act({ api_version: version, proofread_id: `release-dl-captions-${version}-es`, captions: 'true', download_path: 'videos/' })

    expect(run.code).toBe(0)
    const job = onlyJob(sandbox)
    const folder = join(run.workspace, 'videos')
    const caption = join(folder, `${job.id}.vtt`)
    expect(run.outputs.caption_path).toBe(caption)
    expect(run.outputs.video_path).toBe(join(folder, `${job.id}.mp4`))
    expect(filesIn(folder)).toEqual([`${job.id}.mp4`, `${job.id}.vtt`])
    const text = readFileSync(caption, 'utf8')
    expect(text.startsWith('WEBVTT')).toBe(true)
    expect(text).toContain(job.id)
  })
})
