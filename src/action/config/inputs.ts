// Every input is read, parsed and validated here, before any request: a bad value fails the step
// with the input's name and the form it accepts, and nothing is sent.
import { existsSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { isGitHubApiUrl } from '../../github/origins.js'
import { parseDuration, pollIntervalFloorMs, quote } from './duration.js'
import { refusePastedLink } from './pasted-link.js'
import { InputError } from './errors.js'
import { parseSize } from './size.js'
import { isTemplated, placeholderProblem } from '../files/download-template.js'
import { braceProblem, downloadPathProblem, leavesWorkspace } from '../files/paths.js'
import type { ApiVersion, GenerateRequest } from '../../heygen/request.js'
import { callbackSecrets, checkCallbackUrl } from './callback-url.js'
import { getInput, setSecret } from '../runner/runner.js'
import { PRODUCTION_TIMING } from '../../util/timing.js'

/** `auto`: the product's v2 route first, v3 once HeyGen says v2 is gone (see api-versions.ts). */
export type ApiVersionInput = ApiVersion | 'auto'

/**
 * What the inputs mean, parsed once by getConfig and grouped by what they govern. Readonly all the way down: nothing
 * writes it during the run (what is still to do is the plan's, not the config's).
 */
export interface Config {
  readonly heygen: HeyGenConfig
  readonly timing: TimingConfig
  readonly files: FilesConfig
  /** Publishing to a GitHub release (the `release` input); undefined when it is empty. */
  readonly publish: ReleaseConfig | undefined
  readonly work: WorkConfig
}

/** How HeyGen is called: api_key, base_url, api_version, the request body, idempotency_key, preflight. */
export interface HeyGenConfig {
  readonly apiKey: string
  /** The API origin, without a trailing slash. */
  readonly baseUrl: string
  readonly apiVersion: ApiVersionInput
  readonly request: Readonly<GenerateRequest>
  readonly idempotencyKey?: string
  /** v3 and auto: check every proofread is ready (free) before the first paid call. */
  readonly preflight: boolean
}

/** request_timeout, download_timeout, wait_timeout and poll_interval, in milliseconds. */
export interface TimingConfig {
  readonly requestTimeoutMs: number
  /** Bounds each whole download, so a host that trickles bytes cannot hold the step. */
  readonly downloadTimeoutMs: number
  readonly waitTimeoutMs: number
  readonly pollIntervalMs: number
}

/** download_path and max_download_size. */
export interface FilesConfig {
  /** As the user wrote it; resolved against the workspace when downloading. */
  readonly downloadPath?: string
  /** The largest file a download may save: a larger one is stopped, with no file left. */
  readonly maxDownloadBytes: number
}

/** What the step was asked to do: proofread_id or video_translate_id, max_concurrency, dry_run, wait. */
export interface WorkConfig {
  /** Proofreads to generate from, in input order; empty when resuming. */
  readonly proofreadIds: readonly string[]
  /** An existing job to wait for / download instead of generating. */
  readonly resumeId?: string
  /** With `release`: the proofread a resumed job was generated from (a recovery block names both), for its ledger entry. */
  readonly resumeProofreadId?: string
  readonly maxConcurrency: number
  readonly dryRun: boolean
  readonly wait: boolean
}

/** `release`, `github_token` and `republish`, with the run's repository and GitHub's API URL. */
export interface ReleaseConfig {
  /** `auto` or a tag name. */
  readonly release: string
  readonly token: string
  /** GITHUB_API_URL: GitHub's API, or GHES's. */
  readonly apiUrl: string
  /** owner/name, from GITHUB_REPOSITORY. */
  readonly repository: string
  /** Generate and upload again even when the release already holds a proofread's assets. */
  readonly republish: boolean
}

/** The key, read on its own so it can be masked before anything else runs (even input validation). */
export function readApiKey(): string {
  return getInput('api_key') || (process.env.HEYGEN_API_KEY ?? '').trim()
}

/** The inputs as the step's Config, each parsed and checked once; the first bad one throws an InputError naming it. */
/** `requestTimeoutFloorMs` is production's second; an in-process test may lower it (src/util/timing.ts). */
export function getConfig(apiKey: string = readApiKey(), requestTimeoutFloorMs = PRODUCTION_TIMING.requestTimeoutFloorMs): Config {
  const apiVersion = parseApiVersion(getInput('api_version') || 'auto')
  const given = parseIdList('proofread_id', getInput('proofread_id'))
  const resumeId = optional(getInput('video_translate_id'))
  if (resumeId !== undefined) checkId('video_translate_id', resumeId)
  // A release's recovery block resumes a job as its proofread's (publish/publish.ts): one id with video_translate_id.
  const resumeProofreadId = resumeId && given.length === 1 && getInput('release') ? given[0] : undefined
  const proofreadIds = resumeProofreadId ? [] : given
  if (resumeId && proofreadIds.length > 0) {
    throw new InputError(
      'video_translate_id',
      "resumes an existing job and cannot be combined with `proofread_id`: set only one of them (with `release`, one `proofread_id` beside it publishes the job as that proofread's, as a recovery block says)",
    )
  }
  if (!resumeId && proofreadIds.length === 0) {
    throw new InputError('proofread_id', 'is required: give the approved proofread id(s) to generate from, or `video_translate_id` to resume a job')
  }
  const idempotencyKey = optional(getInput('idempotency_key'))
  if (idempotencyKey !== undefined) {
    if (apiVersion === 'v2') throw new InputError('idempotency_key', 'only applies to `api_version: v3` or `auto` (v2 has no idempotency)')
    if (!/^[A-Za-z0-9_\-:.]{1,255}$/.test(idempotencyKey)) {
      throw new InputError('idempotency_key', `must be 1-255 characters of A-Z a-z 0-9 _ - : . (got ${quote(idempotencyKey)})`)
    }
    if (proofreadIds.length > 1) {
      throw new InputError('idempotency_key', 'names one request, so it cannot be used with several proofread ids (each gets its own derived key)')
    }
  }
  const preflight = parseBoolean('preflight', getInput('preflight'), true)
  const release = parseRelease()
  // Publishing needs the files: without download_path they go to the job's temporary folder.
  const downloadPath = optional(getInput('download_path')) ?? (release ? releaseFolder(resumeId !== undefined && !resumeProofreadId) : undefined)
  if (downloadPath !== undefined) {
    const braces = braceProblem(downloadPath)
    if (braces) throw new InputError('download_path', braces)
    // A name that cannot be known before paying would only fail after the render, so it is refused now.
    const resuming = resumeId !== undefined && !resumeProofreadId
    const placeholders = placeholderProblem(downloadPath, { preflightGivesLanguage: apiVersion !== 'v2' && (preflight || resuming), resuming })
    if (placeholders) throw new InputError('download_path', placeholders)
    checkDownloadPath(downloadPath, proofreadIds.length > 1)
  }
  // Parsed in the order the first bad input is reported, then grouped.
  const key = parseApiKey(apiKey)
  const request = parseGenerateRequest()
  const baseUrl = parseBaseUrl(getInput('base_url') || 'https://api.heygen.com')
  // Under a second no HTTPS answer can arrive: every paid call would time out after it may have started a job.
  const requestTimeoutMs = parseDuration('request_timeout', getInput('request_timeout') || '30', requestTimeoutFloorMs)
  const downloadTimeoutMs = parseDuration('download_timeout', getInput('download_timeout') || '30m')
  const maxDownloadBytes = parseSize('max_download_size', getInput('max_download_size') || '8GiB')
  const dryRun = parseBoolean('dry_run', getInput('dry_run'), false)
  // A download needs the finished video, and resuming a job means waiting for it: both imply waiting.
  const wait = parseBoolean('wait', getInput('wait'), false) || downloadPath !== undefined || resumeId !== undefined
  const waitTimeoutMs = parseDuration('wait_timeout', getInput('wait_timeout') || '3600')
  // At least 1 s against HeyGen's own API (polling faster only spends its rate limit); a sandbox may go lower.
  const pollIntervalMs = parseDuration(
    'poll_interval',
    getInput('poll_interval') || '15',
    pollIntervalFloorMs(getInput('base_url') || 'https://api.heygen.com'),
  )
  const savedPath = downloadPath ? checkPath('download_path', downloadPath) : undefined
  const maxConcurrency = parseCount('max_concurrency', getInput('max_concurrency') || '4', 1, 64)
  return {
    heygen: { apiKey: key, baseUrl, apiVersion, request, ...(idempotencyKey ? { idempotencyKey } : {}), preflight },
    timing: { requestTimeoutMs, downloadTimeoutMs, waitTimeoutMs, pollIntervalMs },
    files: { ...(savedPath ? { downloadPath: savedPath } : {}), maxDownloadBytes },
    publish: release,
    work: {
      proofreadIds,
      ...(resumeId ? { resumeId } : {}),
      ...(resumeProofreadId ? { resumeProofreadId } : {}),
      maxConcurrency,
      dryRun,
      wait,
    },
  }
}

/** The token for GitHub, read on its own so it can be masked before anything else runs, like the key. */
export function readGitHubToken(): string {
  return getInput('github_token')
}

/** `release`, `github_token` and `republish`, with the run's repository and API URL; undefined when not publishing. */
function parseRelease(): ReleaseConfig | undefined {
  const release = getInput('release')
  const republish = parseBoolean('republish', getInput('republish'), false)
  if (release === '') {
    if (republish) throw new InputError('republish', 'only applies when publishing: set `release` (auto or a tag) too')
    return undefined
  }
  // Git's rules for a ref name, as far as they matter here: one line, no spaces, no `..`, none of ~^:?*[\.
  if (release !== 'auto' && (!/^[^\s\p{Cc}~^:?*[\\]{1,255}$/u.test(release) || release.includes('..') || /^[-/]|[/.]$/.test(release))) {
    throw new InputError(
      'release',
      `must be empty (no publishing), \`auto\` (the release of the triggering event) or a tag name such as v1.4.0 (got ${quote(release)})`,
    )
  }
  const token = readGitHubToken()
  if (!token) {
    throw new InputError(
      'github_token',
      'is required to publish to a release: leave it at its default (`${{ github.token }}`, with `permissions: contents: write`) or pass a token from a secret',
    )
  }
  if (!/^[\x21-\x7e]+$/.test(token))
    throw new InputError('github_token', 'must be one line of printable ASCII without spaces (check how the secret was pasted)')
  const repository = process.env.GITHUB_REPOSITORY ?? ''
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw new InputError('release', 'needs the repository of the run (GITHUB_REPOSITORY, set by the runner): publish from a workflow run')
  }
  const apiUrl = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
  if (!isGitHubApiUrl(apiUrl)) {
    throw new InputError('release', `needs GITHUB_API_URL to be an https URL (http only on a loopback host), got ${quote(apiUrl)}`)
  }
  return { release, token, apiUrl, repository, republish }
}

/**
 * Where published files are saved when download_path is empty: the job's temporary folder (emptied after the job),
 * one file per proofread named by its id, so the asset names are known (and checked) before anything is paid.
 */
function releaseFolder(resuming: boolean): string {
  const folder = path.join(process.env.RUNNER_TEMP || tmpdir(), 'heygen-release-videos')
  return resuming ? `${folder}${path.sep}` : path.join(folder, '{proofread_id}.mp4')
}

function parseGenerateRequest(): GenerateRequest {
  const callbackId = optional(getInput('callback_id'))
  const callbackUrl = optional(getInput('callback_url'))
  if (callbackId !== undefined) checkText('callback_id', callbackId)
  if (callbackUrl !== undefined) {
    // Masked before it can appear in any line, an error about it included.
    for (const secret of callbackSecrets(callbackUrl)) setSecret(secret)
    checkCallbackUrl(callbackUrl)
  }
  return {
    captions: parseBoolean('captions', getInput('captions'), false),
    translate_audio_only: parseBoolean('translate_audio_only', getInput('translate_audio_only'), false),
    ...(callbackId ? { callback_id: callbackId } : {}),
    ...(callbackUrl ? { callback_url: callbackUrl } : {}),
  }
}

function parseApiKey(key: string): string {
  // Never echo the key: errors describe it without quoting it.
  if (!key) {
    throw new InputError(
      'api_key',
      'is required: pass your HeyGen API key from a secret (`api_key: ${{ secrets.HEYGEN_API_KEY }}`) or set the HEYGEN_API_KEY environment variable',
    )
  }
  if (/[\r\n]/.test(key)) throw new InputError('api_key', 'must be a single line: the value contains a line break (check how the secret was pasted)')
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new InputError('api_key', 'must be printable ASCII without spaces: the value contains a space, a control or a non-ASCII character')
  }
  if (key.length > 512) throw new InputError('api_key', 'must be at most 512 characters: the value is longer than any HeyGen key')
  return key
}

