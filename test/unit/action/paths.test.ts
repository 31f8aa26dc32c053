// Where `download_path` puts the files, on Linux/macOS runners and on Windows runners.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  AUDIO_EXTENSIONS,
  CAPTION_EXTENSIONS,
  downloadPathProblem,
  FileClaims,
  leavesWorkspace,
  missingPlaceholder,
  plannedFiles,
  resolveDestination,
  safeFileName,
  VIDEO_EXTENSIONS,
} from '../../../src/action/files/paths.js'

const posix = (
  downloadPath: string,
  options: { several?: boolean; isDirectory?: (p: string) => boolean; id?: string; values?: Record<string, string> } = {},
) =>
  resolveDestination(
    downloadPath,
    { video_translate_id: options.id ?? 'vt_1', ...options.values },
    {
      workspace: '/home/runner/work/repo',
      several: options.several ?? false,
      paths: nodePath.posix,
      isDirectory: options.isDirectory ?? (() => false),
    },
  )

const win32 = (downloadPath: string, options: { several?: boolean; isDirectory?: (p: string) => boolean; workspace?: string } = {}) =>
  resolveDestination(
    downloadPath,
    { video_translate_id: 'vt_1' },
    {
      workspace: options.workspace ?? 'D:\\a\\repo',
      several: options.several ?? false,
      paths: nodePath.win32,
      isDirectory: options.isDirectory ?? (() => false),
    },
  )

describe('resolveDestination on a Linux runner', () => {
  it('a file path is kept, relative to the workspace, and the caption sits beside it without extension', () => {
    expect(posix('out/video.mp4')).toEqual({ video: '/home/runner/work/repo/out/video.mp4', base: '/home/runner/work/repo/out/video' })
  })

  it('a trailing slash makes it a folder holding <video_translate_id>.mp4', () => {
    expect(posix('out/videos/')).toEqual({
      video: '/home/runner/work/repo/out/videos/vt_1.mp4',
      base: '/home/runner/work/repo/out/videos/vt_1',
    })
  })

  it('an existing directory is a folder even without the trailing slash', () => {
    const seen: string[] = []
    const isDirectory = (p: string) => {
      seen.push(p)
      return p === '/home/runner/work/repo/out'
    }
    const destination = posix('out', { isDirectory })
    expect(destination.video).toBe('/home/runner/work/repo/out/vt_1.mp4')
    expect(seen).toEqual(['/home/runner/work/repo/out'])
  })

  it('with several proofreads it is always a folder, one file per video', () => {
    expect(posix('out', { several: true, id: 'vt_a' }).video).toBe('/home/runner/work/repo/out/vt_a.mp4')
    expect(posix('out', { several: true, id: 'vt_b' }).video).toBe('/home/runner/work/repo/out/vt_b.mp4')
  })

  it('an absolute path stays absolute', () => {
    expect(posix('/tmp/final.mp4').video).toBe('/tmp/final.mp4')
  })

  it('a file path without extension is the caption base as is', () => {
    expect(posix('out/video')).toEqual({ video: '/home/runner/work/repo/out/video', base: '/home/runner/work/repo/out/video' })
  })

  it('only the last extension is dropped for the caption', () => {
    expect(posix('out/my.talk.mp4').base).toBe('/home/runner/work/repo/out/my.talk')
  })

  it('an id with path characters cannot leave the folder', () => {
    expect(posix('out/', { id: '../../etc/passwd' }).video).toMatch(/^\/home\/runner\/work\/repo\/out\/__\.\._etc_passwd-[0-9a-f]{8}\.mp4$/)
  })

  it('a backslash is an ordinary file-name character on Linux, not a folder marker', () => {
    expect(posix('out\\').video).toBe('/home/runner/work/repo/out\\')
  })
})

