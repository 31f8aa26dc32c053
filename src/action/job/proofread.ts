// One proofread from start to finish: generate (or resume), wait, fetch captions and audio, download.
// Every outcome, good or bad, becomes a ProofreadResult: one failure never stops the others.
import nodePath from 'node:path'
import { HeyGenError } from '../../heygen/api-error.js'
import type { HeyGenClient } from '../../heygen/client.js'
import { idempotencyKeyFor, type RunIdentity } from '../../heygen/idempotency.js'
import type { ApiVersion } from '../../heygen/request.js'
import type { TranslationStatus } from '../../heygen/status.js'
import { linkPolicyFor } from '../../transport/addresses.js'
import { type DownloadOptions, downloadFile, LinkExpiredError } from '../../transport/download.js'
import type { DiskBudget } from '../../transport/disk-budget.js'
import type { TemporaryFiles } from '../../transport/temporary-files.js'
import type { Transport } from '../../transport/http.js'
import { formatElapsed } from '../../util/format.js'
import type { Place } from '../../util/concurrency.js'
import type { ApiVersions } from './api-versions.js'
import type { Config } from '../config/inputs.js'
import type { Log } from '../runner/log.js'
import { type FileClaims, leavesWorkspace, placeholderValues, resolveDestination } from '../files/paths.js'
import { languageOf, type ProofreadResult, resumeHint } from '../report/result.js'
import { markPhase } from '../report/timings.js'
import { type WaitOptions, waitForTranslation } from './wait.js'
import { audioWithoutVideo, saveAudioOnly } from './audio-only.js'

export interface ProofreadContext {
  config: Config
  versions: ApiVersions
  transport: Transport
  log: Log
  /** Called as soon as the id is known, so it is an output even if the step is cancelled later; `result` stays live. */
  onStarted: (videoTranslateId: string, result: ProofreadResult) => void
  workspace: string
  /** Several proofreads in the step: download_path is then a folder, unless it holds placeholders. */
  several: boolean
  /** The workflow run, which scopes the v3 Idempotency-Key; undefined outside one. */
  run: RunIdentity | undefined
  /** The files the step saves, so two proofreads never write one file. */
  claims: FileClaims
  /** The step's partial files (its StepRun's): a cancel or a crash removes them synchronously. */
  temporaryFiles?: TemporaryFiles
  /** The step's downloads running at once (its StepRun's), checked together against the free space. */
  diskBudget?: DiskBudget
  /** The proofread's max_concurrency place, lent while its generate call waits out a 429. */
  place?: Place
}

/** A job to handle: a proofread to generate from (with its language when the preflight told it), or an existing id to resume. */
export type Job = { proofreadId: string; outputLanguage?: string } | { resumeId: string }

export async function translateProofread(job: Job, context: ProofreadContext): Promise<ProofreadResult> {
  const { config, versions, log } = context
  // A resumed job of a release's recovery block keeps its proofread id (config.work.resumeProofreadId): name and ledger as before.
  const proofreadId = 'proofreadId' in job ? job.proofreadId : (context.config.work.resumeProofreadId ?? '')
  const result: ProofreadResult = { proofread_id: proofreadId, video_translate_id: '', status: 'failed' }
  if ('proofreadId' in job && job.outputLanguage) Object.assign(result, languageOf(job.outputLanguage))
  try {
    let version: ApiVersion
    if ('proofreadId' in job) {
      const key = () => idempotencyKeyFor(job.proofreadId, config.heygen, context.run)
      const generated = await versions.generate(job.proofreadId, config.heygen.request, key, context.place)
      version = generated.version
      result.video_translate_id = generated.videoTranslateId
      result.status = generated.status
      log.info(`Started video_translate_id ${generated.videoTranslateId} from proofread ${job.proofreadId} (status: ${generated.status})`)
    } else {
      version = await versions.versionOf(job.resumeId)
      result.video_translate_id = job.resumeId
      result.status = 'pending'
      log.info(`Resuming video_translate_id ${job.resumeId} on ${version}`)
    }
    result.api_version = version
    context.onStarted(result.video_translate_id, result)
    markPhase(result, 'queued')
    if (!config.work.wait) return result
    await finish(result, versions.client(version), context)
  } catch (error) {
    if (error instanceof HeyGenError && error.details.apiVersion) result.api_version = error.details.apiVersion
    // An error that came with a job id: the job may exist and be billed, so its id is reported and resumable.
    if (error instanceof HeyGenError && error.details.videoTranslateId && !result.video_translate_id) {
      result.video_translate_id = error.details.videoTranslateId
      result.status = 'unknown'
      context.onStarted(result.video_translate_id, result)
    }
    // HeyGen refused the id itself (404, 401...): there is nothing to resume, and no status to report.
    if (error instanceof HeyGenError && !error.details.mayHaveStarted && (error.details.status ?? 0) >= 400 && (error.details.status ?? 0) < 500) {
      result.status = 'failed'
    }
    result.error = describe(error, result, config)
    // With an id, status stays HeyGen's last word (a download can fail after a success); without one, nothing started.
    if (!result.video_translate_id) result.status = 'failed'
  }
  // The summary's timeline: when this job's last phase ended.
  if (result.timings) markPhase(result, 'finished')
  return result
}