function parseApiVersion(raw: string): ApiVersionInput {
  const version = raw.toLowerCase()
  if (version === 'auto' || version === 'v2' || version === 'v3') return version
  throw new InputError('api_version', `must be auto, v2 or v3 (got ${quote(raw)})`)
}

/** YAML 1.2 booleans, as @actions/core's getBooleanInput accepts them. */
export function parseBoolean(input: string, raw: string, fallback: boolean): boolean {
  if (raw === '') return fallback
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  throw new InputError(input, `must be true or false (got ${quote(raw)})`)
}

function parseCount(input: string, raw: string, min: number, max: number): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
  if (!(value >= min && value <= max)) throw new InputError(input, `must be a whole number from ${min} to ${max} (got ${quote(raw)})`)
  return value
}

/** Ids one per line and/or separated by commas; blanks ignored; a repeat would pay twice, so it is refused. */
export function parseIdList(input: string, raw: string): string[] {
  const ids = raw
    .split(/[\r\n,]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '')
  const seen = new Set<string>()
  for (const id of ids) {
    checkId(input, id)
    if (seen.has(id))
      throw new InputError(input, `lists ${quote(id)} more than once: each proofread would be generated (and paid for) once per entry`)
    seen.add(id)
  }
  return ids
}

/** Any id is percent-encoded into the path; these rules only refuse what can never be a HeyGen id. */
function checkId(input: string, id: string): void {
  refusePastedLink(input, id)
  if (/[\s\p{Cc}\p{Cf}]/u.test(id)) throw new InputError(input, `must be an id without spaces, control or invisible characters (got ${quote(id)})`)
  // "." and ".." are path segments even when percent-encoded, so they could change the route.
  if (/^\.+$/.test(id)) throw new InputError(input, `must be an id, not ${quote(id)}`)
  if (id.length > 200) throw new InputError(input, `must be at most 200 characters (got ${id.length})`)
}

