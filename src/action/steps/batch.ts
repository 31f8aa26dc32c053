// Every proofread of the step: the free preflight first (nothing is paid unless all are ready), then at most
// max_concurrency at once, sharing one session and one cancel handler; one failure never stops the others.
import { removeTemporaryFilesSync } from '../../transport/download.js'
import { proxyFor } from '../../transport/proxy.js'
import { type CancelReport, describeCancel, type JobProgress, onCancel, withoutRepeatedHint } from '../report/cancel.js'
import { mapWithConcurrency } from './concurrency.js'
import type { Settings } from '../inputs/inputs.js'
import { type StepProgress, trackStep } from '../report/last-words.js'
import { prefixedLog } from '../runner/log.js'
import { FileClaims, missingPlaceholder, plannedFiles, resolveDestination } from './paths.js'
import { heldBack, preflight } from './preflight.js'
import { type Job, translateProofread } from './proofread.js'
import { openRelease, type ReleaseStep } from '../release/publish.js'
import type { ProofreadResult } from '../report/result.js'
import type { RunContext } from '../runner/run-context.js'
import * as runner from '../runner/runner.js'
import { openSession } from './session.js'
import type { Spending } from '../report/spending.js'
import { StartedIds } from '../report/started-ids.js'
import { formatElapsed } from '../../util/format.js'
import { PRODUCTION_TIMING, type StepTiming } from '../../util/timing.js'

export async function translateAll(
  all: Settings,
  run: RunContext | undefined,
  spending?: Spending,
  timing: StepTiming = PRODUCTION_TIMING,
): Promise<ProofreadResult[]> {
  const controller = new AbortController()
  let settings = all
  let jobs: Job[] = settings.resumeId ? [{ resumeId: settings.resumeId }] : settings.proofreadIds.map((proofreadId) => ({ proofreadId }))
  // What a crash reports (last-words.ts) and what a cancel says: one record of the step's jobs.
  const progress = trackStep({ settings, run, controller, proofreadIds: jobs.map((job) => ('proofreadId' in job ? job.proofreadId : '')) })
  const ids = progress.ids
  // Out as soon as known (a later step or a re-run can resume even if this step is killed), in linear total size.
  const started = new StartedIds(ids, (value) => runner.setOutput('video_translate_id', value), timing.outputWriteGapMs)
  // Before the cancel handler runs: the ids are in GITHUB_OUTPUT even if the step is then stopped hard.
  const flushOnSignal = () => started.flush()
  process.on('SIGINT', flushOnSignal)
  process.on('SIGTERM', flushOnSignal)
  let cancelled: CancelReport | undefined
  const removeHandlers = onCancel({
    controller,
    describeRunning: () => (cancelled = describeCancel(jobsOf(progress), settings)).text,
    cleanupSync: () => {
      started.flush()
      removeTemporaryFilesSync()
    },
    graceMs: timing.cancelGraceMs,
  })
  const session = openSession(settings, controller.signal, { spending, runAttempt: run?.runAttempt, timing })
  // At wait_timeout waits and retries end on their own, with their resume blocks; whatever still runs a moment later
  // (a download, a hung request) is stopped, so the step always ends before a runner timeout set a little above it.
  const deadline = setTimeout(
    () => controller.abort(new StepDeadlineError(settings.waitTimeoutMs)),
    Math.min(2 ** 31 - 1, Math.max(0, session.pause.timeLeft() + timing.deadlineGraceMs)),
  )
  try {
    const proxy = proxyFor(settings.baseUrl)
    if (proxy) runner.info(`Calling HeyGen through the proxy ${proxy} (HTTPS_PROXY/HTTP_PROXY; NO_PROXY honoured)`)
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    // Publishing: the release is found and its ledger read before any HeyGen call; what it holds is not paid again.
    let release: ReleaseStep | undefined
    const withPublished = (results: ProofreadResult[]) => (release ? inInputOrder(all, release.published, results) : results)
    if (settings.release) {
      const opened = await openRelease(settings, session.transport, timing)
      if (Array.isArray(opened)) return opened
      release = opened
      settings = release.pending
      jobs = jobs.filter((job) => !release?.published.has(jobLabel(job)))
    }
    const readiness = await preflight(settings, session)
    if (readiness) {
      // A release's languages stay together: one proofread not ready holds every generate call back.
      if (readiness.some((r) => !r.ready)) return withPublished(heldBack(readiness, 'not_started'))
      jobs = readiness.map((r) => ({ proofreadId: r.proofreadId, ...(r.outputLanguage ? { outputLanguage: r.outputLanguage } : {}) }))
      runner.info(`Preflight: ${readiness.map((r) => `${r.proofreadId} ready${r.outputLanguage ? ` (${r.outputLanguage})` : ''}`).join(', ')}`)
    }
    const assetClash = release?.nameClash(jobs, workspace)
    const clash =
      unnamedFile(jobs, settings, workspace) ??
      sharedFile(jobs, settings, workspace) ??
      (assetClash ? { ids: jobs.map(jobLabel), message: assetClash } : undefined)
    if (clash)
      return withPublished(
        jobs.map((job) => {
          const proofreadId = 'proofreadId' in job ? job.proofreadId : ''
          return {
            proofread_id: proofreadId,
            video_translate_id: '',
            status: 'not_started',
            ...(clash.ids.includes(proofreadId) ? { error: clash.message } : {}),
          }
        }),
      )
    const claims = new FileClaims()
    // The step's count, not what is left after the ledger: download_path means the same on every run.
    const several = all.proofreadIds.length > 1
    const results = await mapWithConcurrency(jobs, settings.maxConcurrency, async (job) => {
      const label = jobLabel(job)
      // A proofread whose turn comes after wait_timeout is not started: a job the step could no longer watch.
      if ('proofreadId' in job && session.pause.timeLeft() <= 0) return tooLate(job, settings)
      const log = prefixedLog(several ? label : '')
      // The proofread's place among the step's inputs (the ledger may have taken some out of jobs).
      const index = 'proofreadId' in job ? progress.proofreadIds.indexOf(job.proofreadId) : 0
      progress.begun[index] = true
      const result = await translateProofread(job, {
        settings,
        versions: session.versionsFor((message) => log.warning(message)),
        transport: session.transport,
        log,
        workspace,
        several,
        run,
        claims,
        onStarted: (id, live) => {
          progress.live[index] = live
          started.set(index, id)
        },
      }).finally(() => {
        // The step no longer watches this job: its place under the plan's cap is free for the next proofread.
        if (ids[index]) session.pause.renderEnded(ids[index])
      })
      progress.finished[index] = result
      return release ? release.publish(result, log) : result
    })
    // The cancel warning printed each resume block once: the errors point there.
    const report = cancelled
    return withPublished(report ? results.map((result) => withoutRepeatedHint(result, report, settings)) : results)
  } finally {
    clearTimeout(deadline)
    started.stopTimer()
    process.off('SIGINT', flushOnSignal)
    process.off('SIGTERM', flushOnSignal)
    removeHandlers()
    await session.close()
  }
}

