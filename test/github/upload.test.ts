// The upload on its own: streamed to the stand-in's upload origin, a file of 2 GiB or more refused before any byte
// is sent (and left on disk), the token checked to go only to GitHub's origins.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Agent } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isGitHubApiUrl, isGitHubUploadUrl } from '../../src/github/origins.ts'
import { MAX_ASSET_BYTES, TooLargeForGitHubError, uploadAsset } from '../../src/github/upload.ts'
import { assetName, contentTypeOf } from '../../src/github/assets.ts'
import { FILE_CHUNK_BYTES, fileChunks } from '../../src/transport/file-body.ts'
import { type GitHubStandIn, startGitHubStandIn } from '../../sandbox/github-stand-in.ts'

let github: GitHubStandIn
let folder: string
const dispatcher = new Agent()
beforeAll(async () => {
  github = await startGitHubStandIn()
  folder = mkdtempSync(join(tmpdir(), 'heygen-upload-'))
})
afterAll(async () => {
  await github.close()
  await dispatcher.close()
  rmSync(folder, { recursive: true, force: true })
})

const options = () => ({
  token: 'ghs_unit',
  apiUrl: github.apiUrl,
  dispatcher,
  signal: new AbortController().signal,
  timeoutMs: 30_000,
  userAgent: 'test',
})
const uploadUrl = () => `${github.uploadUrl}/repos/${github.repository}/releases/1/assets`

