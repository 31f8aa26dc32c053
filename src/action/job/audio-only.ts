// translate_audio_only: sources disagree on whether a finished job carries a video link. When the request was
// audio-only, a finished job with an audio link is a success: the audio is saved (and published), and the result says
// there is no video (`audio_only`), so the summary and the outputs can say so.
import type { TranslationStatus } from '../../heygen/status.js'
import { type DownloadOptions, downloadFile } from '../../transport/download.js'
import type { Config } from '../config/inputs.js'
import type { ProofreadResult } from '../report/result.js'
import type { Log } from '../runner/log.js'

/** True (and the result marked) when an audio-only job finished with its audio and no video link: nothing is missing. */
export function audioWithoutVideo(result: ProofreadResult, status: TranslationStatus, config: Config, log: Log): boolean {
  if (!config.heygen.request.translate_audio_only || !status.audioUrl || status.videoUrl) return false
  result.audio_only = true
  log.info(`HeyGen finished ${result.video_translate_id} with the translated audio and no video link (translate_audio_only): the audio is the result`)
  return true
}

/**
 * Saves an audio-only job's files at the video's planned name with the audio's extension: the audio is the result, so a
 * failure to save it fails the proofread; captions stay an extra (a warning).
 */
export async function saveAudioOnly(
  result: ProofreadResult,
  base: string,
  options: DownloadOptions,
  extensionFor: (contentType: string | undefined) => string,
  log: Log,
): Promise<void> {
  result.audio_path = (await downloadFile(result.audio_url ?? '', { base, extensionFor }, options)).path
  if (!result.caption_url) return
  const extension = /\.srt(\?|$)/i.test(new URL(result.caption_url).pathname) ? '.srt' : '.vtt'
  try {
    result.caption_path = (await downloadFile(result.caption_url, base + extension, options)).path
  } catch (error) {
    if (options.transport.signal.aborted) throw error
    log.warning(`Could not save the captions of ${result.video_translate_id}: ${(error as Error).message}; the audio is saved`)
  }
}
