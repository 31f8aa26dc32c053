// The job summary a release manager reads: totals first, one compact row per language (the failure reason on its
// row), ids and paths folded away, and a timeline of where the time went. A pure function of plain data, so any
// orchestrator that has the results, the cost line and the timings can write it.
import nodePath from 'node:path'
import { formatElapsed } from '../../util/format.js'
import { code, escapeHtml, link } from './html.js'
import type { PhaseTimes, ProofreadResult } from './result.js'
import { capped, fitRows, SUMMARY_ROWS_BYTES } from './safe-values.js'

/** A result as the summary reads it; `duration` (the video's length in seconds) is optional until HeyGen's answer carries it. */
export type SummaryResult = ProofreadResult & { duration?: number }

export interface SummaryInput {
  results: readonly SummaryResult[]
  /** The whole step's time. */
  elapsedMs: number
  /** What the run cost, in one line (the `spent` line). */
  spent?: string
  /** GITHUB_WORKSPACE: saved paths are shown relative to it. */
  workspace?: string
  dryRun: boolean
  /** Whether the step waited for the renders (only then are there files and a timeline). */
  waited: boolean
  /** Whether the step published to a release. */
  release: boolean
  /** The api_version input, shown for a result that does not say which API knows its job. */
  apiVersion: string
  /** Facts learnt on the way (the plan's cap, a dry run's reach), one line each, shown under the table. */
  notes?: readonly string[]
  run?: { url: string; runId: number | string; runAttempt: number | string }
}

/** The timeline draws at most this many languages (the slowest): beyond that a Gantt is no longer read at a glance. */
export const TIMELINE_MAX_LANGUAGES = 20

/** A failure reason shown on its row is cut here; the whole error is in the step's failure message and `results`. */
const REASON_CHARS = 300

/** The rows of the folded ids-and-paths table may take this share of the summary's budget; the main table the rest. */
const DETAILS_BYTES = SUMMARY_ROWS_BYTES / 3

type Outcome = 'done' | 'failed' | 'held back' | 'rendering' | 'queued' | 'dry run' | 'started'

/** What became of one proofread, in the word a person reads at once. */
export function outcomeOf(result: ProofreadResult): Outcome {
  if (result.status === 'not_started') return 'held back'
  if (result.status === 'dry_run') return result.error ? 'held back' : 'dry run'
  if (result.error || result.status === 'failed') return 'failed'
  if (result.status === 'success') return 'done'
  if (result.status === 'pending' || result.status === 'queued') return 'queued'
  if (result.status === 'running' || result.status === 'processing') return 'rendering'
  return 'started'
}

const WORDS: Record<Outcome, string> = {
  done: '✅ Done',
  failed: '❌ Failed',
  'held back': '⏸️ Held back',
  rendering: '⏳ Rendering',
  queued: '⏳ Queued',
  'dry run': '🔍 Dry run',
  started: '▶️ Started',
}

/** Failures first, then what was held back, then the rest, each in input order: what needs a person comes first. */
const ORDER: Record<Outcome, number> = { failed: 0, 'held back': 1, queued: 2, rendering: 2, started: 2, 'dry run': 3, done: 3 }

/** The whole summary as Markdown with HTML tables, as GitHub renders a job summary. */
export function summaryMarkdown(input: SummaryInput): string {
  const { results } = input
  const parts = ['## HeyGen video from proofread', '', totalsLine(input), '']
  const common = stepReason(results)
  if (common) parts.push(`**Why:** ${escapeHtml(capped(common, REASON_CHARS * 2))}`, '')
  if (input.spent) parts.push(escapeHtml(input.spent), '')
  parts.push(mainTable(input), '')
  const timeline = input.waited && !input.dryRun ? timelineChart(results) : undefined
  if (timeline) parts.push(timeline, '')
  parts.push(detailsBlock(input), '')
  const notes: string[] = []
  if (input.waited && !input.dryRun && results.some((r) => r.video_url)) notes.push("HeyGen's video links expire after 7 days.")
  for (const note of input.notes ?? []) notes.push(escapeHtml(note))
  if (input.run) notes.push(link(input.run.url, `Workflow run ${input.run.runId}, attempt ${input.run.runAttempt}`))
  for (const note of notes) parts.push(note, '')
  return parts.join('\n')
}

