// Saving the rendered video: a real HTTP server on 127.0.0.1 stands in for HeyGen's file host.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import nodePath from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { gzipSync } from 'node:zlib'
import { Agent } from 'undici'
import { linkPolicyFor } from '../../../src/transport/addresses.js'
import { DownloadError, downloadFile, LinkExpiredError } from '../../../src/transport/download.js'
import { TemporaryFiles } from '../../../src/transport/temporary-files.js'
import type { Transport } from '../../../src/transport/http.js'
import type { Log } from '../../../src/action/runner/log.js'
import { formatBytes } from '../../../src/util/format.js'

const USER_AGENT = 'heygen-proofread-generate-action/test'

let server: Server
let origin: string
let handler: (request: IncomingMessage, response: ServerResponse) => void
let requests: Array<{ url: string; headers: IncomingHttpHeaders }>
let folder: string
let controller: AbortController
let logLines: string[]

beforeEach(async () => {
  requests = []
  logLines = []
  controller = new AbortController()
  folder = mkdtempSync(nodePath.join(tmpdir(), 'heygen-download-'))
  handler = (_request, response) => response.end()
  server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers })
    handler(request, response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterEach(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  rmSync(folder, { recursive: true, force: true })
})

function options(overrides: Partial<Transport> = {}, downloadTimeoutMs = 30_000) {
  const log: Log = { info: (m) => logLines.push(m), warning: (m) => logLines.push(m), debug: () => {} }
  const transport: Transport = { userAgent: USER_AGENT, timeoutMs: 10_000, signal: controller.signal, dispatcher: new Agent(), ...overrides }
  // The sandbox's rule: base_url is a loopback http URL, so this loopback file host may be reached.
  return { transport, log, downloadTimeoutMs, maxBytes: 8 * 1024 ** 3, links: linkPolicyFor('http://127.0.0.1:8787') }
}

/** Every file left in the download folder (partial files start with a dot and end in .part). */
const filesInFolder = () => readdirSync(folder)

