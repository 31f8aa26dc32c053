// Streams a signed file link to disk: into a temporary file beside the destination, renamed into
// place only when the byte count is right, so a destination never holds a partial file.
import { randomBytes } from 'node:crypto'
import { unlinkSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import nodePath from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Dispatcher } from 'undici'
import dispatcherRequest from 'undici/lib/api/api-request.js'
import Agent from 'undici/lib/dispatcher/agent.js'
import { fileSink } from './file-sink.js'
import type { Transport } from './http.js'
import type { Log } from './log.js'
import { collectYoungGarbage, keepWasmOnBaselineTier } from './memory.js'

/** The link answered 403/404: signed links expire, and a fresh status call issues a new one. */
export class LinkExpiredError extends Error {
  constructor(readonly status: number) {
    super(`the download link answered HTTP ${status} (expired or revoked)`)
    this.name = 'LinkExpiredError'
  }
}

export class DownloadError extends Error {
  override name = 'DownloadError'
}

/** How much may arrive between two young-generation collections (1 MiB measured best: 256 KiB keeps in-flight chunks longer). */
const COLLECT_EVERY_BYTES = 1 << 20

keepWasmOnBaselineTier()

const temporaryFiles = new Set<string>()

/** For a cancel that cannot wait for streams to unwind: removes every partial file right now. */
export function removeTemporaryFilesSync(): void {
  for (const file of temporaryFiles) {
    try {
      unlinkSync(file)
    } catch {
      // Already gone.
    }
    temporaryFiles.delete(file)
  }
}

export interface DownloadOptions {
  transport: Transport
  log: Log
  /** How often a long download logs its progress. */
  progressEveryMs?: number
}

/** Downloads `url` to `destination` and returns the byte count. The link goes to another host: it never gets the API key. */
export async function downloadFile(url: string, destination: string, options: DownloadOptions): Promise<number> {
  const { transport, log } = options
  const temporary = nodePath.join(nodePath.dirname(destination), `.${nodePath.basename(destination)}.${randomBytes(4).toString('hex')}.part`)
  temporaryFiles.add(temporary)
  try {
    await mkdir(nodePath.dirname(destination), { recursive: true })
    const response = await openLink(url, transport)
    const expected = Number(response.headers['content-length'] ?? Number.NaN)
    const started = Date.now()
    let received = 0
    let lastLine = started
    const every = options.progressEveryMs ?? 5000
    let sinceCollect = 0
    response.body.on('data', (chunk: Buffer) => {
      received += chunk.length
      sinceCollect += chunk.length
      if (sinceCollect >= COLLECT_EVERY_BYTES) {
        sinceCollect = 0
        collectYoungGarbage()
      }
      const now = Date.now()
      if (now - lastLine >= every) {
        lastLine = now
        log.info(`Downloading ${nodePath.basename(destination)}: ${progress(received, expected)} at ${mibPerSecond(received, now - started)}`)
      }
    })
    await pipeline(response.body, fileSink(temporary), { signal: transport.signal })
    if (received === 0) throw new DownloadError(`the download of ${nodePath.basename(destination)} was empty`)
    if (Number.isFinite(expected) && received !== expected) {
      throw new DownloadError(`the download of ${nodePath.basename(destination)} was cut short: ${received} of ${expected} bytes`)
    }
    await rename(temporary, destination)
    temporaryFiles.delete(temporary)
    log.info(`Saved ${destination} (${formatBytes(received)} in ${((Date.now() - started) / 1000).toFixed(1)} s)`)
    return received
  } catch (error) {
    if (transport.signal.aborted) throw transport.signal.reason ?? error
    if (error instanceof LinkExpiredError || error instanceof DownloadError) throw error
    throw new DownloadError(`the download of ${nodePath.basename(destination)} failed: ${(error as Error).message}`)
  } finally {
    // Clean-up must never replace the error the user needs to see.
    if (temporaryFiles.delete(temporary)) await rm(temporary, { force: true }).catch(() => {})
  }
}

let agent: Dispatcher | undefined

/** The connection pool for downloads that go direct (no proxy configured). */
function directAgent(): Dispatcher {
  agent ??= new Agent()
  return agent
}

/** GET with redirects followed by hand (no key is ever sent here, so any host is fine), at most five. */
async function openLink(url: string, transport: Transport) {
  let current = url
  for (let hop = 0; hop <= 5; hop++) {
    const url = new URL(current)
    const response = await dispatcherRequest.call(transport.dispatcher ?? directAgent(), {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { 'user-agent': transport.userAgent },
      signal: transport.signal,
      // request_timeout bounds the wait for headers and any stall mid-body, not the whole download.
      headersTimeout: transport.timeoutMs,
      bodyTimeout: transport.timeoutMs,
    })
    const location = response.headers.location
    if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
      await response.body.dump()
      current = new URL(location, current).toString()
      continue
    }
    if (response.statusCode === 403 || response.statusCode === 404) {
      await response.body.dump()
      throw new LinkExpiredError(response.statusCode)
    }
    if (response.statusCode !== 200) {
      await response.body.dump()
      throw new DownloadError(`the file host answered HTTP ${response.statusCode}`)
    }
    return response
  }
  throw new DownloadError('the download link redirected more than five times')
}

function progress(received: number, expected: number): string {
  return Number.isFinite(expected) && expected > 0 ? `${Math.floor((received / expected) * 100)}% of ${formatBytes(expected)}` : formatBytes(received)
}

function mibPerSecond(bytes: number, ms: number): string {
  return `${(bytes / 1048576 / Math.max(ms / 1000, 0.001)).toFixed(1)} MiB/s`
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1073741824) return `${(bytes / 1073741824).toFixed(2)} GiB`
  if (bytes >= 1048576) return `${(bytes / 1048576).toFixed(1)} MiB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${bytes} B`
}