/** A proofread whose file cannot be named from what the preflight told (a language without a BCP 47 code): refused before paying. */
function unnamedFile(jobs: readonly Job[], settings: Settings, workspace: string): { ids: string[]; message: string } | undefined {
  const template = settings.downloadPath
  if (!template) return undefined
  for (const job of jobs) {
    if (!('proofreadId' in job)) continue
    // A name the preflight did not give would only fail after the paid render.
    const missing = missingPlaceholder(template, namesKnownBeforePaying(job), ['output_language', 'language', 'language_code', 'proofread_id'])
    if (missing) {
      const field = missing === 'proofread_id' ? missing : 'output_language'
      return {
        ids: [job.proofreadId],
        message: `download_path uses {${missing}}, but HeyGen's preflight gave no ${field} for proofread ${job.proofreadId}, so its file cannot be named.`,
      }
    }
    // A language with no BCP 47 code the action knows cannot fill {language_code}: said now, not after the render.
    try {
      resolveDestination(template, { ...namesKnownBeforePaying(job), video_translate_id: 'id' }, { workspace, several: jobs.length > 1 })
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
function sharedFile(jobs: readonly Job[], settings: Settings, workspace: string): { ids: string[]; message: string } | undefined {
  const template = settings.downloadPath
  if (!template || jobs.length < 2 || !/\{[a-z_]+\}/.test(template) || template.includes('{video_translate_id}')) return undefined
  const seen = new Map<string, string>()
  for (const job of jobs) {
    if (!('proofreadId' in job)) continue
    const values = namesKnownBeforePaying(job)
    const destinationFor = (id: string) => resolveDestination(template, { ...values, video_translate_id: id }, { workspace, several: true })
    const destination = destinationFor('a')
    // A folder (videos/{output_language}/) names each file by its job id: such names cannot meet before paying.
    if (destination.video !== destinationFor('b').video) continue
    // Every file of the proofread (video, captions, audio), compared as macOS and Windows compare names.
    for (const file of plannedFiles(destination, settings.request)) {
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

/** The release's already published proofreads and this step's results, in the order the inputs gave them. */
function inInputOrder(settings: Settings, published: ReadonlyMap<string, ProofreadResult>, results: ProofreadResult[]): ProofreadResult[] {
  const rest = results[Symbol.iterator]()
  const ids = settings.resumeId ? [settings.resumeId] : settings.proofreadIds
  return ids.map((id) => published.get(id) ?? rest.next().value).filter((r): r is ProofreadResult => r !== undefined)
}

/** download_path's values for a proofread as the preflight gave them, before any job id exists. */
function namesKnownBeforePaying(job: { proofreadId: string; outputLanguage?: string }): { proofread_id: string; output_language?: string } {
  return { proofread_id: job.proofreadId, ...(job.outputLanguage ? { output_language: job.outputLanguage } : {}) }
}

/** The proofread id of a job, or the resumed job's id. */
function jobLabel(job: Job): string {
  return 'proofreadId' in job ? job.proofreadId : job.resumeId
}

/** The step's record as the cancel report reads it: HeyGen's last word is the live result's status. */
function jobsOf(progress: StepProgress): JobProgress[] {
  return progress.proofreadIds.map((_, index) => {
    const result = progress.finished[index]
    return {
      begun: progress.begun[index] ?? false,
      id: progress.ids[index] ?? '',
      status: progress.live[index]?.status ?? '',
      ...(result ? { result } : {}),
    }
  })
}

/** The step reached wait_timeout while something (a download, a request) was still running. */
export class StepDeadlineError extends Error {
  constructor(waitTimeoutMs: number) {
    super(`the step reached its deadline (wait_timeout ${formatElapsed(waitTimeoutMs)})`)
    this.name = 'StepDeadlineError'
  }
}

function tooLate(job: { proofreadId: string; outputLanguage?: string }, settings: Settings): ProofreadResult {
  return {
    proofread_id: job.proofreadId,
    video_translate_id: '',
    status: 'not_started',
    ...(job.outputLanguage ? { output_language: job.outputLanguage } : {}),
    error: `not started: the step reached its deadline (wait_timeout ${formatElapsed(settings.waitTimeoutMs)}) before its turn came; nothing was paid for this proofread`,
  }
}
