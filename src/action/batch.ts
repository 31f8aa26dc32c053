// Every proofread of the step: the free preflight first (nothing is paid unless all are ready), then at most
// max_concurrency at once, sharing one session and one cancel handler; one failure never stops the others.
import { removeTemporaryFilesSync } from '../transport/download.js'
import { proxyFor } from '../transport/proxy.js'
import { onCancel } from './cancel.js'
import { mapWithConcurrency } from './concurrency.js'
import type { Settings } from './inputs.js'
import { trackStep } from './last-words.js'
import { prefixedLog } from './log.js'
import { FileClaims, missingPlaceholder, plannedFiles, resolveDestination } from './paths.js'
import { heldBack, preflight } from './preflight.js'
import { type Job, translateProofread } from './proofread.js'
import { type ProofreadResult, resumeHint } from './result.js'
import type { RunContext } from './run-context.js'
import * as runner from './runner.js'
import { openSession } from './session.js'

export async function translateAll(settings: Settings, run: RunContext | undefined): Promise<ProofreadResult[]> {
  const controller = new AbortController()
  let jobs: Job[] = settings.resumeId ? [{ resumeId: settings.resumeId }] : settings.proofreadIds.map((proofreadId) => ({ proofreadId }))
  // What a crash reports (last-words.ts): the same ids the cancel handler reads.
  const progress = trackStep({ settings, run, controller, proofreadIds: jobs.map((job) => ('proofreadId' in job ? job.proofreadId : '')) })
  const ids = progress.ids
  const removeHandlers = onCancel({
    controller,
    describeRunning: () => describeRunning(ids, settings),
    cleanupSync: removeTemporaryFilesSync,
  })
  const session = openSession(settings, controller.signal)
  try {
    const proxy = proxyFor(settings.baseUrl)
    if (proxy) runner.info(`Calling HeyGen through the proxy ${proxy} (HTTPS_PROXY/HTTP_PROXY; NO_PROXY honoured)`)
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    const readiness = await preflight(settings, session)
    if (readiness) {
      // A release's languages stay together: one proofread not ready holds every generate call back.
      if (readiness.some((r) => !r.ready)) return heldBack(readiness, 'not_started')
      jobs = readiness.map((r) => ({ proofreadId: r.proofreadId, ...(r.outputLanguage ? { outputLanguage: r.outputLanguage } : {}) }))
      runner.info(`Preflight: ${readiness.map((r) => `${r.proofreadId} ready${r.outputLanguage ? ` (${r.outputLanguage})` : ''}`).join(', ')}`)
    }
    const clash = sharedFile(jobs, settings, workspace)
    if (clash)
      return jobs.map((job) => ({
        proofread_id: 'proofreadId' in job ? job.proofreadId : '',
        video_translate_id: '',
        status: 'not_started',
        error: clash,
      }))
    const claims = new FileClaims()
    const several = jobs.length > 1
    return await mapWithConcurrency(jobs, settings.maxConcurrency, async (job, index) => {
      const label = 'proofreadId' in job ? job.proofreadId : job.resumeId
      const log = prefixedLog(several ? label : '')
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
          ids[index] = id
          progress.live[index] = live
          // Out as soon as known: a later step or a re-run can resume even if this step is cancelled.
          runner.setOutput('video_translate_id', ids.join('\n'))
        },
      })
      progress.finished[index] = result
      return result
    })
  } finally {
    removeHandlers()
    await session.close()
  }
}

/**
 * Two proofreads whose download_path (its placeholders filled from what is known before paying) names one file,
 * compared as macOS and Windows compare names: refused before anything is paid.
 */
function sharedFile(jobs: readonly Job[], settings: Settings, workspace: string): string | undefined {
  const template = settings.downloadPath
  if (!template) return undefined
  for (const job of jobs) {
    if (!('proofreadId' in job)) continue
    // A name the preflight did not give would only fail after the paid render.
    const missing = missingPlaceholder(template, namesKnownBeforePaying(job), ['output_language', 'proofread_id'])
    if (missing) {
      return `download_path uses {${missing}}, but HeyGen's preflight gave no ${missing} for proofread ${job.proofreadId}, so its file cannot be named. Nothing was generated and no credits were spent.`
    }
  }
  if (jobs.length < 2 || !/\{[a-z_]+\}/.test(template) || template.includes('{video_translate_id}')) return undefined
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
        return `download_path would save proofreads ${other} and ${job.proofreadId} to the same file ${file}; add {proofread_id} or {video_translate_id} to it. Nothing was generated and no credits were spent.`
      }
      seen.set(file.toLowerCase(), job.proofreadId)
    }
  }
  return undefined
}

/** download_path's values for a proofread as the preflight gave them, before any job id exists. */
function namesKnownBeforePaying(job: { proofreadId: string; outputLanguage?: string }): { proofread_id: string; output_language?: string } {
  return { proofread_id: job.proofreadId, ...(job.outputLanguage ? { output_language: job.outputLanguage } : {}) }
}

function describeRunning(ids: readonly string[], settings: Settings): string {
  const started = ids.filter(Boolean)
  if (started.length === 0) return 'No video_translate_id was received yet; if a generate call was in flight, check HeyGen before running again.'
  return `These jobs keep rendering at HeyGen (billed once): ${started.join(', ')}.\n${started.map((id) => resumeHint(id, settings)).join('\n')}`
}