/** `✅ 9 done · ❌ 1 failed · ⏸️ 0 held back · 10 languages in 4m 3s`: the first thing read. */
function totalsLine(input: SummaryInput): string {
  const count = (outcome: Outcome) => input.results.filter((r) => outcomeOf(r) === outcome).length
  const inFlight = count('rendering') + count('queued') + count('started')
  const n = input.results.length
  const parts = input.dryRun
    ? [`🔍 Dry run: ${count('dry run')} would go ahead`, `⏸️ ${count('held back')} held back`]
    : [`✅ ${count('done')} done`, `❌ ${count('failed')} failed`, `⏸️ ${count('held back')} held back`]
  if (inFlight > 0) parts.push(`⏳ ${inFlight} still at HeyGen`)
  return `**${parts.join(' · ')}** · ${n} ${n === 1 ? 'language' : 'languages'} in ${formatElapsed(input.elapsedMs)}`
}

/** Four narrow columns, so fifty languages fit the summary pane without scrolling sideways. */
function mainTable(input: SummaryInput): string {
  const order = input.results.map((r, i) => ({ r, i })).sort((a, b) => ORDER[outcomeOf(a.r)] - ORDER[outcomeOf(b.r)] || a.i - b.i)
  const timed = input.results.some((r) => jobTime(r) !== undefined)
  const head = ['Language', 'Status', input.waited && !input.dryRun ? 'Files' : 'Note', ...(timed ? ['Time'] : [])]
  const common = stepReason(input.results)
  const rows = order.map(({ r }) => {
    // An audio-only job that delivered no video says so where the status is read.
    const status = `${WORDS[outcomeOf(r)]}${r.audio_only ? ' (audio only: no video)' : ''}`
    const cells = [languageCell(r), status, common ? 'the reason above' : filesOrReason(r)]
    // A no-break space keeps `11m 0s` on one line in a narrow column.
    if (timed) cells.push(escapeHtml(timeOf(r)).replace(/ /g, '\u00a0'))
    return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`
  })
  return [
    '<table>',
    `<tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>`,
    ...fitRows(rows, head.length, SUMMARY_ROWS_BYTES - DETAILS_BYTES),
    '</table>',
  ].join('\n')
}

/** HeyGen's name of the language and its code (`Spanish (Spain) es-ES`); the proofread id before the preflight knew it. */
function languageCell(r: ProofreadResult): string {
  if (r.output_language) return `${escapeHtml(r.output_language)}${r.language_code ? ` ${code(r.language_code)}` : ''}`
  if (r.proofread_id) return code(r.proofread_id)
  return `resumed ${code(r.video_translate_id || '-')}`
}

/** The links a finished language has, or, on a row that failed or was held back, why. */
function filesOrReason(r: SummaryResult): string {
  const outcome = outcomeOf(r)
  if (outcome === 'failed' || outcome === 'held back') return escapeHtml(capped(reasonOf(r), REASON_CHARS))
  const links: string[] = []
  if (r.video_url) links.push(link(r.video_url, typeof r.duration === 'number' ? `video (${formatElapsed(r.duration * 1000)})` : 'video'))
  if (r.caption_url) links.push(link(r.caption_url, 'captions'))
  if (r.audio_url) links.push(link(r.audio_url, 'audio'))
  // The video is the last asset published; the others are listed in the folded table.
  const asset = r.asset_urls?.at(-1)
  if (asset) links.push(link(asset, 'release'))
  if (links.length > 0) return links.join(' · ')
  if (outcome === 'dry run' || outcome === 'done') return ''
  return r.video_translate_id ? 'still rendering at HeyGen: resume it with the id below' : ''
}

/** The one reason every proofread was held back or failed for (a missing release, say), when there is one and several. */
function stepReason(results: readonly ProofreadResult[]): string | undefined {
  if (results.length < 2 || !results.every((r) => r.error)) return undefined
  const reasons = new Set(results.map(reasonOf))
  return reasons.size === 1 ? [...reasons][0] : undefined
}

/** HeyGen's failure message for a failed render, else the first line of the error. */
export function reasonOf(r: ProofreadResult): string {
  return r.message ?? r.error?.split('\n')[0] ?? ''
}

/** How long the language took, from its job's start to its last phase's end; `-` when not known. */
function timeOf(r: ProofreadResult): string {
  const ms = jobTime(r)
  return ms === undefined ? '-' : formatElapsed(ms)
}

function jobTime(r: ProofreadResult): number | undefined {
  const times = phases(r.timings)
  const first = times[0]
  const last = times.at(-1)
  return first && last && last.end > first.start ? last.end - first.start : undefined
}

/** The ids and saved files, folded: needed to resume a job or find a file, not to read the outcome. */
function detailsBlock(input: SummaryInput): string {
  const head = [
    'Language',
    'proofread_id',
    'video_translate_id',
    'API',
    ...(input.waited ? ['Saved to'] : []),
    ...(input.release ? ['Release assets'] : []),
  ]
  const rows = input.results.map((r) => {
    const cells = [
      escapeHtml(r.language_code ?? r.output_language ?? ''),
      code(r.proofread_id || '(resumed)'),
      code(r.video_translate_id || '-'),
      escapeHtml(r.api_version ?? input.apiVersion),
      ...(input.waited ? [savedPaths(r, input.workspace)] : []),
      ...(input.release ? [(r.asset_urls ?? []).map((url) => link(url, url.split('/').pop() ?? url)).join('<br>')] : []),
    ]
    return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`
  })
  return [
    `<details><summary>Ids and saved files (${input.results.length})</summary>`,
    '',
    '<table>',
    `<tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>`,
    ...fitRows(rows, head.length, DETAILS_BYTES),
    '</table>',
    '',
    '</details>',
  ].join('\n')
}