/** Waits for the render, then gathers links and files. */
async function finish(result: ProofreadResult, client: HeyGenClient, context: ProofreadContext): Promise<void> {
  const { config, log } = context
  const id = result.video_translate_id
  const started = Date.now()
  log.info(
    `Waiting for ${id} (up to ${formatElapsed(config.timing.waitTimeoutMs)}, a status call every ${formatElapsed(config.timing.pollIntervalMs)})`,
  )
  const outcome = await waitForTranslation(client, id, waitOptions(result, context))
  if (!outcome.done) {
    if (!outcome.last) result.status = 'pending'
    throw new Error(
      `Gave up waiting after ${formatElapsed(config.timing.waitTimeoutMs)} (wait_timeout): video_translate_id ${id} is still ${outcome.last?.raw || 'in progress'} at HeyGen, will go on rendering and is billed once.\n${resumeHint(id, config)}`,
    )
  }
  const status = outcome.status
  if (status.state === 'failed') {
    result.message = status.message ?? 'HeyGen gave no reason'
    throw new Error(`HeyGen could not render video_translate_id ${id}: ${result.message}`)
  }
  takeLinks(result, status)
  // translate_audio_only: a finished job with its audio link and no video link still delivered what was asked for.
  if (!status.videoUrl && !status.unusableLinks?.length && !audioWithoutVideo(result, status, config, log)) {
    throw new Error(
      `HeyGen reported video_translate_id ${id} as ${status.raw} but gave no video link, after ${client.timing.lateLinkPolls} more status calls: the video is rendered and billed once.\n${resumeHint(id, config)}`,
    )
  }
  log.info(`${id} succeeded after ${formatElapsed(Date.now() - started)}`)
  if (config.heygen.request.captions) await findCaption(result, status, client, context)
  if (config.heygen.request.translate_audio_only && !result.audio_url && client.version === 'v3') {
    log.warning(`HeyGen gave no audio link for ${id}; the video is fine`)
  }
  markPhase(result, 'downloading')
  if (config.files.downloadPath) await downloadResults(result, config.files.downloadPath, client, context)
}

/** The step's wait settings, for the first wait and for a link refresh alike; every answer updates the status a user sees. */
function waitOptions(result: ProofreadResult, context: ProofreadContext): WaitOptions {
  return {
    timeoutMs: context.config.timing.waitTimeoutMs,
    pollIntervalMs: context.config.timing.pollIntervalMs,
    signal: context.transport.signal,
    log: context.log,
    onStatus: (status) => {
      // HeyGen's last polled word (mapped when documented): what a cancel or a timeout reports.
      if (status.state || status.raw) result.status = status.state ?? status.raw
      if (status.state === 'running') markPhase(result, 'rendering')
    },
  }
}

/** The links and language of a finished job (signed links are fresh on every status answer). */
function takeLinks(result: ProofreadResult, status: TranslationStatus): void {
  if (status.videoUrl) result.video_url = status.videoUrl
  if (status.audioUrl) result.audio_url = status.audioUrl
  // Only v3 status answers carry caption links (the client sets captionUrl for v3 alone).
  if (status.captionUrl) result.caption_url = status.captionUrl
  if (status.duration !== undefined) result.duration = status.duration
  if (status.outputLanguage && !result.output_language) Object.assign(result, languageOf(status.outputLanguage))
}

async function findCaption(result: ProofreadResult, status: TranslationStatus, client: HeyGenClient, context: ProofreadContext): Promise<void> {
  try {
    const url = client.version === 'v3' ? status.captionUrl : await client.getCaptionUrl(result.video_translate_id)
    if (url) result.caption_url = url
    else context.log.warning(`HeyGen gave no caption link for ${result.video_translate_id}; the video is fine`)
  } catch (error) {
    // Captions are extra: losing them must not fail a video that rendered.
    context.log.warning(`No captions for ${result.video_translate_id}: ${(error as Error).message}; the video is fine`)
  }
}

