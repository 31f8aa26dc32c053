// One proofread from start to finish: generate (or resume), wait, fetch captions, download.
// Every outcome, good or bad, becomes a ProofreadResult: one failure never stops the others.
import { HeyGenError } from '../heygen/api-error.js'
import type { HeyGenClient } from '../heygen/client.js'
import { idempotencyKeyFor, type RunIdentity } from '../heygen/idempotency.js'
import type { TranslationStatus } from '../heygen/status.js'
import { downloadFile, LinkExpiredError } from '../transport/download.js'
import type { Transport } from '../transport/http.js'
import { formatElapsed } from '../util/format.js'
import type { Settings } from './inputs.js'
import type { Log } from './log.js'
import { resolveDestination } from './paths.js'
import { type ProofreadResult, resumeHint } from './result.js'
import { type WaitOptions, waitForTranslation } from './wait.js'

export interface ProofreadContext {
  settings: Settings
  client: HeyGenClient
  transport: Transport
  log: Log
  /** Called as soon as the id is known, so it is an output even if the step is cancelled later. */
  onStarted: (videoTranslateId: string) => void
  workspace: string
  /** Several proofreads in the step: download_path is then a folder. */
  several: boolean
  /** The workflow run, which scopes the v3 Idempotency-Key; undefined outside one. */
  run: RunIdentity | undefined
}

/** A job to handle: a proofread to generate from, or an existing id to resume. */
export type Job = { proofreadId: string } | { resumeId: string }

export async function translateProofread(job: Job, context: ProofreadContext): Promise<ProofreadResult> {
  const { settings, client, log } = context
  const result: ProofreadResult = { proofread_id: 'proofreadId' in job ? job.proofreadId : '', video_translate_id: '', status: 'failed' }
  try {
    if ('proofreadId' in job) {
      const key = settings.apiVersion === 'v3' ? idempotencyKeyFor(job.proofreadId, settings, context.run) : undefined
      const generated = await client.generate(job.proofreadId, settings.request, key)
      result.video_translate_id = generated.videoTranslateId
      result.status = generated.status
      log.info(`Started video_translate_id ${generated.videoTranslateId} from proofread ${job.proofreadId} (status: ${generated.status})`)
    } else {
      result.video_translate_id = job.resumeId
      result.status = 'pending'
      log.info(`Resuming video_translate_id ${job.resumeId}`)
    }
    context.onStarted(result.video_translate_id)
    if (!settings.wait) return result
    await finish(result, context)
  } catch (error) {
    // HeyGen refused the id itself (404, 401...): there is nothing to resume, and no status to report.
    if (error instanceof HeyGenError && !error.details.mayHaveStarted && (error.details.status ?? 0) >= 400 && (error.details.status ?? 0) < 500) {
      result.status = 'failed'
    }
    result.error = describe(error, result, settings)
    // With an id, status stays HeyGen's last word (a download can fail after a success); without one, nothing started.
    if (!result.video_translate_id) result.status = 'failed'
  }
  return result
}

/** Waits for the render, then gathers links and files. */
async function finish(result: ProofreadResult, context: ProofreadContext): Promise<void> {
  const { settings, client, log } = context
  const id = result.video_translate_id
  const started = Date.now()
  log.info(`Waiting for ${id} (up to ${formatElapsed(settings.waitTimeoutMs)}, a status call every ${formatElapsed(settings.pollIntervalMs)})`)
  const outcome = await waitForTranslation(client, id, waitOptions(context))
  if (!outcome.done) {
    result.status = outcome.last?.state ?? 'pending'
    throw new Error(
      `Gave up waiting after ${formatElapsed(settings.waitTimeoutMs)} (wait_timeout): video_translate_id ${id} is still ${outcome.last?.raw || 'in progress'} at HeyGen, will go on rendering and is billed once.\n${resumeHint(id, settings)}`,
    )
  }
  const status = outcome.status
  result.status = status.state ?? 'failed'
  if (status.state === 'failed') {
    result.message = status.message ?? 'HeyGen gave no reason'
    throw new Error(`HeyGen could not render video_translate_id ${id}: ${result.message}`)
  }
  log.info(`${id} succeeded after ${formatElapsed(Date.now() - started)}`)
  if (status.videoUrl) result.video_url = status.videoUrl
  if (settings.request.captions) await findCaption(result, status, context)
  if (settings.downloadPath) await downloadResults(result, settings.downloadPath, context)
}

