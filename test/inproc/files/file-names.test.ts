// In-process: the files a step saves are named by the user's download_path, never by HeyGen. A path without a video
// extension of its own, an unbalanced brace, one file for several proofreads, a folder link out of the workspace, or a
// placeholder the preflight gave no value for: each is refused before any credit is spent. A path outside the
// workspace written by the user is allowed.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorOf, useSandbox } from '../harness.ts'
import { runInProcess } from '../run-in-process.ts'
import { FAST } from '../timing.ts'

const KEY = 'sk-e2e-F1le-N4mes-k2'

const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.01', request_timeout: '2' } })

function filesIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort() : []
}

/** The step failed on the input, naming download_path, and nothing at all was sent to HeyGen. */
function expectRefusedBeforeAnything(run: Awaited<ReturnType<typeof act>>, said: RegExp): void {
  expect(run.code, run.log).toBe(1)
  const error = errorOf(run)
  expect(error).toContain('download_path')
  expect(error).toMatch(said)
  expect(sandbox.requests).toEqual([])
  expect(sandbox.jobs).toEqual([])
}

describe('download_path names a video file or a folder', () => {
  it.each(['videos/{output_language}', 'scripts/{output_language}', '{output_language}'])(
    '%s, where HeyGen would choose the whole file name, is refused before anything is sent',
    async (downloadPath) => {
      const run = await act({ proofread_id: 'release-es', download_path: downloadPath })

      expectRefusedBeforeAnything(run, /must name a video file ending in \.mp4/)
    },
  )

  it('videos/{output_language.mp4, an unbalanced brace, is refused before anything is sent', async () => {
    const run = await act({ proofread_id: 'release-es', download_path: 'videos/{output_language.mp4' })

    expectRefusedBeforeAnything(run, /unbalanced brace/)
  })

  it('with several ids, videos/out.mp4 (one file, no placeholder) is refused before anything is sent', async () => {
    const run = await act({ proofread_id: 'release-es\nrelease-fr', download_path: 'videos/out.mp4' })

    expectRefusedBeforeAnything(run, /several proofread ids/)
  })

  it('videos/{output_language}.mp4 saves the video and its captions under one base name', async () => {
    const workspace = tempDir('heygen-e2e-names-')
    const run = await act({ proofread_id: 'release-es', download_path: 'videos/{output_language}.mp4', captions: 'true' }, { workspace })

    expect(run.code, run.log).toBe(0)
    expect(filesIn(join(workspace, 'videos'))).toEqual(['Spanish-Spain.mp4', 'Spanish-Spain.vtt'])
  })
})

describe('where the files may go', () => {
  it('../x.mp4, outside the workspace, is the user’s choice and is saved there', async () => {
    const root = tempDir('heygen-e2e-outside-')
    const workspace = join(root, 'repo')
    mkdirSync(workspace)
    const run = await act({ proofread_id: 'release-es', download_path: '../release-video.mp4' }, { workspace })

    expect(run.code, run.log).toBe(0)
    expect(run.outputs.video_path).toBe(join(root, 'release-video.mp4'))
    expect(filesIn(root)).toEqual(['release-video.mp4', 'repo'])
  })

  it('an absolute path (the runner temp folder) is saved there', async () => {
    const temp = tempDir('heygen-e2e-runner-temp-')
    const run = await act({ proofread_id: 'release-es', download_path: `${temp}/v.mp4` })

    expect(run.code, run.log).toBe(0)
    expect(filesIn(temp)).toEqual(['v.mp4'])
  })

  it('a folder link in the checkout that leads out of the workspace is not followed by a relative path', async () => {
    const workspace = tempDir('heygen-e2e-link-ws-')
    const outside = tempDir('heygen-e2e-link-out-')
    symlinkSync(outside, join(workspace, 'videos'))
    const run = await act({ proofread_id: 'release-es', download_path: 'videos/{output_language}.mp4' }, { workspace })

    expectRefusedBeforeAnything(run, /outside the workspace/)
    expect(filesIn(outside)).toEqual([])
  })
})

// A stand-in HeyGen whose preflight says the proofread is ready but gives no output_language.
describe('a placeholder the preflight gave no value for', () => {
  const generates: string[] = []
  let server: Server
  let base = ''

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('content-type', 'application/json')
      if (req.method === 'POST') {
        generates.push(req.url ?? '')
        return void res.end(JSON.stringify({ data: { video_translation_id: 'vt-paid', status: 'processing' } }))
      }
      if (/^\/v3\/video-translations\/proofreads\/[^/]+$/.test(req.url ?? '')) {
        return void res.end(JSON.stringify({ data: { id: 'release-xx', status: 'completed', output_language: null } }))
      }
      res.statusCode = 404
      res.end(JSON.stringify({ error: { code: 'not_found', message: 'no such route' } }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('{output_language} without a language from the preflight is refused before paying, not after', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'heygen-e2e-nolang-'))
    try {
      const run = await runInProcess(
        {
          inputs: { api_key: KEY, base_url: base, api_version: 'v3', proofread_id: 'release-xx', download_path: 'videos/{output_language}.mp4' },
          workspace,
        },
        FAST,
      )

      expect(run.code, run.log).toBe(1)
      expect(generates).toEqual([])
      expect(run.stdout).toContain('gave no output_language for proofread release-xx')
      expect(run.stdout).toContain('no credits were spent')
      expect(run.outputs.status).toBe('not_started')
      rmSync(run.tempDir, { recursive: true, force: true })
    } finally {
      rmSync(workspace, { recursive: true, force: true })
    }
  })
})