async function downloadResults(result: ProofreadResult, downloadPath: string, client: HeyGenClient, context: ProofreadContext): Promise<void> {
  const id = result.video_translate_id
  const values = placeholderValues({ proofreadId: result.proofread_id, outputLanguage: result.output_language, videoTranslateId: id })
  const planned = resolveDestination(downloadPath, values, { workspace: context.workspace, several: context.several })
  // A placeholder's value may name a folder link in the checkout: checked again now that the path is whole.
  const outside = nodePath.isAbsolute(downloadPath) ? undefined : leavesWorkspace(planned.video, context.workspace)
  if (outside) throw new Error(`download_path: ${outside}`)
  const video = context.claims.claim(planned.video, result.proofread_id || id)
  const base = video === planned.video ? planned.base : video.slice(0, video.length - (planned.video.length - planned.base.length))
  const options = downloadOptions(context)
  const audioType = (contentType: string | undefined) => audioExtension(result.audio_url ?? '', contentType)
  if (result.audio_only) return saveAudioOnly(result, base, options, audioType, context.log)
  if (!result.video_url) throw new Error(`HeyGen reported ${id} as done but gave no video link to download`)
  try {
    await downloadFile(result.video_url, video, options)
  } catch (error) {
    if (!(error instanceof LinkExpiredError)) throw error
    // Signed links expire; each status call issues a fresh one, so ask once more and try once more.
    context.log.info(`The video link answered ${error.status}; asking HeyGen for a fresh link`)
    // Through the wait loop, so a 429/5xx on this one status call is retried instead of failing a paid video.
    const refreshed = await waitForTranslation(client, id, waitOptions(result, context))
    const fresh = refreshed.done ? refreshed.status : undefined
    if (!fresh?.videoUrl) throw new Error(`HeyGen gave no fresh link for ${id}`, { cause: error })
    takeLinks(result, fresh)
    await downloadFile(fresh.videoUrl, video, options)
  }
  result.video_path = video
  if (result.caption_url) {
    const extension = /\.srt(\?|$)/i.test(new URL(result.caption_url).pathname) ? '.srt' : '.vtt'
    const saved = await saveExtra('captions', result.caption_url, base + extension, result, context)
    if (saved) result.caption_path = saved
  }
  if (context.config.heygen.request.translate_audio_only && result.audio_url) {
    const target = { base, extensionFor: (contentType: string | undefined) => audioExtension(result.audio_url ?? '', contentType) }
    const saved = await saveExtra('audio', result.audio_url, target, result, context)
    if (saved) result.audio_path = saved
  }
}

/** The step's download rules: its timeout, and where a link may lead (https, public addresses). */
function downloadOptions(context: ProofreadContext): DownloadOptions {
  const { config } = context
  return {
    transport: context.transport,
    log: context.log,
    downloadTimeoutMs: config.timing.downloadTimeoutMs,
    maxBytes: config.files.maxDownloadBytes,
    links: linkPolicyFor(config.heygen.baseUrl),
    ...(context.temporaryFiles ? { temporaryFiles: context.temporaryFiles } : {}),
    ...(context.diskBudget ? { diskBudget: context.diskBudget } : {}),
  }
}

/** Captions and audio are extras: losing one is a warning, never a failure of a video that is saved. */
async function saveExtra(
  what: string,
  url: string,
  target: Parameters<typeof downloadFile>[1],
  result: ProofreadResult,
  context: ProofreadContext,
): Promise<string | undefined> {
  try {
    return (await downloadFile(url, target, downloadOptions(context))).path
  } catch (error) {
    if (context.transport.signal.aborted) throw error
    context.log.warning(`Could not save the ${what} of ${result.video_translate_id}: ${(error as Error).message}; the video is saved`)
    return undefined
  }
}

const AUDIO_TYPES: Record<string, string> = {
  'audio/mpeg': '.mp3',
  'audio/mp3': '.mp3',
  'audio/wav': '.wav',
  'audio/x-wav': '.wav',
  'audio/wave': '.wav',
  'audio/mp4': '.m4a',
  'audio/x-m4a': '.m4a',
  'audio/aac': '.aac',
  'audio/ogg': '.ogg',
  'audio/flac': '.flac',
}

/** The audio file's extension: from the link's path, else its Content-Type, else `.mp3`. */
export function audioExtension(url: string, contentType: string | undefined): string {
  const fromPath = /\.(mp3|wav|m4a|aac|ogg|flac)$/i.exec(new URL(url).pathname)?.[1]
  if (fromPath) return `.${fromPath.toLowerCase()}`
  return AUDIO_TYPES[(contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''] ?? '.mp3'
}

/** The error line a user reads for a failed proofread, with the money facts when they matter. */
function describe(error: unknown, result: ProofreadResult, config: Config): string {
  const message = error instanceof Error ? error.message : String(error)
  const version = (error instanceof HeyGenError && error.details.apiVersion) || config.heygen.apiVersion
  if (error instanceof HeyGenError && error.details.mayHaveStarted && !result.video_translate_id) {
    const facts = message.replace(/\.$/, '')
    if (version === 'v3') {
      return `${facts}. A job may have started at HeyGen. It was only ever retried with the same Idempotency-Key, and re-running this workflow run sends that key again, so HeyGen replays the first answer instead of charging twice.`
    }
    return `${facts}. The request may have reached HeyGen: a job may have started, so it was not sent again (you are not charged twice). Before running this again, check HeyGen (dashboard or webhook) for a video from proofread ${result.proofread_id}; if there is one, resume it with \`video_translate_id: <id>\` instead of paying twice.`
  }
  if (error instanceof HeyGenError && error.details.videoTranslateId) {
    return `${message}. HeyGen also returned video_translate_id ${result.video_translate_id}: the job may have started and be billed, so it was not sent again.\n${resumeHint(result.video_translate_id, config)}`
  }
  if (result.video_translate_id && !message.includes('video_translate_id:') && result.status !== 'failed' && !result.message) {
    return `${message}\n${resumeHint(result.video_translate_id, config)}`
  }
  return message
}
