// Every proofread of the step: the free preflight first (nothing is paid unless all are ready), then at most
// max_concurrency at once, sharing one session and one cancel handler; one failure never stops the others.
import { removeTemporaryFilesSync } from '../transport/download.js'
import { proxyFor } from '../transport/proxy.js'
import { type CancelReport, describeCancel, type JobProgress, onCancel, withoutRepeatedHint } from './cancel.js'
import { mapWithConcurrency } from './concurrency.js'
import type { Settings } from './inputs.js'
import { prefixedLog } from './log.js'
import { FileClaims, resolveDestination } from './paths.js'
import { heldBack, preflight } from './preflight.js'
import { type Job, translateProofread } from './proofread.js'
import type { ProofreadResult } from './result.js'
import type { RunContext } from './run-context.js'
import * as runner from './runner.js'
import { openSession } from './session.js'
import type { Spending } from './spending.js'

export async function translateAll(settings: Settings, run: RunContext | undefined, spending?: Spending): Promise<ProofreadResult[]> {
  const controller = new AbortController()
  let jobs: Job[] = settings.resumeId ? [{ resumeId: settings.resumeId }] : settings.proofreadIds.map((proofreadId) => ({ proofreadId }))
  const ids: string[] = jobs.map(() => '')
  const progress: JobProgress[] = jobs.map(() => ({ begun: false, id: '', status: '' }))
  let cancelled: CancelReport | undefined
  const removeHandlers = onCancel({
    controller,
    describeRunning: () => (cancelled = describeCancel(progress, settings)).text,
    cleanupSync: removeTemporaryFilesSync,
  })
  const session = openSession(settings, controller.signal, spending)
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
      return jobs.map((job) => {
        const proofreadId = 'proofreadId' in job ? job.proofreadId : ''
        return {
          proofread_id: proofreadId,
          video_translate_id: '',
          status: 'not_started',
          ...(clash.ids.includes(proofreadId) ? { error: clash.message } : {}),
        }
      })
    const claims = new FileClaims()
    const several = jobs.length > 1
    const results = await mapWithConcurrency(jobs, settings.maxConcurrency, async (job, index) => {
      const label = 'proofreadId' in job ? job.proofreadId : job.resumeId
      const log = prefixedLog(several ? label : '')
      if (progress[index]) progress[index].begun = true
      const result = await translateProofread(job, {
        settings,
        versions: session.versionsFor((message) => log.warning(message)),
        transport: session.transport,
        log,
        workspace,
        several,
        run,
        claims,
        onStarted: (id) => {
          ids[index] = id
          if (progress[index]) progress[index].id = id
          // Out as soon as known: a later step or a re-run can resume even if this step is cancelled.
          runner.setOutput('video_translate_id', ids.join('\n'))
        },
        onStatus: (status) => {
          if (progress[index]) progress[index].status = status
        },
      })
      if (progress[index]) progress[index].result = result
      return result
    })
    // The cancel warning printed each resume block once: the errors point there.
    const report = cancelled
    return report ? results.map((result) => withoutRepeatedHint(result, report, settings)) : results
  } finally {
    removeHandlers()
    await session.close()
  }
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
    const values = { proofread_id: job.proofreadId, ...(job.outputLanguage ? { output_language: job.outputLanguage } : {}) }
    const fileFor = (id: string) => resolveDestination(template, { ...values, video_translate_id: id }, { workspace, several: true }).video
    const file = fileFor('a')
    // A folder (videos/{output_language}/) names each file by its job id: such names cannot meet before paying.
    if (file !== fileFor('b')) continue
    const other = seen.get(file.toLowerCase())
    if (other !== undefined) {
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
  return undefined
}