function checkText(input: string, value: string): void {
  if (/[\p{Cc}\u2028\u2029]/u.test(value)) throw new InputError(input, `must be one line of text without control characters (got ${quote(value)})`)
  if (value.length > 1000) throw new InputError(input, `must be at most 1000 characters (got ${value.length})`)
}

function checkPath(input: string, value: string): string {
  if (/[\p{Cc}\u2028\u2029]/u.test(value))
    throw new InputError(input, `must be a file or folder path without control characters (got ${quote(value)})`)
  // Checked now, not when the download fails after the paid render: names over 240 bytes leave no room
  // for the temporary `.<name>.<hex>.part` beside the file (file systems allow 255).
  const resolved = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd(), value)
  const tooLong = resolved.split(/[\\/]/).find((part) => Buffer.byteLength(part) > 240)
  if (tooLong !== undefined || Buffer.byteLength(resolved) > 4000) {
    throw new InputError(input, `must be a path whose folder and file names are at most 240 bytes each, 4000 in all (got ${quote(value)})`)
  }
  return value
}

/** A video file or a folder, placeholders whole, one file per proofread, inside the workspace when relative: refused now, before any credit is spent. */
function checkDownloadPath(downloadPath: string, several: boolean): void {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const resolved = path.resolve(workspace, downloadPath)
  const isFolder = existsSync(resolved) && statSync(resolved).isDirectory()
  if (several && existsSync(resolved) && !isFolder && !isTemplated(downloadPath)) {
    throw new InputError('download_path', `must be a folder when several proofread ids are given: ${quote(downloadPath)} is an existing file`)
  }
  const problem = downloadPathProblem(downloadPath, { several, isFolder })
  if (problem) throw new InputError('download_path', problem)
  // A relative path is the workspace's: a folder link in the checkout must not lead it elsewhere. Absolute paths are the user's choice.
  if (path.isAbsolute(downloadPath)) return
  const outside = leavesWorkspace(path.resolve(workspace, downloadPath.split('{')[0] ?? ''), workspace)
  if (outside) throw new InputError('download_path', outside)
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** The API origin: https, or http on a loopback host so a local sandbox can stand in. */
export function parseBaseUrl(raw: string): string {
  const accepts =
    'must be an https origin such as https://api.heygen.com (http only for localhost, 127.0.0.1 or [::1]), without path, query or credentials'
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError('base_url', `${accepts} (got ${quote(raw)})`)
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname)
  const schemeOk = url.protocol === 'https:' || (url.protocol === 'http:' && loopback)
  if (!schemeOk || url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) {
    throw new InputError('base_url', `${accepts} (got ${quote(raw)})`)
  }
  return url.origin
}

function optional(value: string): string | undefined {
  return value === '' ? undefined : value
}