describe('uploadAsset', () => {
  it('streams the file with its Content-Type, name and label, and reads GitHub’s answer', async () => {
    const file = join(folder, 'es.vtt')
    writeFileSync(file, 'WEBVTT\n')
    const asset = await uploadAsset(
      { uploadUrl: uploadUrl(), file, name: 'es.vtt', label: 'Spanish captions · job j1', contentType: 'text/vtt' },
      options(),
    )
    expect(asset).toMatchObject({ name: 'es.vtt', label: 'Spanish captions · job j1', state: 'uploaded', size: 7 })
    expect(asset.downloadUrl).toBe('https://github.com/octo-org/release-videos/releases/download/v1.0.0/es.vtt')
    const request = github.requests.at(-1)!
    expect(request.headers).toMatchObject({ authorization: 'token ghs_unit', 'content-type': 'text/vtt', 'content-length': '7' })
  })

  it('a file of several chunks arrives byte for byte at an origin slower than the disk (the reused buffer is never sent twice)', async () => {
    // Paced, and more than the kernel's loopback buffers hold: writes back up and undici waits for each to drain, as on a
    // real link (a body read ahead of the socket, as Readable.from would, fails this with another sha256).
    const slow = await startGitHubStandIn({ uploadRateBytesPerSecond: 64 * 1024 * 1024 })
    try {
      const bytes = randomBytes(16 * FILE_CHUNK_BYTES + 12_345)
      const file = join(folder, 'chunks.mp4')
      writeFileSync(file, bytes)
      const asset = await uploadAsset(
        { uploadUrl: `${slow.uploadUrl}/repos/${slow.repository}/releases/1/assets`, file, name: 'chunks.mp4', label: '', contentType: 'video/mp4' },
        { ...options(), apiUrl: slow.apiUrl },
      )
      expect(asset.size).toBe(bytes.length)
      expect(slow.assets().find((a) => a.name === 'chunks.mp4')?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
    } finally {
      await slow.close()
    }
  })

  it('an empty file is an empty asset', async () => {
    const file = join(folder, 'empty.srt')
    writeFileSync(file, '')
    const asset = await uploadAsset({ uploadUrl: uploadUrl(), file, name: 'empty.srt', label: '', contentType: 'text/plain' }, options())
    expect(asset).toMatchObject({ name: 'empty.srt', size: 0, state: 'uploaded' })
  })

  it('a file of 2 GiB or more is refused before a byte is sent, and stays on disk', async () => {
    const file = join(folder, 'huge.mp4')
    writeFileSync(file, '')
    // Sparse: 2 GiB of size without 2 GiB of disk.
    truncateSync(file, MAX_ASSET_BYTES)
    const before = github.count('uploads')
    const refused = uploadAsset({ uploadUrl: uploadUrl(), file, name: 'huge.mp4', label: '', contentType: 'video/mp4' }, options())
    await expect(refused).rejects.toThrow(TooLargeForGitHubError)
    await expect(refused).rejects.toThrow(/is 2147483648 bytes: GitHub takes release assets under 2 GiB .* kept on disk and not uploaded/)
    expect(github.count('uploads')).toBe(before)
    expect(existsSync(file)).toBe(true)
  })

  it('a 422 already_exists is GitHub’s message with its code, not retryable', async () => {
    const file = join(folder, 'twice.mp4')
    writeFileSync(file, 'x')
    const upload = { uploadUrl: uploadUrl(), file, name: 'twice.mp4', label: '', contentType: 'video/mp4' }
    await uploadAsset(upload, options())
    await expect(uploadAsset(upload, options())).rejects.toMatchObject({
      status: 422,
      retryable: false,
      message: 'Validation Failed (already_exists)',
    })
  })
})

describe('where the token may go', () => {
  it('uploads.github.com beside api.github.com, the same host on GHES, nowhere else', () => {
    expect(isGitHubUploadUrl('https://uploads.github.com/repos/o/r/releases/1/assets', 'https://api.github.com')).toBe(true)
    expect(isGitHubUploadUrl('https://ghe.example.com/api/uploads/repos/o/r/releases/1/assets', 'https://ghe.example.com/api/v3')).toBe(true)
    expect(isGitHubUploadUrl('https://uploads.octo.ghe.com/repos/o/r/releases/1/assets', 'https://api.octo.ghe.com')).toBe(true)
    expect(isGitHubUploadUrl('https://evil.example/repos/o/r/releases/1/assets', 'https://api.github.com')).toBe(false)
    expect(isGitHubUploadUrl('http://uploads.github.com/x', 'https://api.github.com')).toBe(false)
    expect(isGitHubUploadUrl('https://user:pw@uploads.github.com/x', 'https://api.github.com')).toBe(false)
    expect(isGitHubUploadUrl('http://127.0.0.1:8/api/uploads/x', 'http://127.0.0.1:8/')).toBe(true)
    // Another port of the same host is another server (test/github/origins.test.ts has the hostile list).
    expect(isGitHubUploadUrl('http://127.0.0.1:9/x', 'http://127.0.0.1:8/')).toBe(false)
    expect(isGitHubApiUrl('http://api.github.com')).toBe(false)
    expect(isGitHubApiUrl('http://[::1]:8080')).toBe(true)
  })
})

describe('names and types', () => {
  it('asset names as GitHub stores them, and Content-Types by extension', () => {
    expect(assetName('vidéo es (final).mp4')).toBe('vid.o.es.final.mp4')
    expect(assetName('.hidden.vtt')).toBe('hidden.vtt')
    expect(contentTypeOf('a.MP4')).toBe('video/mp4')
    expect(contentTypeOf('a.srt')).toBe('application/x-subrip')
    expect(contentTypeOf('a.mp3')).toBe('audio/mpeg')
    expect(contentTypeOf('a.bin')).toBe('application/octet-stream')
  })
})

describe('fileChunks', () => {
  it('reads the file in full chunks through one buffer: a chunk is the reader’s only until it asks for the next', async () => {
    const bytes = randomBytes(2 * 1024 + 100)
    const file = join(folder, 'three.bin')
    writeFileSync(file, bytes)
    const seen: Buffer[] = []
    const copies: Buffer[] = []
    for await (const chunk of fileChunks(file, 1024)) {
      seen.push(chunk)
      copies.push(Buffer.from(chunk))
    }
    expect(copies.map((c) => c.length)).toEqual([1024, 1024, 100])
    expect(Buffer.concat(copies).equals(bytes)).toBe(true)
    // The same memory every time: a consumer keeping a chunk past its next pull would see it overwritten.
    expect(new Set(seen.map((c) => c.buffer)).size).toBe(1)
  })
})