describe('resolveDestination on a Windows runner', () => {
  it('out\\videos\\ is a folder in the workspace', () => {
    expect(win32('out\\videos\\')).toEqual({ video: 'D:\\a\\repo\\out\\videos\\vt_1.mp4', base: 'D:\\a\\repo\\out\\videos\\vt_1' })
  })

  it('out/videos/ written with forward slashes is a folder too', () => {
    expect(win32('out/videos/').video).toBe('D:\\a\\repo\\out\\videos\\vt_1.mp4')
  })

  it('C:\\work\\out.mp4 on another drive is kept as the file', () => {
    expect(win32('C:\\work\\out.mp4')).toEqual({ video: 'C:\\work\\out.mp4', base: 'C:\\work\\out' })
  })

  it('D:\\a\\b\\ beside the workspace D:\\a\\repo is a folder', () => {
    expect(win32('D:\\a\\b\\').video).toBe('D:\\a\\b\\vt_1.mp4')
  })

  it('an existing folder is recognised by its Windows path', () => {
    expect(win32('out', { isDirectory: (p) => p === 'D:\\a\\repo\\out' }).video).toBe('D:\\a\\repo\\out\\vt_1.mp4')
  })

  it('several proofreads make a file-looking path a folder', () => {
    expect(win32('out\\video.mp4', { several: true }).video).toBe('D:\\a\\repo\\out\\video.mp4\\vt_1.mp4')
  })
})

describe('resolveDestination with the real file system', () => {
  it('defaults to node:path and the disk: an existing folder is a folder', () => {
    const workspace = nodePath.resolve('.')
    expect(resolveDestination('test', { video_translate_id: 'vt_1' }, { workspace, several: false }).video).toBe(
      nodePath.join(workspace, 'test', 'vt_1.mp4'),
    )
    expect(resolveDestination('no-such-dir-here.mp4', { video_translate_id: 'vt_1' }, { workspace, several: false }).video).toBe(
      nodePath.join(workspace, 'no-such-dir-here.mp4'),
    )
  })
})

describe('download_path placeholders', () => {
  const values = { output_language: 'es', proofread_id: 'pr-release-es' }

  it('videos/{output_language}.mp4 saves videos/es.mp4, with captions and audio beside it under videos/es', () => {
    expect(posix('videos/{output_language}.mp4', { values, several: true })).toEqual({
      video: '/home/runner/work/repo/videos/es.mp4',
      base: '/home/runner/work/repo/videos/es',
    })
  })

  it('a folder made of placeholders holds <video_translate_id>.mp4', () => {
    expect(posix('videos/{output_language}/', { values, id: 'vt_9' }).video).toBe('/home/runner/work/repo/videos/es/vt_9.mp4')
  })

  it('every placeholder is filled, and its value cannot leave the folder', () => {
    const destination = posix('out/{proofread_id}-{output_language}-{video_translate_id}.mp4', {
      values: { output_language: '../x', proofread_id: 'pr' },
      id: 'vt_1',
    })
    // A language keeps its letters; its punctuation (the `../`) is dropped.
    expect(destination.video).toBe('/home/runner/work/repo/out/pr-x-vt_1.mp4')
  })

  it.each([
    ['Spanish (Spain)', 'Spanish-Spain', 'spanish-spain', 'es-ES'],
    ['Portuguese (Brazil)', 'Portuguese-Brazil', 'portuguese-brazil', 'pt-BR'],
    ['Chinese (Mandarin, Simplified)', 'Chinese-Mandarin-Simplified', 'chinese-mandarin-simplified', 'zh-Hans'],
    ['English', 'English', 'english', 'en'],
  ])("HeyGen's %j fills {output_language} %j, {language} %j and {language_code} %j", (name, readable, slug, code) => {
    const fill = (template: string) => nodePath.posix.basename(posix(template, { values: { output_language: name } }).video)
    expect(fill('videos/{output_language}.mp4')).toBe(`${readable}.mp4`)
    expect(fill('videos/{language}.mp4')).toBe(`${slug}.mp4`)
    expect(fill('videos/{language_code}.mp4')).toBe(`${code}.mp4`)
  })

  it('a language without a BCP 47 code is an error naming it and suggesting {language}', () => {
    expect(() => posix('videos/{language_code}.mp4', { values: { output_language: 'Elvish (Rivendell)' } })).toThrow(
      'HeyGen\'s language "Elvish (Rivendell)" has no BCP 47 code the action knows, so download_path\'s {language_code} cannot be filled: use {language} (elvish-rivendell) instead',
    )
    expect(posix('videos/{language}.mp4', { values: { output_language: 'Elvish (Rivendell)' } }).video).toBe(
      '/home/runner/work/repo/videos/elvish-rivendell.mp4',
    )
  })

  it('a value HeyGen did not give is an error naming it, not a file called "undefined"', () => {
    for (const placeholder of ['output_language', 'language', 'language_code']) {
      expect(() => posix(`videos/{${placeholder}}.mp4`, { values: {} })).toThrow(`no output_language for vt_1, so download_path's {${placeholder}}`)
    }
  })
})

