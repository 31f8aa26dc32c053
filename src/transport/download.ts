// Streams a signed file link to disk with undici: into a temporary file beside the destination, renamed
// into place only when the byte count is right, so a destination never holds a partial file.
import { randomBytes } from 'node:crypto'
import { mkdir, rename, rm, statfs } from 'node:fs/promises'
import { DiskBudget } from './disk-budget.js'
import nodePath from 'node:path'
import { type Dispatcher, request } from 'undici'
import { formatBytes, formatElapsed } from '../util/format.js'
import { checkLink, LinkAddressError, type LinkPolicy } from './addresses.js'
import { classify, type Transport } from './http.js'
import { saveBody } from './save-body.js'
import { TemporaryFiles } from './temporary-files.js'

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

/** Redirects a file link may take before the download is refused. */
export const MAX_REDIRECTS = 5

export interface DownloadOptions {
  transport: Transport
  log: { info(message: string): void }
  /** download_timeout: bounds the whole download, so a host that trickles bytes cannot hold the step forever. */
  downloadTimeoutMs: number
  /** max_download_size: the largest file saved; a larger one is stopped, whatever the host announced. */
  maxBytes: number
  /** Where a link may lead (addresses.ts): checked on the link and on every redirect. */
  links: LinkPolicy
  /** How often a long download logs its progress. */
  progressEveryMs?: number
  /** The step's partial files (StepRun's), removed synchronously on a cancel or a crash; the download's own otherwise. */
  temporaryFiles?: TemporaryFiles
  /** The step's downloads running at once (StepRun's), checked together against the free space; the download's own otherwise. */
  diskBudget?: DiskBudget
}

/** A fixed path, or a path without extension whose extension the answer's Content-Type decides. */
export type DownloadTarget = string | { base: string; extensionFor: (contentType: string | undefined) => string }

export interface Downloaded {
  bytes: number
  path: string
}

/** Downloads `url` to `target` and says where and how much. The link goes to another host: it never gets the API key. */
export async function downloadFile(url: string, target: DownloadTarget, options: DownloadOptions): Promise<Downloaded> {
  const { transport, log } = options
  const stem = typeof target === 'string' ? target : target.base
  const name = nodePath.basename(stem)
  const temporary = nodePath.join(nodePath.dirname(stem), `.${name}.${randomBytes(4).toString('hex')}.part`)
  const deadline = AbortSignal.timeout(options.downloadTimeoutMs)
  const signal = AbortSignal.any([transport.signal, deadline])
  const every = options.progressEveryMs ?? 5000
  let received = 0
  let started = Date.now()
  const temporaryFiles = options.temporaryFiles ?? new TemporaryFiles()
  const budget = options.diskBudget ?? new DiskBudget()
  let unreserve = () => {}
  temporaryFiles.add(temporary)
  try {
    await mkdir(nodePath.dirname(stem), { recursive: true })
    const answer = await openLink(url, transport, options.links, signal)
    const destination = typeof target === 'string' ? target : target.base + target.extensionFor(header(answer.headers, 'content-type'))
    const expected = Number(answer.headers['content-length'] ?? Number.NaN)
    // Refused before a byte is written when the host says how big the file is.
    if (Number.isFinite(expected)) {
      const refusal = await sizeRefusal(expected, name, stem, options.maxBytes, budget)
      if (refusal) {
        discard(answer.body)
        throw new DownloadError(refusal)
      }
      // The batch's budget (disk-budget.ts): the next download's check counts what this one has still to write.
      unreserve = budget.reserve(expected, () => received)
    }
    started = Date.now()
    let lastLine = started
    // Counted and checked per chunk, written in batches (save-body.ts): no stream pipeline, no promise per chunk.
    await saveBody(answer.body, temporary, signal, (chunk) => {
      received += chunk.length
      // A host that sends no length, or more than it announced, is stopped at the limit.
      if (received > options.maxBytes)
        return new DownloadError(tooLarge(name, `more than ${formatBytes(options.maxBytes)} arrived`, options.maxBytes))
      const now = Date.now()
      if (now - lastLine >= every) {
        lastLine = now
        log.info(`Downloading ${name}: ${progress(received, expected)} at ${mibPerSecond(received, now - started)}`)
      }
      return undefined
    })
    if (received === 0) throw new DownloadError(`the download of ${name} was empty`)
    if (Number.isFinite(expected) && received !== expected) {
      throw new DownloadError(`the download of ${name} was cut short: ${received} of ${expected} bytes`)
    }
    await rename(temporary, destination)
    temporaryFiles.delete(temporary)
    log.info(`Saved ${destination} (${formatBytes(received)} in ${((Date.now() - started) / 1000).toFixed(1)} s)`)
    return { bytes: received, path: destination }
  } catch (error) {
    if (transport.signal.aborted) throw transport.signal.reason ?? error
    if (deadline.aborted) {
      throw new DownloadError(
        `the download of ${name} did not finish within ${formatElapsed(options.downloadTimeoutMs)} (download_timeout); ${formatBytes(received)} had arrived`,
      )
    }
    if (error instanceof LinkExpiredError || error instanceof DownloadError) throw error
    // The connection itself was refused by the address check (a DNS name that resolves into the runner's network).
    const refused = addressError(error)
    if (refused) throw new DownloadError(`the download of ${name} was refused: ${refused.message}`)
    throw new DownloadError(`the download of ${name} failed: ${classify(error, url, transport, deadline).message}`)
  } finally {
    unreserve()
    // Clean-up must never replace the error the user needs to see.
    if (temporaryFiles.delete(temporary)) await rm(temporary, { force: true }).catch(() => {})
  }
}

