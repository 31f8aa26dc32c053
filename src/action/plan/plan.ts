// Everything the step decides before a credit is spent, as a value: the jobs (generate or resume), each one's planned
// file names, what the publisher already holds and what the preflight said; or one refusal, built by one function.
// A real run executes the plan; dry_run prints it.
import type { Config } from '../config/inputs.js'
import type { Publisher } from '../publish/publisher.js'
import { notStarted, type ProofreadResult } from '../report/result.js'
import * as runner from '../runner/runner.js'
import { isTemplated, KNOWN_BEFORE_PAYING, missingPlaceholder, placeholderValues } from '../files/download-template.js'
import { type Destination, destinationBeforePaying, plannedFiles, resolveDestination } from '../files/paths.js'
import { heldBack, preflight, type Readiness } from './preflight.js'
import type { Job } from '../job/proofread.js'
import type { Session } from '../job/session.js'

/** One job of the plan: what to do, its place among the step's inputs, and its files when known before paying. */
export interface PlannedJob {
  job: Job
  /** Its place among the step's entries (the publisher may have taken some out). */
  index: number
  /** The proofread id, or the resumed job's id. */
  label: string
  /** Where its video goes, when its name is known before paying (no {video_translate_id}, not a folder). */
  destination?: Destination
}

export type Plan =
  | {
      kind: 'run'
      jobs: readonly PlannedJob[]
      /** Several proofreads in the step (before the ledger): download_path means the same on every run. */
      several: boolean
      workspace: string
      /** What the preflight said, when it ran. */
      readiness: readonly Readiness[] | undefined
      /** The step's results in input order: the published entries beside this run's. */
      inInputOrder(results: readonly ProofreadResult[]): ProofreadResult[]
    }
  | {
      kind: 'refused'
      /** Which check refused: the preflight (a proofread not ready) or the names (a clash, a name that cannot be made). */
      by: 'preflight' | 'names'
      results: ProofreadResult[]
    }

/** The step's entries: the proofread ids to generate from, or the one job to resume ('' as its proofread id). */
export function entriesOf(config: Config): string[] {
  return config.work.resumeId ? [''] : [...config.work.proofreadIds]
}

/** Decides the step before paying: the publisher's ledger, the preflight, the names. Sends nothing that costs. */
export async function buildPlan(config: Config, session: Session, publisher: Publisher | undefined): Promise<Plan> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const published = publisher?.published ?? new Map<string, ProofreadResult>()
  const inInputOrder = (results: readonly ProofreadResult[]) => mergeInInputOrder(config, published, results)
  const refused = (by: 'preflight' | 'names', results: ProofreadResult[]): Plan => ({ kind: 'refused', by, results: inInputOrder(results) })
  // What the release already holds is not paid again.
  const all: Job[] = config.work.resumeId ? [{ resumeId: config.work.resumeId }] : config.work.proofreadIds.map((proofreadId) => ({ proofreadId }))
  let jobs = all.filter((job) => !published.has(jobLabel(job)))
  const pendingIds = jobs.flatMap((job) => ('proofreadId' in job ? [job.proofreadId] : []))
  const readiness = await preflight(config, session, pendingIds)
  if (readiness) {
    // A release's languages stay together: one proofread not ready holds every generate call back.
    if (readiness.some((r) => !r.ready)) return refused('preflight', heldBack(readiness, 'not_started'))
    jobs = readiness.map((r) => ({ proofreadId: r.proofreadId, ...(r.outputLanguage ? { outputLanguage: r.outputLanguage } : {}) }))
    runner.info(`Preflight: ${readiness.map((r) => `${r.proofreadId} ready${r.outputLanguage ? ` (${r.outputLanguage})` : ''}`).join(', ')}`)
  }
  // The release's names last: a file that cannot be named at all is said as such, not as a failure to name its asset.
  const assetClash = () => {
    const message = publisher?.nameClash(jobs, workspace)
    return message ? { ids: jobs.map(jobLabel), message } : undefined
  }
  const clash = unnamedFile(jobs, config, workspace) ?? sharedFile(jobs, config, workspace) ?? assetClash()
  if (clash) return refused('names', refusal(jobs, clash))
  const several = config.work.proofreadIds.length > 1
  const entries = entriesOf(config)
  return {
    kind: 'run',
    jobs: jobs.map((job) => planned(job, entries, config, { workspace, several })),
    several,
    workspace,
    readiness,
    inInputOrder,
  }
}

