// Every proofread of the step: the free preflight first (nothing is paid unless all are ready), then at most
// max_concurrency at once, sharing one session and one cancel handler; one failure never stops the others.
import { removeTemporaryFilesSync } from '../transport/download.js'
import { proxyFor } from '../transport/proxy.js'
import { onCancel } from './cancel.js'
import { mapWithConcurrency } from './concurrency.js'
import type { Settings } from './inputs.js'
import { prefixedLog } from './log.js'
import { FileClaims, resolveDestination } from './paths.js'
import { heldBack, preflight } from './preflight.js'
import { type Job, translateProofread } from './proofread.js'
import { type ProofreadResult, resumeHint } from './result.js'
import type { RunContext } from './run-context.js'
import * as runner from './runner.js'
import { openSession } from './session.js'
import { StartedIds } from './started-ids.js'
import { formatElapsed } from '../util/format.js'

export async function translateAll(settings: Settings, run: RunContext | undefined): Promise<ProofreadResult[]> {
  const controller = new AbortController()
  let jobs: Job[] = settings.resumeId ? [{ resumeId: settings.resumeId }] : settings.proofreadIds.map((proofreadId) => ({ proofreadId }))
  // Out as soon as known (a later step or a re-run can resume even if this step is killed), in linear total size.
  const started = new StartedIds(jobs.length, (value) => runner.setOutput('video_translate_id', value))
  const ids = started.list()
  // Before the cancel handler runs: the ids are in GITHUB_OUTPUT even if the step is then stopped hard.
  const flushOnSignal = () => started.flush()
  process.on('SIGINT', flushOnSignal)
  process.on('SIGTERM', flushOnSignal)
  const removeHandlers = onCancel({
    controller,
    describeRunning: () => describeRunning(ids, settings),
    cleanupSync: () => {
      started.flush()
      removeTemporaryFilesSync()
    },
  })
  const session = openSession(settings, controller.signal)
  // At wait_timeout waits and retries end on their own, with their resume blocks; whatever still runs a moment later
  // (a download, a hung request) is stopped, so the step always ends before a runner timeout set a little above it.
  const deadline = setTimeout(
    () => controller.abort(new StepDeadlineError(settings.waitTimeoutMs)),
    Math.min(2 ** 31 - 1, Math.max(0, session.pause.timeLeft() + DEADLINE_GRACE_MS)),
  )
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
    return await mapWithConcurrency(jobs, settings.maxConcurrency, (job, index) => {
      const label = 'proofreadId' in job ? job.proofreadId : job.resumeId
      // A proofread whose turn comes after wait_timeout is not started: a job the step could no longer watch.
      if ('proofreadId' in job && session.pause.timeLeft() <= 0) return Promise.resolve(tooLate(job, settings))
      const log = prefixedLog(several ? label : '')
      return translateProofread(job, {
        settings,
        versions: session.versionsFor((message) => log.warning(message)),
        transport: session.transport,
        log,
        workspace,
        several,
        run,
        claims,
        onStarted: (id) => started.set(index, id),
      }).finally(() => {
        // The step no longer watches this job: its place under the plan's cap is free for the next proofread.
        if (ids[index]) session.pause.renderEnded(ids[index])
      })
    })
  } finally {
    clearTimeout(deadline)
    started.stopTimer()
    process.off('SIGINT', flushOnSignal)
    process.off('SIGTERM', flushOnSignal)
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
      return `download_path would save proofreads ${other} and ${job.proofreadId} to the same file ${file}; add {proofread_id} or {video_translate_id} to it. Nothing was generated and no credits were spent.`
    }
    seen.set(file.toLowerCase(), job.proofreadId)
  }
  return undefined
}

/** How long after wait_timeout whatever is still running is stopped: the waits and retries end by themselves first. */
const DEADLINE_GRACE_MS = 2000

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

function describeRunning(ids: readonly string[], settings: Settings): string {
  const started = ids.filter(Boolean)
  if (started.length === 0) return 'No video_translate_id was received yet; if a generate call was in flight, check HeyGen before running again.'
  return `These jobs keep rendering at HeyGen (billed once): ${started.join(', ')}.\n${started.map((id) => resumeHint(id, settings)).join('\n')}`
}