describe('downloadFile', () => {
  it('given the file host sends the video, the exact bytes land at the destination and no .part file is left', async () => {
    const video = randomBytes(300_000)
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(video.length) })
      response.end(video)
    }
    const destination = nodePath.join(folder, 'vt_1.mp4')
    const saved = await downloadFile(`${origin}/v/vt_1.mp4?sig=abc`, destination, options())
    expect(saved).toEqual({ bytes: video.length, path: destination })
    expect(readFileSync(destination).equals(video)).toBe(true)
    expect(filesInFolder()).toEqual(['vt_1.mp4'])
    expect(requests.map((r) => r.url)).toEqual(['/v/vt_1.mp4?sig=abc'])
    expect(logLines.at(-1)).toContain(`Saved ${destination} (293.0 KiB`)
  })

  it('creates missing folders on the way', async () => {
    handler = (_request, response) => response.end('abc')
    const destination = nodePath.join(folder, 'out', 'videos', 'vt_1.mp4')
    await downloadFile(`${origin}/v.mp4`, destination, options())
    expect(readFileSync(destination, 'utf8')).toBe('abc')
  })

  it('replaces an older file at the destination only once the new one is complete', async () => {
    handler = (_request, response) => response.end('new video')
    const destination = nodePath.join(folder, 'vt_1.mp4')
    await downloadFile(`${origin}/v.mp4`, destination, options())
    await downloadFile(`${origin}/v.mp4`, destination, options())
    expect(readFileSync(destination, 'utf8')).toBe('new video')
    expect(filesInFolder()).toEqual(['vt_1.mp4'])
  })

  it('never sends an x-api-key (the link goes to another host), only the user agent', async () => {
    handler = (_request, response) => response.end('video')
    await downloadFile(`${origin}/v.mp4`, nodePath.join(folder, 'vt_1.mp4'), options())
    expect(requests).toHaveLength(1)
    expect(requests[0]!.headers['x-api-key']).toBeUndefined()
    expect(requests[0]!.headers.authorization).toBeUndefined()
    expect(requests[0]!.headers['user-agent']).toBe(USER_AGENT)
  })

  it('follows a redirect to the real file, still without any key', async () => {
    handler = (request, response) => {
      if (request.url === '/signed') {
        response.writeHead(302, { location: '/storage/vt_1.mp4' })
        response.end()
      } else response.end('redirected video')
    }
    const destination = nodePath.join(folder, 'vt_1.mp4')
    await downloadFile(`${origin}/signed`, destination, options())
    expect(readFileSync(destination, 'utf8')).toBe('redirected video')
    expect(requests.map((r) => r.url)).toEqual(['/signed', '/storage/vt_1.mp4'])
    expect(requests.every((r) => r.headers['x-api-key'] === undefined)).toBe(true)
  })

  it('gives up on a redirect loop after five hops', async () => {
    handler = (_request, response) => {
      response.writeHead(302, { location: '/again' })
      response.end()
    }
    const destination = nodePath.join(folder, 'vt_1.mp4')
    const error = await downloadFile(`${origin}/start`, destination, options()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DownloadError)
    expect((error as Error).message).toContain('more than five times')
    expect(requests).toHaveLength(6)
    expect(filesInFolder()).toEqual([])
  })

  it('follows a chain of five redirects, the most a link may take', async () => {
    handler = (request, response) => {
      const hop = Number(request.url?.slice(1))
      if (hop < 5) {
        response.writeHead(302, { location: `/${hop + 1}` })
        response.end()
      } else response.end('after five hops')
    }
    const destination = nodePath.join(folder, 'vt_1.mp4')
    await downloadFile(`${origin}/0`, destination, options())
    expect(readFileSync(destination, 'utf8')).toBe('after five hops')
    expect(requests).toHaveLength(6)
  })

  it('names the file from the Content-Type when the caller leaves the extension to the answer', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'audio/wav' })
      response.end('RIFF')
    }
    const base = nodePath.join(folder, 'vt_1')
    const saved = await downloadFile(`${origin}/audio`, { base, extensionFor: (type) => (type === 'audio/wav' ? '.wav' : '.mp3') }, options())
    expect(saved.path).toBe(`${base}.wav`)
    expect(filesInFolder()).toEqual(['vt_1.wav'])
  })

  it('asks for the plain bytes, and refuses a compressed answer instead of saving gzip as the video', async () => {
    const gzipped = gzipSync(Buffer.alloc(10_000, 1))
    handler = (_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(gzipped.length) })
      response.end(gzipped)
    }
    const destination = nodePath.join(folder, 'vt_1.mp4')
    const error = await downloadFile(`${origin}/v.mp4`, destination, options()).catch((e: unknown) => e)
    expect(requests[0]!.headers['accept-encoding']).toBe('identity')
    expect(error).toBeInstanceOf(DownloadError)
    expect((error as Error).message).toContain('Content-Encoding: "gzip"')
    expect(filesInFolder()).toEqual([])
  })

  it('given a host that trickles the body, download_timeout ends it with a clear error and no partial file', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '1000000' })
      const timer = setInterval(() => response.write('x'), 50)
      response.on('close', () => clearInterval(timer))
    }
    const destination = nodePath.join(folder, 'vt_1.mp4')
    const error = await downloadFile(`${origin}/v.mp4`, destination, options({}, 600)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DownloadError)
    expect((error as Error).message).toMatch(/did not finish within 0\.6s \(download_timeout\)/)
    expect(filesInFolder()).toEqual([])
  })

  it('given a host that stalls mid-body longer than request_timeout, it fails naming request_timeout', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '1000000' })
      response.write('x')
    }
    const destination = nodePath.join(folder, 'vt_1.mp4')
    const dispatcher = new Agent({ bodyTimeout: 300, headersTimeout: 300 })
    const error = await downloadFile(`${origin}/v.mp4`, destination, options({ dispatcher, timeoutMs: 300 })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DownloadError)
    expect((error as Error).message).toContain('request_timeout')
    expect(filesInFolder()).toEqual([])
  })

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/v.mp4', 'data:video/mp4;base64,AAAA'])(
    'refuses a link that is not http(s) (%s) and sends nothing',
    async (link) => {
      const destination = nodePath.join(folder, 'vt_1.mp4')
      const error = await downloadFile(link, destination, options()).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DownloadError)
      expect((error as Error).message).toContain('not http(s)')
      expect(requests).toEqual([])
      expect(filesInFolder()).toEqual([])
    },
  )

  it('given a body shorter than its Content-Length, fails and leaves neither the file nor a .part', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '100000' })
      response.write(Buffer.alloc(40_000, 1), () => response.socket?.destroy())
    }
    const destination = nodePath.join(folder, 'vt_1.mp4')
    const error = await downloadFile(`${origin}/v.mp4`, destination, options()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DownloadError)
    expect((error as Error).message).toContain('vt_1.mp4')
    expect(existsSync(destination)).toBe(false)
    expect(filesInFolder()).toEqual([])
  })

  it.each([403, 404])('given HTTP %i (an expired signed link), it says the link expired so a fresh one can be asked for', async (status) => {
    handler = (_request, response) => {
      response.writeHead(status, { 'content-type': 'application/xml' })
      response.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>')
    }
    const destination = nodePath.join(folder, 'vt_1.mp4')
    const error = await downloadFile(`${origin}/v.mp4`, destination, options()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LinkExpiredError)
    expect((error as LinkExpiredError).status).toBe(status)
    expect((error as Error).message).toContain(`HTTP ${status}`)
    expect(filesInFolder()).toEqual([])
  })

  it('given a file announced over max_download_size, it is refused before a byte is written and its connection is dropped', async () => {
    let dropped!: () => void
    const connectionDropped = new Promise<void>((resolve) => (dropped = resolve))
    handler = (_request, response) => {
      response.on('close', () => dropped())
      response.writeHead(200, { 'content-length': String(4 * 1024 * 1024) })
      response.write(Buffer.alloc(64 * 1024, 1))
      // ...the rest would follow if the client read on.
    }
    const error = await downloadFile(`${origin}/v.mp4`, nodePath.join(folder, 'vt_1.mp4'), { ...options(), maxBytes: 1024 * 1024 }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(DownloadError)
    expect((error as Error).message).toContain('over max_download_size (1.0 MiB)')
    // The head was held while the size was checked; the refusal lets go of it at once.
    await connectionDropped
    expect(filesInFolder()).toEqual([])
  })

  it('given HTTP 500 from the file host, it is a DownloadError naming the status', async () => {
    handler = (_request, response) => {
      response.statusCode = 500
      response.end('oops')
    }
    const error = await downloadFile(`${origin}/v.mp4`, nodePath.join(folder, 'vt_1.mp4'), options()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DownloadError)
    expect((error as Error).message).toContain('HTTP 500')
  })

  it('given an empty 200, it fails instead of saving an empty video', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '0' })
      response.end()
    }
    const destination = nodePath.join(folder, 'vt_1.mp4')
    const error = await downloadFile(`${origin}/v.mp4`, destination, options()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DownloadError)
    expect((error as Error).message).toContain('was empty')
    expect(filesInFolder()).toEqual([])
  })

  it('given a cancel in the middle of the body, it rejects with the cancel reason and leaves no partial file', async () => {
    let sentFirstHalf!: () => void
    const firstHalfSent = new Promise<void>((resolve) => {
      sentFirstHalf = resolve
    })
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '2000000' })
      response.write(Buffer.alloc(1_000_000, 7), () => sentFirstHalf())
      // ...and the second half never comes.
    }
    const destination = nodePath.join(folder, 'vt_1.mp4')
    const downloading = downloadFile(`${origin}/v.mp4`, destination, options()).catch((e: unknown) => e)
    await firstHalfSent
    // Wait (briefly, polling) until part of the body is on disk, so the cancel really lands mid-body.
    for (let i = 0; i < 200; i++) {
      const part = filesInFolder().find((name) => name.endsWith('.part'))
      if (part && statSync(nodePath.join(folder, part)).size > 0) break
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    expect(filesInFolder().some((name) => name.endsWith('.part'))).toBe(true)
    const reason = new Error('the step was cancelled (SIGINT)')
    controller.abort(reason)
    expect(await downloading).toBe(reason)
    expect(filesInFolder()).toEqual([])
  })

  it('a cancel that cannot wait removes partial files synchronously', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '2000000' })
      response.write(Buffer.alloc(1_000, 7))
    }
    // The step's registry of partial files (StepRun owns it), handed to the download.
    const temporaryFiles = new TemporaryFiles()
    const downloading = downloadFile(`${origin}/v.mp4`, nodePath.join(folder, 'vt_1.mp4'), { ...options(), temporaryFiles }).catch((e: unknown) => e)
    for (let i = 0; i < 200 && !filesInFolder().some((name) => name.endsWith('.part')); i++) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(filesInFolder()).toHaveLength(1)
    temporaryFiles.removeAllSync()
    expect(filesInFolder()).toEqual([])
    controller.abort(new Error('cancelled'))
    await downloading
    expect(filesInFolder()).toEqual([])
  })
})

describe('formatBytes', () => {
  it.each([
    [512, '512 B'],
    [2_048, '2.0 KiB'],
    [5 * 1_048_576, '5.0 MiB'],
    [3 * 1_073_741_824, '3.00 GiB'],
  ])('%i bytes read as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})
