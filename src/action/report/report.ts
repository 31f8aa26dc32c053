// What the user sees at the end: step outputs, the job summary table, and one failure message.
import type { Config } from '../config/inputs.js'
import type { ProofreadResult } from './result.js'
import type { RunContext } from '../runner/run-context.js'
import { capped } from './safe-values.js'
import { summaryMarkdown } from './summary.js'
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
    // The timings feed the summary's timeline; the output keeps its documented fields.
    () => results.map(withoutTimings),
    () => results.map((r) => ({ ...withoutTimings(r), ...shortTexts(r), trimmed: true })),
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

function withoutTimings(result: ProofreadResult): ProofreadResult {
  const rest = { ...result }
  delete rest.timings
  return rest
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
  const lines = sameReasonOnce(failed).join('\n')
  if (results.every((r) => r.status === 'dry_run')) {
    return `Dry run: a real run would generate nothing and spend no credits, because ${failed.length} of ${results.length} proofreads cannot go ahead:\n${lines}`
  }
  // Held back before any generate call (the preflight, or two proofreads naming one file): say nothing was paid, and
  // count the held-back proofreads as the cost line does.
  // One cause for the whole step (a missing release, a refused token): said once, as the step's error.
  const groups = sameReason(failed)
  if (results.length > 1 && failed.length === results.length && groups.length === 1 && results.every((r) => r.status === 'not_started')) {
    const names = results.map((r) => r.proofread_id || r.video_translate_id).join(', ')
    return `Nothing was generated and no credits were spent: ${failed[0]?.error ?? ''}\n(The same for all ${results.length} proofreads: ${names}.)`
  }
  if (results.every((r) => r.status === 'not_started')) {
    const all = results.length === 1 ? 'the proofread' : `all ${results.length} proofreads`
    return `Nothing was generated and no credits were spent: ${all} held back, because ${failed.length} of ${results.length} cannot go ahead:\n${lines}`
  }
  if (results.length === 1 && failed[0]) return named(failed[0])
  return `${failed.length} of ${results.length} proofreads failed:\n${lines}`
}

/**
 * One line per failed proofread, except that proofreads that failed the same way (a refused key answers 401 to every
 * one) are named together under one copy of the error. Their own ids and HeyGen's request ids do not count as a difference.
 */
function sameReasonOnce(failed: readonly ProofreadResult[]): string[] {
  return sameReason(failed).map((group) => {
    const names = group.map((r) => r.proofread_id || r.video_translate_id)
    const first = group[0]?.error ?? ''
    if (group.length === 1) return `- ${names[0]}: ${first}`
    return `- ${names.join(', ')} (${group.length} proofreads, the same error; said once, for ${names[0]}):\n  ${first.split('\n').join('\n  ')}`
  })
}

/** The failed proofreads grouped by their error, their proofread ids and HeyGen's request ids not counting as a difference. */
function sameReason(failed: readonly ProofreadResult[]): ProofreadResult[][] {
  const groups = new Map<string, ProofreadResult[]>()
  for (const r of failed) {
    // An error about a job (a resume block names it) is that job's own: never merged with another's.
    if (r.video_translate_id && (r.error ?? '').includes(r.video_translate_id)) {
      groups.set(`job ${r.video_translate_id} ${groups.size}`, [r])
      continue
    }
    let key = (r.error ?? '').replace(/ ?\(X-Request-Id: [^)]*\)/g, '')
    if (r.proofread_id) key = key.split(r.proofread_id).join('{id}')
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  return [...groups.values()]
}

/** A lone proofread's error, with its proofread (or job) id in front unless the error already names one of them. */
function named(result: ProofreadResult): string {
  const error = result.error ?? ''
  const label = result.proofread_id ? `proofread ${result.proofread_id}` : `video_translate_id ${result.video_translate_id}`
  const ids = [result.proofread_id, result.video_translate_id].filter(Boolean)
  return ids.length === 0 || ids.some((id) => error.includes(id)) ? error : `${label}: ${error}`
}

/** The job summary (see summary.ts): totals, a row per language, ids folded, the timeline, the cost and the run's link. */
export async function writeSummary(
  results: readonly ProofreadResult[],
  config: Config,
  elapsedMs: number,
  run?: RunContext,
  spent?: string,
  /** What the step learnt on the way (its StepRun's notes), said under the table. */
  learnt: readonly string[] = [],
): Promise<void> {
  const notes = [...(config.work.dryRun ? [dryRunNote(results)] : []), ...learnt]
  const markdown = summaryMarkdown({
    results,
    elapsedMs,
    ...(spent ? { spent } : {}),
    ...(process.env.GITHUB_WORKSPACE ? { workspace: process.env.GITHUB_WORKSPACE } : {}),
    dryRun: config.work.dryRun,
    waited: config.work.wait && !config.work.dryRun,
    release: Boolean(config.publish),
    apiVersion: config.heygen.apiVersion,
    notes,
    ...(run ? { run } : {}),
  })
  await runner.appendSummary(markdown)
}

/** Exactly what a dry run sent: the free preflight GETs when it ran, else nothing. */
function dryRunNote(results: readonly ProofreadResult[]): string {
  const checked = results.filter((r) => r.proofread_status !== undefined).length
  if (checked === 0) return 'Dry run: nothing was sent to HeyGen and no credits were spent.'
  return `Dry run: no generate call was sent and no credits were spent; only the free preflight (GET /v3/video-translations/proofreads/{proofread_id}) checked ${checked} proofread${checked === 1 ? '' : 's'}.`
}

export { escapeHtml } from './html.js'

function firstLine(text: string | undefined): string | undefined {
  return text?.split('\n')[0]
}