function savedPaths(r: ProofreadResult, workspace: string | undefined): string {
  return [r.video_path, r.caption_path, r.audio_path]
    .filter((p): p is string => Boolean(p))
    .map((p) => code(relativeTo(workspace, p)))
    .join('<br>')
}

/** `videos/es-ES.mp4` for a file in the workspace; a path outside it (RUNNER_TEMP) stays whole. */
export function relativeTo(workspace: string | undefined, file: string): string {
  if (!workspace) return file
  const pathApi = /^[A-Za-z]:[\\/]/.test(workspace) ? nodePath.win32 : nodePath.posix
  const relative = pathApi.relative(workspace, file)
  if (relative === '' || relative.startsWith('..') || pathApi.isAbsolute(relative)) return file
  return relative.split(pathApi.sep).join('/')
}

interface Span {
  name: 'queued' | 'rendering' | 'downloading'
  start: number
  end: number
}

/** The phases a job went through, each from its start to the next one's (the last to `finished`). */
function phases(times: PhaseTimes | undefined): Span[] {
  if (!times) return []
  const marks = (['queued', 'rendering', 'downloading', 'finished'] as const)
    .map((name) => ({ name, at: times[name] }))
    .filter((m): m is { name: typeof m.name; at: number } => typeof m.at === 'number' && Number.isFinite(m.at))
  const spans: Span[] = []
  for (let i = 0; i + 1 < marks.length; i++) {
    const mark = marks[i]
    const next = marks[i + 1]
    if (mark && next && mark.name !== 'finished' && next.at >= mark.at) spans.push({ name: mark.name, start: mark.at, end: next.at })
  }
  return spans
}

/**
 * A Mermaid Gantt of queued, rendering and downloading per language (GitHub draws it in the summary), for the
 * TIMELINE_MAX_LANGUAGES slowest; undefined when no job has timings.
 */
export function timelineChart(results: readonly ProofreadResult[]): string | undefined {
  const timed = results.map((r, i) => ({ r, i, spans: phases(r.timings), time: jobTime(r) ?? 0 })).filter((t) => t.spans.length > 0)
  if (timed.length === 0) return undefined
  const shown = [...timed].sort((a, b) => b.time - a.time || a.i - b.i).slice(0, TIMELINE_MAX_LANGUAGES)
  shown.sort((a, b) => a.i - b.i)
  const lines = ['```mermaid', 'gantt', '  dateFormat x', '  axisFormat %H:%M']
  for (const { r, spans } of shown) {
    lines.push(`  section ${mermaidText(r.language_code ?? r.output_language ?? r.proofread_id) || 'job'}`)
    const failed = outcomeOf(r) === 'failed'
    spans.forEach((span, n) => {
      // Mermaid draws a zero-length bar as nothing: a phase under a second still shows.
      const end = Math.max(span.end, span.start + 1000)
      const tag = failed && n === spans.length - 1 ? 'crit, ' : span.name === 'rendering' ? 'active, ' : span.name === 'downloading' ? 'done, ' : ''
      lines.push(`  ${span.name} :${tag}${Math.round(span.start)}, ${Math.round(end)}`)
    })
  }
  lines.push('```')
  const note =
    timed.length > shown.length
      ? `Timeline of the ${shown.length} slowest of ${timed.length} languages (every time is in the table above).`
      : 'Timeline: queued, rendering and downloading per language.'
  return `${note}\n\n${lines.join('\n')}`
}

/** A language's name as Mermaid takes it in a section title: letters, digits and a few marks, no syntax. */
function mermaidText(text: string): string {
  return text
    .replace(/[^\p{L}\p{N} ()._-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 40)
}
