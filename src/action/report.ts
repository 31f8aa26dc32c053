// What the user sees at the end: step outputs, the job summary table, and one failure message.
import { formatElapsed } from '../util/format.js'
import type { Settings } from './inputs.js'
import type { ProofreadResult } from './result.js'
import type { RunContext } from './run-context.js'
import { fitRows } from './safe-values.js'
import * as runner from './runner.js'
import { summaryNotes } from './step-notes.js'

/** The outputs that hold one line per proofread, in input order, each with the result field it shows. */
const PER_PROOFREAD = [
  'video_translate_id',
  'status',
  'video_url',
  'caption_url',
  'video_path',
  'caption_path',
  'output_language',
  'audio_url',
  'audio_path',
] as const satisfies ReadonlyArray<keyof ProofreadResult>

/** Sets every output; with several proofreads the per-proofread outputs hold one line each, in input order. */
export function setOutputs(results: readonly ProofreadResult[]): void {
  for (const name of PER_PROOFREAD) runner.setOutput(name, results.map((r) => r[name] ?? '').join('\n'))
  runner.setOutput('results', JSON.stringify(results))
  // Only failed renders have a message: one line per failure, not per proofread.
  runner.setOutput('message', results.flatMap((r) => (r.message ? [r.message] : [])).join('\n'))
}

/** The one failure line for the step, naming every proofread that failed and why; undefined when all went well. */
export function failureMessage(results: readonly ProofreadResult[]): string | undefined {
  const failed = results.filter((r) => r.error)
  if (failed.length === 0) return undefined
  // Held back before any generate call (the preflight, or two proofreads naming one file): say nothing was paid.
  if (results.every((r) => r.status === 'not_started')) {
    const lines = failed.map((r) => `- ${r.proofread_id}: ${r.error}`)
    return `Nothing was generated and no credits were spent, because ${failed.length} of ${results.length} proofreads cannot go ahead:\n${lines.join('\n')}`
  }
  if (results.length === 1) return failed[0]?.error
  const lines = failed.map((r) => `- ${r.proofread_id || r.video_translate_id}: ${r.error}`)
  return `${failed.length} of ${results.length} proofreads failed:\n${lines.join('\n')}`
}

export async function writeSummary(results: readonly ProofreadResult[], settings: Settings, elapsedMs: number, run?: RunContext): Promise<void> {
  const waited = settings.wait && !settings.dryRun
  const head = ['Proofread', 'Language', 'video_translate_id', 'Status', 'API', ...(waited ? ['Video', 'Saved to'] : []), 'Message']
  const rows = results.map((r) => [
    code(r.proofread_id || '(resumed)'),
    escapeHtml(r.output_language ?? ''),
    code(r.video_translate_id || '-'),
    escapeHtml(r.status),
    escapeHtml(r.api_version ?? settings.apiVersion),
    ...(waited ? [videoLink(r), savedPaths(r)] : []),
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
  if (settings.dryRun) notes.push('Dry run: nothing was sent to HeyGen and no credits were spent.')
  if (waited) notes.push(`Finished in ${formatElapsed(elapsedMs)}. HeyGen's video links expire after 7 days.`)
  for (const note of summaryNotes()) notes.push(escapeHtml(note))
  if (run) notes.push(`<a href="${escapeHtml(safeHref(run.url))}">Workflow run ${run.runId}, attempt ${run.runAttempt}</a>`)
  await runner.appendSummary(['## HeyGen video from proofread', '', table, '', ...notes.map((n) => `${n}\n`)].join('\n'))
}

function videoLink(r: ProofreadResult): string {
  if (!r.video_url) return ''
  const caption = r.caption_url ? ` · <a href="${escapeHtml(safeHref(r.caption_url))}">captions</a>` : ''
  const audio = r.audio_url ? ` · <a href="${escapeHtml(safeHref(r.audio_url))}">audio</a>` : ''
  return `<a href="${escapeHtml(safeHref(r.video_url))}">video</a>${caption}${audio}`
}

function savedPaths(r: ProofreadResult): string {
  return [r.video_path, r.caption_path, r.audio_path]
    .filter((p): p is string => Boolean(p))
    .map(code)
    .join('<br>')
}

/** API text goes into HTML: escaped, so a message can never inject markup or break the table. */
export function escapeHtml(text: string): string {
  return text
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