/** Why a file of `bytes` is not downloaded into `stem`'s folder: over max_download_size, or more than its disk has free. */
async function sizeRefusal(bytes: number, name: string, stem: string, maxBytes: number, budget: DiskBudget): Promise<string | undefined> {
  if (bytes > maxBytes) return tooLarge(name, `the file host announced ${formatBytes(bytes)}`, maxBytes)
  const disk = await statfs(nodePath.dirname(stem)).catch(() => undefined)
  // Free space for an unprivileged writer (bavail), as df shows it; a disk that cannot tell is not refused.
  const free = disk ? disk.bavail * disk.bsize : Number.POSITIVE_INFINITY
  // Less what the step's other downloads running now have still to write (the batch's budget).
  const others = budget.stillToWrite()
  if (bytes > free - others) {
    const also = others > 0 ? `, of which ${formatBytes(others)} the step's other downloads running now still need` : ''
    return `the download of ${name} was not started: it is ${formatBytes(bytes)}, and the disk holding ${nodePath.dirname(stem)} has only ${formatBytes(free)} free${also}`
  }
  return undefined
}

function tooLarge(name: string, what: string, maxBytes: number): string {
  return `the download of ${name} was stopped: ${what}, over max_download_size (${formatBytes(maxBytes)}); no file was kept`
}

/** GET with redirects followed by hand, each hop checked: no key is ever sent here, but the bytes must stay encrypted and be the file's own. */
async function openLink(url: string, transport: Transport, links: LinkPolicy, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
  let current = new URL(url)
  for (let hop = 0; ; hop++) {
    // Every hop, the first and each redirect: a signed link may redirect anywhere.
    const refused = checkLink(current, links)
    if (refused !== undefined) throw new DownloadError(refused)
    const answer = await request(current, {
      method: 'GET',
      // identity: the bytes saved must be the file's bytes, so the Content-Length check means what it says.
      headers: { 'user-agent': transport.userAgent, 'accept-encoding': 'identity' },
      dispatcher: transport.dispatcher,
      signal,
    })
    const location = header(answer.headers, 'location')
    if (answer.statusCode >= 300 && answer.statusCode < 400 && location !== undefined) {
      discard(answer.body)
      if (hop >= MAX_REDIRECTS) throw new DownloadError(`the download link redirected more than five times`)
      const next = new URL(location, current)
      if (current.protocol === 'https:' && next.protocol === 'http:') {
        throw new DownloadError(
          `the file host redirected from https to plain http (${next.origin}); the file would travel unencrypted, so it was not followed`,
        )
      }
      current = next
      continue
    }
    if (answer.statusCode === 200) {
      const encoding = header(answer.headers, 'content-encoding')?.trim()
      if (encoding && encoding.toLowerCase() !== 'identity') {
        discard(answer.body)
        throw new DownloadError(
          `the file host sent the file compressed (Content-Encoding: ${JSON.stringify(encoding.slice(0, 40))}) although it was asked for the plain bytes; it was not saved, because it would not be the video`,
        )
      }
      return answer
    }
    discard(answer.body)
    if (answer.statusCode === 403 || answer.statusCode === 404) throw new LinkExpiredError(answer.statusCode)
    throw new DownloadError(`the file host answered HTTP ${answer.statusCode}`)
  }
}

/** The address check's refusal, wherever undici put it (the error itself or its cause). */
function addressError(error: unknown): LinkAddressError | undefined {
  for (let at: unknown = error, depth = 0; at instanceof Error && depth < 4; at = at.cause, depth++) {
    if (at instanceof LinkAddressError) return at
    // Happy Eyeballs (autoSelectFamily) reports each address's failure together.
    const inner = at instanceof AggregateError ? at.errors.find((e) => e instanceof LinkAddressError) : undefined
    if (inner) return inner
  }
  return undefined
}

/** Drops an answer's body and its connection; undici reports that as an abort, which nobody is waiting for. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {})
  body.destroy()
}

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

function progress(received: number, expected: number): string {
  return Number.isFinite(expected) && expected > 0 ? `${Math.floor((received / expected) * 100)}% of ${formatBytes(expected)}` : formatBytes(received)
}

function mibPerSecond(bytes: number, ms: number): string {
  return `${(bytes / 1048576 / Math.max(ms / 1000, 0.001)).toFixed(1)} MiB/s`
}