/** The one refusal of a plan: every job not started, the ones the problem names carrying its message. */
export function refusal(jobs: readonly Job[], problem: { ids: readonly string[]; message: string }): ProofreadResult[] {
  return jobs.map((job) => {
    const proofreadId = 'proofreadId' in job ? job.proofreadId : ''
    return notStarted(proofreadId, problem.ids.includes(proofreadId) ? problem.message : undefined)
  })
}

/** A job with its place and, when its name is known before paying, its files. */
function planned(job: Job, entries: readonly string[], config: Config, options: { workspace: string; several: boolean }): PlannedJob {
  const label = jobLabel(job)
  const index = 'proofreadId' in job ? entries.indexOf(job.proofreadId) : 0
  if (!config.files.downloadPath || !('proofreadId' in job)) return { job, index, label }
  try {
    const destination = destinationBeforePaying(config.files.downloadPath, job, options)
    // Named by the job id (a folder, or {video_translate_id}): known only after paying.
    return destination ? { job, index, label, destination } : { job, index, label }
  } catch {
    return { job, index, label }
  }
}

/** A proofread whose file cannot be named from what the preflight told (a language without a BCP 47 code): refused before paying. */
function unnamedFile(jobs: readonly Job[], config: Config, workspace: string): { ids: string[]; message: string } | undefined {
  const template = config.files.downloadPath
  if (!template) return undefined
  for (const job of jobs) {
    if (!('proofreadId' in job)) continue
    // A name the preflight did not give would only fail after the paid render.
    const missing = missingPlaceholder(template, placeholderValues(job), KNOWN_BEFORE_PAYING)
    if (missing) {
      const field = missing === 'proofread_id' ? missing : 'output_language'
      return {
        ids: [job.proofreadId],
        message: `download_path uses {${missing}}, but HeyGen's preflight gave no ${field} for proofread ${job.proofreadId}, so its file cannot be named.`,
      }
    }
    // A language with no BCP 47 code the action knows cannot fill {language_code}: said now, not after the render.
    try {
      resolveDestination(template, placeholderValues({ ...job, videoTranslateId: 'id' }), { workspace, several: jobs.length > 1 })
    } catch (error) {
      return { ids: [job.proofreadId], message: `${(error as Error).message}.` }
    }
  }
  return undefined
}

/**
 * Two proofreads whose download_path (its placeholders filled from what is known before paying) names one file,
 * compared as macOS and Windows compare names: refused before anything is paid.
 */
function sharedFile(jobs: readonly Job[], config: Config, workspace: string): { ids: string[]; message: string } | undefined {
  const template = config.files.downloadPath
  if (!template || jobs.length < 2 || !isTemplated(template) || template.includes('{video_translate_id}')) return undefined
  const seen = new Map<string, string>()
  for (const job of jobs) {
    if (!('proofreadId' in job)) continue
    const destination = destinationBeforePaying(template, job, { workspace, several: true })
    // A folder (videos/{output_language}/) names each file by its job id: such names cannot meet before paying.
    if (!destination) continue
    // Every file of the proofread (video, captions, audio), compared as macOS and Windows compare names.
    for (const file of plannedFiles(destination, config.heygen.request)) {
      const other = seen.get(file.toLowerCase())
      if (other !== undefined && other !== job.proofreadId) {
        // Said once by the step's failure line: nothing was generated.
        const advice = template.includes('{proofread_id}')
          ? 'their ids differ only in letter case, which macOS and Windows runners do not tell apart: add {video_translate_id} to it'
          : 'add {proofread_id} or {video_translate_id} to it'
        return {
          ids: [other, job.proofreadId],
          message: `download_path would save proofreads ${other} and ${job.proofreadId} to the same file ${file}; ${advice}.`,
        }
      }
      seen.set(file.toLowerCase(), job.proofreadId)
    }
  }
  return undefined
}

/** The publisher's already published entries and this step's results, in the order the inputs gave them. */
function mergeInInputOrder(config: Config, published: ReadonlyMap<string, ProofreadResult>, results: readonly ProofreadResult[]): ProofreadResult[] {
  if (published.size === 0) return [...results]
  const rest = results[Symbol.iterator]()
  const ids = config.work.resumeId ? [config.work.resumeId] : config.work.proofreadIds
  return ids.map((id) => published.get(id) ?? rest.next().value).filter((r): r is ProofreadResult => r !== undefined)
}

/** The proofread id of a job, or the resumed job's id. */
export function jobLabel(job: Job): string {
  return 'proofreadId' in job ? job.proofreadId : job.resumeId
}
