// download_path as the user writes it: a video file or a folder, placeholders whole, one file per proofread, and a
// relative path that stays in the workspace; all refused before anything is paid (issues 17 and 18).
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { inputError, isolateEnv, settingsWith } from '../_env.js'

isolateEnv()

describe('download_path names a video file or a folder (issues 17 and 18)', () => {
  it.each([
    'videos/{output_language}',
    'scripts/{output_language}',
    '{output_language}',
    'videos/{proofread_id}.{output_language}',
    'v/{proofread_id}.txt',
  ])('%s, without a video extension of its own, is refused before anything is paid', (downloadPath) => {
    const error = inputError({ download_path: downloadPath })
    expect(error.input).toBe('download_path')
    expect(error.message).toContain('must name a video file ending in .mp4')
    expect(error.message).toContain('or a folder ending in /')
  })

  it.each(['videos/{output_language}.mp4', 'videos/{output_language}/', 'out/video.MP4', 'clips/{proofread_id}.webm', 'out/my-video'])(
    '%s is accepted',
    (downloadPath) => {
      expect(settingsWith({ download_path: downloadPath }).files.downloadPath).toBe(downloadPath)
    },
  )

  it.each(['videos/{output_language.mp4', 'videos/output_language}.mp4', 'videos/{{output_language}.mp4', 'videos/{output_language}}.mp4'])(
    'an unbalanced brace (%s) is refused',
    (downloadPath) => {
      const error = inputError({ download_path: downloadPath })
      expect(error.input).toBe('download_path')
      expect(error.message).toMatch(/unbalanced brace|unknown placeholder/)
    },
  )

  it('an empty placeholder {} is refused', () => {
    expect(inputError({ download_path: 'videos/{}.mp4' }).message).toContain('empty placeholder {}')
  })

  it('with several ids, one file without a placeholder is refused, as action.yml says; a folder or a placeholder is not', () => {
    const error = inputError({ proofread_id: 'a,b', download_path: 'videos/out.mp4' })
    expect(error.input).toBe('download_path')
    expect(error.message).toContain('several proofread ids')
    expect(settingsWith({ proofread_id: 'a,b', download_path: 'videos/' }).files.downloadPath).toBe('videos/')
    // A name of the user's own without a video extension is a folder with several ids, as before.
    expect(settingsWith({ proofread_id: 'a,b', download_path: 'videos' }).files.downloadPath).toBe('videos')
    expect(settingsWith({ proofread_id: 'a,b', download_path: 'videos/{proofread_id}.mp4' }).files.downloadPath).toBe('videos/{proofread_id}.mp4')
  })

  it.each(['../x.mp4', '/tmp/runner-temp/v.mp4'])("a path outside the workspace (%s) is the user's choice, and allowed", (downloadPath) => {
    expect(settingsWith({ download_path: downloadPath }).files.downloadPath).toBe(downloadPath)
  })

  it('a relative path through a folder link that leads out of the workspace is refused', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'inputs-ws-'))
    const outside = mkdtempSync(join(tmpdir(), 'inputs-outside-'))
    symlinkSync(outside, join(workspace, 'videos'))
    process.env.GITHUB_WORKSPACE = workspace
    try {
      for (const downloadPath of ['videos/', 'videos/{output_language}.mp4', 'videos/sub/x.mp4']) {
        const error = inputError({ download_path: downloadPath })
        expect(error.input, downloadPath).toBe('download_path')
        expect(error.message).toContain('outside the workspace')
      }
      // The same folder written as an absolute path is the user's explicit choice.
      expect(settingsWith({ download_path: `${outside}/x.mp4` }).files.downloadPath).toBe(`${outside}/x.mp4`)
    } finally {
      rmSync(workspace, { recursive: true, force: true })
      rmSync(outside, { recursive: true, force: true })
    }
  })
})
