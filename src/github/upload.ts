// One asset upload: the file streamed from disk (never held in memory) with undici to the upload URL GitHub gave
// for the release, with the same token. Octokit would buffer the body, so this one request does not use it.
import { stat } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { type Dispatcher, request } from 'undici'
import { trusting } from '../transport/dispatcher.js'
import { fileChunks } from '../transport/file-body.js'
import { type ReleaseAsset, readAsset } from './assets.js'
import { GitHubError } from './errors.js'
import { gitHubOrigins, isGitHubUploadUrl } from './origins.js'
import { gitHubError } from './retry.js'

/** GitHub refuses release assets of 2 GiB or more. */
export const MAX_ASSET_BYTES = 2 * 1024 ** 3

export class TooLargeForGitHubError extends Error {
  constructor(
    readonly file: string,
    readonly size: number,
  ) {
    super(`${file} is ${size} bytes: GitHub takes release assets under 2 GiB (${MAX_ASSET_BYTES} bytes), so it was kept on disk and not uploaded`)
    this.name = 'TooLargeForGitHubError'
  }
}

export interface UploadOptions {
  token: string
  /** GITHUB_API_URL: the upload URL must be on its uploads origin (scheme, host and port), or the token is not sent. */
  apiUrl: string
  dispatcher: Dispatcher
  signal: AbortSignal
  /** Bounds the wait for GitHub's answer once the body is sent, and any stall. */
  timeoutMs: number
  userAgent: string
}

export interface UploadRequest {
  /** The release's upload_url, without its template. */
  uploadUrl: string
  file: string
  name: string
  label: string
  contentType: string
}

export async function uploadAsset(upload: UploadRequest, options: UploadOptions): Promise<ReleaseAsset> {
  if (!isGitHubUploadUrl(upload.uploadUrl, options.apiUrl)) {
    throw new GitHubError(
      `the upload URL is not GitHub's uploads origin ${gitHubOrigins(options.apiUrl).uploads}: the token is not sent there`,
      0,
      false,
    )
  }
  const { size } = await stat(upload.file)
  if (size >= MAX_ASSET_BYTES) throw new TooLargeForGitHubError(upload.file, size)
  return post(upload, fileChunks(upload.file), size, options)
}

/** A few bytes uploaded as an asset (a claim): the same request, the body from memory. */
export async function uploadBytes(upload: Omit<UploadRequest, 'file'> & { bytes: Buffer }, options: UploadOptions): Promise<ReleaseAsset> {
  return post(upload, upload.bytes, upload.bytes.length, options)
}

async function post(
  upload: Omit<UploadRequest, 'file'>,
  body: Buffer | AsyncGenerator<Buffer, void, undefined>,
  size: number,
  options: UploadOptions,
): Promise<ReleaseAsset> {
  const url = new URL(upload.uploadUrl)
  url.searchParams.set('name', upload.name)
  url.searchParams.set('label', upload.label)
  let answer: Dispatcher.ResponseData
  try {
    answer = await request(url, {
      method: 'POST',
      // GitHub's own origin (GitHub Enterprise may sit on a private address): never judged as a file link.
      dispatcher: trusting(options.dispatcher, [gitHubOrigins(options.apiUrl).uploads]),
      signal: options.signal,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      headers: {
        authorization: `token ${options.token}`,
        accept: 'application/vnd.github+json',
        'content-type': upload.contentType,
        'content-length': String(size),
        'user-agent': options.userAgent,
        'x-github-api-version': '2022-11-28',
      },
      // undici sends an async iterable body a chunk at a time (its request.js takes one), though its types omit it.
      body: body as Buffer | Readable,
    })
  } catch (error) {
    // Closes the file if undici never read to the end.
    if (!Buffer.isBuffer(body)) await body.return()
    if (options.signal.aborted) throw error
    // No answer: the asset may be half there; the caller removes it before trying again.
    throw new GitHubError(`the upload of ${upload.name} broke off: ${(error as Error).message}`, 0, true)
  }
  const text = await answer.body.text().catch(() => '')
  if (answer.statusCode === 201) return readAsset(JSON.parse(text))
  const retryAfter = answer.headers['retry-after']
  throw gitHubError(answer.statusCode, messageOf(text, answer.statusCode), typeof retryAfter === 'string' ? retryAfter : undefined)
}

function messageOf(text: string, status: number): string {
  try {
    const parsed = JSON.parse(text) as { message?: unknown; errors?: Array<{ code?: unknown }> }
    const code = parsed.errors?.find((e) => typeof e.code === 'string')?.code
    if (typeof parsed.message === 'string') return `${parsed.message}${typeof code === 'string' ? ` (${code})` : ''}`
  } catch {
    // Not JSON: the status says enough.
  }
  return `HTTP ${status}`
}
