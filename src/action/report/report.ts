// What the user sees at the end: step outputs, the job summary table, and one failure message.
import { formatElapsed } from '../../util/format.js'
import type { Settings } from '../config/inputs.js'
import type { ProofreadResult } from './result.js'
import type { RunContext } from '../runner/run-context.js'
import { capped, fitRows } from './safe-values.js'
import * as runner from '../runner/runner.js'

/** The outputs that hold one line per proofread, in input order, each with the result field it shows. */
const PER_PROOFREAD = [
  'video_translate_id',
  'status',
  'video_url',
  'caption_url',
  'video_path',
  'caption_path',
  'output_language',
  'language_code',
  'audio_url',
  'audio_path',
] as const satisfies ReadonlyArray<keyof ProofreadResult>

/**
 * Sets every output. Each per-proofread output holds exactly one line per proofread, in input order, an empty line where
 * there is nothing to say, so line N of every output belongs to the Nth proofread.
 */
export function setOutputs(results: readonly ProofreadResult[]): void {
  for (const name of PER_PROOFREAD) runner.setOutput(name, results.map((r) => r[name] ?? '').join('\n'))
  runner.setOutput('message', results.map(messageLine).join('\n'))
  runner.setOutput('results', resultsJson(results))
  // Every asset published to the release, one link per line.
  runner.setOutput('release_assets', results.flatMap((r) => r.asset_urls ?? []).join('\n'))
}

/** Why a proofread failed, on one line: HeyGen's failure message for a failed render, else the first line of the error. */
function messageLine(result: ProofreadResult): string {
  return result.message ?? firstLine(result.error) ?? ''
}

/** The `results` output may take this many bytes: the runner refuses an output of 1 MiB or more. */
export const RESULTS_BYTES = 768 * 1024

/** The fields `results` keeps when every field would not fit: enough to resume a job, find its file or re-run. */
const ESSENTIAL = ['proofread_id', 'video_translate_id', 'status', 'api_version', 'output_language', 'video_path'] as const
const MINIMAL = ['proofread_id', 'video_translate_id', 'status'] as const

/**
 * The `results` JSON, one object per proofread in input order, under `budget` bytes whatever HeyGen sent: every field;
 * else long texts cut to 200 characters; else the essential fields; else the id fields (each with `"trimmed": true`);
 * at the very last, only the proofreads that fit, the others left out (with a warning saying how many).
 */
export function resultsJson(results: readonly ProofreadResult[], budget = RESULTS_BYTES): string {
  const rungs = [
    () => results,
    () => results.map((r) => ({ ...r, ...shortTexts(r), trimmed: true })),
    () => results.map((r) => ({ ...pick(r, ESSENTIAL), trimmed: true })),
    () => results.map((r) => ({ ...pick(r, MINIMAL), trimmed: true })),
  ]
  let objects: readonly object[] = []
  for (const rung of rungs) {
    objects = rung()
    const json = JSON.stringify(objects)
    if (Buffer.byteLength(json) <= budget) return json
  }
  const kept: string[] = []
  let used = 2
  for (const object of objects) {
    const json = JSON.stringify(object)
    used += Buffer.byteLength(json) + 1
    if (used > budget) break
    kept.push(json)
  }
  runner.warning(`The results output holds the first ${kept.length} of ${results.length} proofreads: an output must stay under 1 MiB.`)
  return `[${kept.join(',')}]`
}

function pick(result: ProofreadResult, fields: readonly (keyof ProofreadResult)[]): Partial<ProofreadResult> {
  return Object.fromEntries(fields.flatMap((field) => (result[field] === undefined ? [] : [[field, result[field]]])))
}

function shortTexts(result: ProofreadResult): Partial<ProofreadResult> {
  const short: Partial<ProofreadResult> = {}
  if (result.message !== undefined) short.message = capped(result.message, 200)
  if (result.error !== undefined) short.error = capped(result.error, 200)
  return short
}

/** The one failure line for the step, naming every proofread (or job) that failed and why; undefined when all went well. */
export function failureMessage(results: readonly ProofreadResult[]): string | undefined {
  const failed = results.filter((r) => r.error)
  if (failed.length === 0) return undefined
  const lines = failed.map((r) => `- ${r.proofread_id || r.video_translate_id}: ${r.error}`).join('\n')
  if (results.every((r) => r.status === 'dry_run')) {
    return `Dry run: a real run would generate nothing and spend no credits, because ${failed.length} of ${results.length} proofreads cannot go ahead:\n${lines}`
  }
  // Held back before any generate call (the preflight, or two proofreads naming one file): say nothing was paid.
  if (results.every((r) => r.status === 'not_started')) {
    return `Nothing was generated and no credits were spent, because ${failed.length} of ${results.length} proofreads cannot go ahead:\n${lines}`
  }
  if (results.length === 1 && failed[0]) return named(failed[0])
  return `${failed.length} of ${results.length} proofreads failed:\n${lines}`
}