/** The step's wait settings, for the first wait and for a link refresh alike. */
function waitOptions(context: ProofreadContext): WaitOptions {
  return {
    timeoutMs: context.settings.waitTimeoutMs,
    pollIntervalMs: context.settings.pollIntervalMs,
    signal: context.transport.signal,
    log: context.log,
  }
}

async function findCaption(result: ProofreadResult, status: TranslationStatus, context: ProofreadContext): Promise<void> {
  try {
    const url = context.client.version === 'v3' ? status.captionUrl : await context.client.getCaptionUrl(result.video_translate_id)
    if (url) result.caption_url = url
    else context.log.warning(`HeyGen gave no caption link for ${result.video_translate_id}; the video is fine`)
  } catch (error) {
    // Captions are extra: losing them must not fail a video that rendered.
    context.log.warning(`No captions for ${result.video_translate_id}: ${(error as Error).message}; the video is fine`)
  }
}

async function downloadResults(result: ProofreadResult, downloadPath: string, context: ProofreadContext): Promise<void> {
  const id = result.video_translate_id
  const destination = resolveDestination(downloadPath, id, { workspace: context.workspace, several: context.several })
  const options = { transport: context.transport, log: context.log, downloadTimeoutMs: context.settings.downloadTimeoutMs }
  if (!result.video_url) throw new Error(`HeyGen reported ${id} as done but gave no video link to download`)
  try {
    await downloadFile(result.video_url, destination.video, options)
  } catch (error) {
    if (!(error instanceof LinkExpiredError)) throw error
    // Signed links expire; each status call issues a fresh one, so ask once more and try once more.
    context.log.info(`The video link answered ${error.status}; asking HeyGen for a fresh link`)
    // Through the wait loop, so a 429/5xx on this one status call is retried instead of failing a paid video.
    const refreshed = await waitForTranslation(context.client, id, waitOptions(context))
    const fresh = refreshed.done ? refreshed.status : undefined
    if (!fresh?.videoUrl) throw new Error(`HeyGen gave no fresh link for ${id}`)
    result.video_url = fresh.videoUrl
    // Only v3 status answers carry caption links (the client sets captionUrl for v3 alone).
    if (fresh.captionUrl) result.caption_url = fresh.captionUrl
    await downloadFile(fresh.videoUrl, destination.video, options)
  }
  result.video_path = destination.video
  if (!result.caption_url) return
  const extension = /\.srt(\?|$)/i.test(new URL(result.caption_url).pathname) ? '.srt' : '.vtt'
  try {
    await downloadFile(result.caption_url, destination.captionBase + extension, options)
    result.caption_path = destination.captionBase + extension
  } catch (error) {
    if (context.transport.signal.aborted) throw error
    context.log.warning(`Could not save the captions of ${id}: ${(error as Error).message}; the video is saved`)
  }
}

/** The error line a user reads for a failed proofread, with the money facts when they matter. */
function describe(error: unknown, result: ProofreadResult, settings: Settings): string {
  const message = error instanceof Error ? error.message : String(error)
  if (error instanceof HeyGenError && error.details.mayHaveStarted && !result.video_translate_id) {
    const facts = message.replace(/\.$/, '')
    if (settings.apiVersion === 'v3') {
      return `${facts}. A job may have started at HeyGen. It was only ever retried with the same Idempotency-Key, and re-running this workflow run sends that key again, so HeyGen replays the first answer instead of charging twice.`
    }
    return `${facts}. The request may have reached HeyGen: a job may have started, so it was not sent again (you are not charged twice). Before running this again, check HeyGen (dashboard or webhook) for a video from proofread ${result.proofread_id}; if there is one, resume it with \`video_translate_id: <id>\` instead of paying twice.`
  }
  if (result.video_translate_id && !message.includes('video_translate_id:') && result.status !== 'failed' && !result.message) {
    return `${message}\n${resumeHint(result.video_translate_id, settings)}`
  }
  return message
}