describe('safeFileName', () => {
  it.each([
    ['b9v43314950d4d0eb4432a0941433771-en', 'b9v43314950d4d0eb4432a0941433771-en'],
    ['vt.1_a-b', 'vt.1_a-b'],
    ['', 'video'],
  ])('%j stays %j', (id, name) => {
    expect(safeFileName(id)).toBe(name)
  })

  it.each([
    ['a/b\\c:d', 'a_b_c_d'],
    ['..', '_'],
    ['.hidden', '_hidden'],
    ['vidéo 1', 'vid_o_1'],
  ])('%j becomes %j plus a hash of the original', (id, name) => {
    expect(safeFileName(id)).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}-[0-9a-f]{8}$`))
  })

  it('two ids that differ only in a replaced character (job/1 and job_1) never share a name', () => {
    expect(safeFileName('job/1')).not.toBe(safeFileName('job_1'))
    expect(safeFileName('job_1')).toBe('job_1')
  })

  it('a name too long for a file system is shortened with a hash suffix', () => {
    const long = 'a'.repeat(300)
    const name = safeFileName(long)
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(100)
    expect(name).not.toBe(safeFileName(`${long}b`))
  })
})

describe('FileClaims', () => {
  it('two proofreads whose files differ only in case (AbC and abc, one file on macOS and Windows) get distinct names', () => {
    const claims = new FileClaims()
    expect(claims.claim('/out/AbC.mp4', 'pr-1')).toBe('/out/AbC.mp4')
    const second = claims.claim('/out/abc.mp4', 'pr-2')
    expect(second).toMatch(/^\/out\/abc-[0-9a-f]{8}\.mp4$/)
    expect(claims.claim('/out/AbC.mp4', 'pr-1')).toBe('/out/AbC.mp4')
  })
})

describe('Windows device names and trailing dots (issue 17)', () => {
  it.each(['CON', 'con', 'NUL', 'COM1', 'lpt9', 'con.txt', 'Aux.mp4', 'PRN'])('%s never becomes a device name on a Windows runner', (value) => {
    const name = safeFileName(value)
    expect(name).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i)
    expect(name.startsWith('_')).toBe(true)
    const video = nodePath.win32.basename(
      resolveDestination(
        'videos\\{output_language}.mp4',
        { video_translate_id: 'vt_1', output_language: value },
        { workspace: 'D:\\a\\repo', several: false, paths: nodePath.win32, isDirectory: () => false },
      ).video,
    )
    expect(video.split('.')[0]?.toLowerCase()).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)$/)
    expect(video).toMatch(/\.mp4$/)
  })

  it.each(['es.', 'es..', 'es ', 'es. '])('%j, which Windows would trim, gets a name that does not end in a dot or a space', (value) => {
    const name = safeFileName(value)
    expect(name).not.toMatch(/[. ]$/)
    expect(name).not.toBe(safeFileName('es'))
  })

  it('ordinary values are kept as they are', () => {
    expect(safeFileName('console')).toBe('console')
    expect(safeFileName('com10')).toBe('com10')
    expect(safeFileName('es-MX')).toBe('es-MX')
  })
})

describe('downloadPathProblem: a video file or a folder', () => {
  it('a trailing backslash is a folder on Windows only', () => {
    expect(downloadPathProblem('out\\videos\\', { several: true, isFolder: false, paths: nodePath.win32 })).toBeUndefined()
    expect(downloadPathProblem('out\\{proofread_id}\\', { several: true, isFolder: false, paths: nodePath.win32 })).toBeUndefined()
    expect(downloadPathProblem('out\\{proofread_id}\\', { several: true, isFolder: false, paths: nodePath.posix })).toContain(
      'must name a video file',
    )
  })

  it('an existing folder counts only without placeholders', () => {
    expect(downloadPathProblem('videos', { several: true, isFolder: true })).toBeUndefined()
    expect(downloadPathProblem('videos/{output_language}', { several: false, isFolder: true })).toContain('must name a video file')
  })
})

describe('plannedFiles: every file a proofread may save', () => {
  const destination = { video: '/w/videos/es.mp4', base: '/w/videos/es' }

  it('the video alone, or with captions and audio under its base name', () => {
    expect(plannedFiles(destination, { captions: false, translate_audio_only: false })).toEqual(['/w/videos/es.mp4'])
    const all = plannedFiles(destination, { captions: true, translate_audio_only: true })
    expect(all).toContain('/w/videos/es.vtt')
    expect(all).toContain('/w/videos/es.srt')
    expect(all).toContain('/w/videos/es.mp3')
    expect(all).toContain('/w/videos/es.m4a')
  })

  it('no caption or audio extension is a video extension, so kinds of files never meet', () => {
    for (const extension of [...CAPTION_EXTENSIONS, ...AUDIO_EXTENSIONS]) expect(VIDEO_EXTENSIONS as readonly string[]).not.toContain(extension)
  })
})

describe('missingPlaceholder', () => {
  it('names the first placeholder the preflight gave no value for', () => {
    expect(missingPlaceholder('v/{output_language}.mp4', { proofread_id: 'p' }, ['output_language', 'proofread_id'])).toBe('output_language')
    expect(missingPlaceholder('v/{output_language}.mp4', { output_language: 'es' }, ['output_language'])).toBeUndefined()
    expect(missingPlaceholder('v/{video_translate_id}.mp4', {}, ['output_language', 'proofread_id'])).toBeUndefined()
  })
})

describe('leavesWorkspace: a folder link in the checkout', () => {
  it('a path through a link to outside the workspace is refused; one inside, or written outside by the user, is not', () => {
    const workspace = mkdtempSync(nodePath.join(tmpdir(), 'paths-ws-'))
    const outside = mkdtempSync(nodePath.join(tmpdir(), 'paths-out-'))
    try {
      symlinkSync(outside, nodePath.join(workspace, 'videos'))
      mkdirSync(nodePath.join(workspace, 'real'))
      symlinkSync(nodePath.join(workspace, 'real'), nodePath.join(workspace, 'inside'))
      expect(leavesWorkspace(nodePath.join(workspace, 'videos', 'es.mp4'), workspace)).toContain('outside the workspace')
      expect(leavesWorkspace(nodePath.join(workspace, 'videos', 'new', 'es.mp4'), workspace)).toContain('outside the workspace')
      expect(leavesWorkspace(nodePath.join(workspace, 'inside', 'es.mp4'), workspace)).toBeUndefined()
      expect(leavesWorkspace(nodePath.join(workspace, 'fresh', 'es.mp4'), workspace)).toBeUndefined()
      expect(leavesWorkspace(nodePath.join(outside, 'x.mp4'), workspace)).toBeUndefined()
    } finally {
      rmSync(workspace, { recursive: true, force: true })
      rmSync(outside, { recursive: true, force: true })
    }
  })
})