/** A lone proofread's error, with its proofread (or job) id in front unless the error already names one of them. */
function named(result: ProofreadResult): string {
  const error = result.error ?? ''
  const label = result.proofread_id ? `proofread ${result.proofread_id}` : `video_translate_id ${result.video_translate_id}`
  const ids = [result.proofread_id, result.video_translate_id].filter(Boolean)
  return ids.length === 0 || ids.some((id) => error.includes(id)) ? error : `${label}: ${error}`
}

/** The job summary: a row per proofread, then what the run cost (`spent`), how long it took and a link to the run. */
export async function writeSummary(
  results: readonly ProofreadResult[],
  settings: Settings,
  elapsedMs: number,
  run?: RunContext,
  spent?: string,
  /** What the step learnt on the way (its StepRun's notes), said under the table. */
  learnt: readonly string[] = [],
): Promise<void> {
  const waited = settings.wait && !settings.dryRun
  const head = [
    'Proofread',
    'Language',
    'video_translate_id',
    'Status',
    'API',
    ...(waited ? ['Video', 'Saved to'] : []),
    ...(settings.release ? ['Release assets'] : []),
    'Message',
  ]
  const rows = results.map((r) => [
    code(r.proofread_id || '(resumed)'),
    escapeHtml(r.output_language ? `${r.output_language}${r.language_code ? ` (${r.language_code})` : ''}` : ''),
    code(r.video_translate_id || '-'),
    escapeHtml(r.status),
    escapeHtml(r.api_version ?? settings.apiVersion),
    ...(waited ? [videoLink(r), savedPaths(r)] : []),
    ...(settings.release ? [assetLinks(r)] : []),
    escapeHtml(r.message ?? firstLine(r.error) ?? ''),
  ])
  const table = [
    '<table>',
    `<tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`,
    ...fitRows(
      rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`),
      head.length,
    ),
    '</table>',
  ].join('\n')
  const notes: string[] = []
  if (settings.dryRun) notes.push(dryRunNote(results))
  if (spent) notes.push(escapeHtml(spent))
  if (waited) notes.push(`Finished in ${formatElapsed(elapsedMs)}. HeyGen's video links expire after 7 days.`)
  for (const note of learnt) notes.push(escapeHtml(note))
  if (run) notes.push(`<a href="${escapeHtml(safeHref(run.url))}">Workflow run ${run.runId}, attempt ${run.runAttempt}</a>`)
  await runner.appendSummary(['## HeyGen video from proofread', '', table, '', ...notes.map((n) => `${n}\n`)].join('\n'))
}

/** Exactly what a dry run sent: the free preflight GETs when it ran, else nothing. */
function dryRunNote(results: readonly ProofreadResult[]): string {
  const checked = results.filter((r) => r.proofread_status !== undefined).length
  if (checked === 0) return 'Dry run: nothing was sent to HeyGen and no credits were spent.'
  return `Dry run: no generate call was sent and no credits were spent; only the free preflight (GET /v3/video-translations/proofreads/{proofread_id}) checked ${checked} proofread${checked === 1 ? '' : 's'}.`
}

function videoLink(r: ProofreadResult): string {
  if (!r.video_url) return ''
  const caption = r.caption_url ? ` · <a href="${escapeHtml(safeHref(r.caption_url))}">captions</a>` : ''
  const audio = r.audio_url ? ` · <a href="${escapeHtml(safeHref(r.audio_url))}">audio</a>` : ''
  return `<a href="${escapeHtml(safeHref(r.video_url))}">video</a>${caption}${audio}`
}

/** Each release asset, linked by its file name. */
function assetLinks(r: ProofreadResult): string {
  return (r.asset_urls ?? []).map((url) => `<a href="${escapeHtml(safeHref(url))}">${escapeHtml(url.split('/').pop() ?? url)}</a>`).join('<br>')
}

function savedPaths(r: ProofreadResult): string {
  return [r.video_path, r.caption_path, r.audio_path]
    .filter((p): p is string => Boolean(p))
    .map(code)
    .join('<br>')
}

/**
 * API text goes into HTML: escaped, so a message can never inject markup or break the table. Redacted first: a key
 * holding `&<>"|` escaped before redaction would no longer match it (`Ab1&amp;Cd2...`).
 */
export function escapeHtml(text: string): string {
  return runner
    .redact(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\|/g, '&#124;')
    .replace(/\r\n?|\n/g, ' ')
}

function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`
}

/** Only http(s) links become clickable; anything else (javascript:, data:) is dropped. */
function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#'
}

function firstLine(text: string | undefined): string | undefined {
  return text?.split('\n')[0]
}
