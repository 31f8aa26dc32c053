// Streams a signed file link to disk: into a temporary file beside the destination, renamed into
// place only when the byte count is right, so a destination never holds a partial file.
import { randomBytes } from 'node:crypto'
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import nodePath from 'node:path'
import { directGet } from './direct-get.js'
import type { Transport } from './http.js'
import type { LinkAnswer } from './link-answer.js'
import type { Log } from './log.js'
import { proxiedGet } from './proxied-get.js'
import { proxyFor } from './proxy.js'

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
    const every = options.progressEveryMs ?? 5000
    let received = 0
    let expected = Number.NaN
    let started = Date.now()
    // Opened before the request, so no failure can leave an answer waiting with nowhere to go.
    const file = openSync(temporary, 'w')
    try {
      const answer = await openLink(url, transport)
      expected = Number(answer.headers['content-length'] ?? Number.NaN)
      started = Date.now()
      let lastLine = started
      // Synchronous writes into the page cache take microseconds, and each piece must be written before the next read reuses it.
      await answer.readBody((bytes) => {
        for (let at = 0; at < bytes.length;) at += writeSync(file, bytes, at)
        received += bytes.length
        const now = Date.now()
        if (now - lastLine >= every) {
          lastLine = now
          log.info(`Downloading ${nodePath.basename(destination)}: ${progress(received, expected)} at ${mibPerSecond(received, now - started)}`)
        }
      })
    } finally {
      closeSync(file)
    }
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

/** GET with redirects followed by hand (no key is ever sent here, so any host is fine), at most five. */
async function openLink(url: string, transport: Transport): Promise<LinkAnswer> {
  let current = url
  for (let hop = 0; hop <= 5; hop++) {
    const target = new URL(current)
    if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new DownloadError(`the download link is not http(s): ${target.protocol}`)
    // The proxy agent applies NO_PROXY the same way proxyFor does, so a link it would send direct goes direct here too.
    const answer =
      transport.dispatcher && proxyFor(current) ? await proxiedGet(target, transport, transport.dispatcher) : await directGet(target, transport)
    const location = answer.headers.location
    if (answer.status >= 300 && answer.status < 400 && location !== undefined) {
      answer.discard()
      current = new URL(location, current).toString()
      continue
    }
    if (answer.status === 200) return answer
    answer.discard()
    if (answer.status === 403 || answer.status === 404) throw new LinkExpiredError(answer.status)
    throw new DownloadError(`the file host answered HTTP ${answer.status}`)
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
