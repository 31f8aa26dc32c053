// A release as a release manager meets it: N languages rendered, downloaded and published, one of them failed with a
// long HeyGen message, one held back by the preflight (from ten languages up), with the phase times a real run has.
import type { ProofreadResult } from '../../src/action/report/result.js'
import type { SummaryInput } from '../../src/action/report/summary.js'

/** Real HeyGen names and codes, the longest names included, so the Language column is as wide as it gets. */
const LANGUAGES: ReadonlyArray<readonly [string, string]> = [
  ['Spanish (Spain)', 'es-ES'],
  ['French (France)', 'fr-FR'],
  ['German (Germany)', 'de-DE'],
  ['Portuguese (Brazil)', 'pt-BR'],
  ['Chinese (Mandarin, Simplified)', 'zh-CN'],
  ['Arabic (Saudi Arabia)', 'ar-SA'],
  ['Japanese (Japan)', 'ja-JP'],
  ['Hindi (India)', 'hi-IN'],
  ['English (United Kingdom)', 'en-GB'],
  ['Serbian (Latin, Serbia)', 'sr-Latn-RS'],
]

export const WORKSPACE = '/home/runner/work/acme-product-launch/acme-product-launch'
const T0 = Date.UTC(2026, 11, 7, 14, 0, 0)
export const FAILURE =
  'The source audio could not be separated from the background music, so the voice could not be cloned for this language; upload a cleaner track or choose a stock voice'
export const HELD_BACK = 'proofread pr_launch_9 is still processing at HeyGen: approve it in the proofread editor, then run again'

/** The Nth language (wrapping round the list with a number, so fifty stay distinct). */
function language(i: number): [string, string] {
  const [name, code] = LANGUAGES[i % LANGUAGES.length] ?? ['Spanish (Spain)', 'es-ES']
  const round = Math.floor(i / LANGUAGES.length)
  return round === 0 ? [name, code] : [`${name} ${round + 1}`, `${code}-x${round + 1}`]
}

export function batchOf(n: number): ProofreadResult[] {
  return Array.from({ length: n }, (_, i): ProofreadResult => {
    const [name, code] = language(i)
    const id = `pr_launch_${i}`
    const vt = `5c1e0a9f7d2b4e6a8c0d${String(i).padStart(12, '0')}`
    const queued = T0 + i * 7_000
    const rendering = queued + 40_000 + (i % 5) * 30_000
    const downloading = rendering + 600_000 + (i % 7) * 90_000
    const finished = downloading + 20_000 + (i % 3) * 15_000
    const base = { proofread_id: id, output_language: name, language_code: code, api_version: 'v3' }
    // The failure sits in the middle of the batch, where a reader would miss it in an input-order table.
    if (i === Math.floor(n / 2)) {
      return {
        ...base,
        video_translate_id: vt,
        status: 'failed',
        message: FAILURE,
        error: `HeyGen could not render ${vt}: ${FAILURE}`,
        timings: { queued, rendering, finished: rendering + 300_000 },
      }
    }
    if (n >= 10 && i === n - 1) return { ...base, video_translate_id: '', status: 'not_started', proofread_status: 'processing', error: HELD_BACK }
    const asset = `https://github.com/acme/acme-product-launch/releases/download/v2.4.0/launch-${code}`
    return {
      ...base,
      video_translate_id: vt,
      status: 'success',
      video_url: `https://files2.heygen.ai/aws_pacific/video_translate/${vt}/${code}.mp4?Expires=1765200000&Signature=abcdefghijklmnopqrstuvwxyz0123456789`,
      caption_url: `https://files2.heygen.ai/aws_pacific/video_translate/${vt}/${code}.vtt?Expires=1765200000`,
      audio_url: `https://files2.heygen.ai/aws_pacific/video_translate/${vt}/${code}.mp3?Expires=1765200000`,
      video_path: `${WORKSPACE}/videos/launch-${code}.mp4`,
      caption_path: `${WORKSPACE}/videos/launch-${code}.vtt`,
      audio_path: `${WORKSPACE}/videos/launch-${code}.mp3`,
      asset_urls: [`${asset}.vtt`, `${asset}.mp3`, `${asset}.mp4`],
      timings: { queued, rendering, downloading, finished },
    }
  })
}

/** The summary's input for a published batch of N languages. */
export function releaseSummary(n: number): SummaryInput {
  return {
    results: batchOf(n),
    elapsedMs: 41 * 60_000 + 12_000,
    spent: `Spent: ${n} paid generate calls sent (retries included), ${n} new jobs started, 0 replays of an earlier call (same Idempotency-Key, not billed again), 0 proofreads held back by the preflight, 0 jobs still rendering at HeyGen.`,
    workspace: WORKSPACE,
    dryRun: false,
    waited: true,
    release: true,
    apiVersion: 'auto',
    notes: [],
    run: { url: 'https://github.com/acme/acme-product-launch/actions/runs/7012345678', runId: 7012345678, runAttempt: 1 },
  }
}
