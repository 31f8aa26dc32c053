import { languageCode } from '../../heygen/languages.js'
import type { FilesConfig, HeyGenConfig } from '../config/inputs.js'

/** One proofread's outcome, with the field names the `results` output promises. */
export interface ProofreadResult {
  proofread_id: string
  video_translate_id: string
  /**
   * `dry_run`; `not_started` when the preflight held the step back; HeyGen's initial word without wait;
   * else HeyGen's last polled word as pending | running | success | failed.
   */
  status: string
  /** The API version that created (or knows) the job. */
  api_version?: string
  /** The proofread's state at the preflight: completed, processing, failed, not_found or unknown. */
  proofread_status?: string
  /** HeyGen's name of the language (`Spanish (Spain)`). */
  output_language?: string
  /** Its BCP 47 tag (`es-ES`), when the name maps to one. */
  language_code?: string
  video_url?: string
  video_path?: string
  caption_url?: string
  caption_path?: string
  audio_url?: string
  audio_path?: string
  /** translate_audio_only: HeyGen sent the translated audio and no video link; the audio is the result, there is no video. */
  audio_only?: boolean
  /** HeyGen's `duration` of the finished video (seconds), from v3's status answer. */
  duration?: number
  /** With `release`: the download links of the proofread's assets on the release (video last). */
  asset_urls?: string[]
  /** HeyGen's failure message for a failed render. */
  message?: string
  /** Why this proofread failed the step. */
  error?: string
  /** When each phase of the job began (ms since the epoch), for the summary's timeline; not in the `results` output. */
  timings?: PhaseTimes
}

/**
 * The orchestrator sets these as they happen: `queued` when the generate call returned the job id, `rendering` at the
 * first poll that saw it running, `downloading` when the download began, `finished` when the last file (or upload) ended.
 */
export interface PhaseTimes {
  queued?: number
  rendering?: number
  downloading?: number
  finished?: number
}

/** HeyGen's language name and, when it maps to one, its BCP 47 tag: the two fields a result carries. */
export function languageOf(name: string): Pick<ProofreadResult, 'output_language' | 'language_code'> {
  const code = languageCode(name)
  return code ? { output_language: name, language_code: code } : { output_language: name }
}

/** How to pick a job up again without paying for it twice, ready to paste into a workflow. */
export function resumeHint(
  videoTranslateId: string,
  config: { readonly files: Pick<FilesConfig, 'downloadPath'>; readonly heygen: Pick<HeyGenConfig, 'apiVersion' | 'request'> },
): string {
  return [
    'To resume it without generating (and paying) again, run this action with:',
    '  with:',
    `    video_translate_id: ${videoTranslateId}`,
    `    api_version: ${config.heygen.apiVersion}`,
    // A download that was cut short is what the user still needs: the block must redo it, with captions.
    ...(config.files.downloadPath ? [`    download_path: ${config.files.downloadPath}`] : ['    wait: true']),
    ...(config.heygen.request.captions ? ['    captions: true'] : []),
  ].join('\n')
}

/** A proofread for which nothing was sent that costs: the one builder of every "not started" result. */
export function notStarted(proofreadId: string, error?: string, extra: Partial<ProofreadResult> = {}): ProofreadResult {
  return { proofread_id: proofreadId, video_translate_id: '', status: 'not_started', ...extra, ...(error ? { error } : {}) }
}
