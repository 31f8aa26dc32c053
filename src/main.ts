// The action's one entry point: read inputs, generate (and wait, download) each proofread, report.
import { mapWithConcurrency } from './batch.js'
import { onCancel } from './cancel.js'
import { HeyGenClient } from './heygen/client.js'
import type { Transport } from './http.js'
import { idempotencyKeyFor } from './idempotency.js'
import { getSettings, readApiKey, type Settings } from './inputs.js'
import { prefixedLog } from './log.js'
import { type Job, translateProofread } from './proofread.js'
import { proxyDispatcher, proxyFor } from './proxy.js'
import { failureMessage, setOutputs, writeSummary } from './report.js'
import { type ProofreadResult, resumeHint } from './result.js'
import { RateLimitPause } from './retry.js'
import * as runner from './runner.js'
import { USER_AGENT } from './version.js'

export async function run(): Promise<void> {
  // Masked before anything else can print, including an error about the key itself.
  const apiKey = readApiKey()
  runner.setSecret(apiKey)
  const started = Date.now()
  let settings: Settings
  try {
    settings = getSettings(apiKey)
  } catch (error) {
    runner.setFailed((error as Error).message)
    return
  }
  runner.debug(`Settings: ${JSON.stringify({ ...settings, apiKey: '(masked)' })}`)
  const jobs: Job[] = settings.resumeId ? [{ resumeId: settings.resumeId }] : settings.proofreadIds.map((proofreadId) => ({ proofreadId }))
  try {
    const results = settings.dryRun ? dryRun(jobs, settings) : await translateAll(jobs, settings)
    setOutputs(results)
    writeSummary(results, settings, Date.now() - started)
    const failure = failureMessage(results)
    if (failure) runner.setFailed(failure)
  } catch (error) {
    runner.setFailed(`Unexpected failure: ${(error as Error).message}`)
  }
}

async function translateAll(jobs: Job[], settings: Settings): Promise<ProofreadResult[]> {
  const controller = new AbortController()
  const ids: string[] = jobs.map(() => '')
  let cleanupSync = () => {}
  const removeHandlers = onCancel({
    controller,
    describeRunning: () => describeRunning(ids, settings),
    cleanupSync: () => cleanupSync(),
  })
  try {
    const proxy = proxyFor(settings.baseUrl)
    if (proxy) runner.info(`Calling HeyGen through the proxy ${proxy} (HTTPS_PROXY/HTTP_PROXY; NO_PROXY honoured)`)
    // Set whenever any proxy variable is: downloads go to other hosts, which NO_PROXY may treat differently.
    const dispatcher = await proxyDispatcher()
    const transport: Transport = {
      userAgent: USER_AGENT,
      timeoutMs: settings.requestTimeoutMs,
      signal: controller.signal,
      ...(dispatcher ? { dispatcher } : {}),
      ...(proxy ? { proxy } : {}),
    }
    if (settings.downloadPath) {
      // Loaded up front only when downloading, so a cancel can always remove partial files.
      cleanupSync = (await import('./download.js')).removeTemporaryFilesSync
    }
    const pause = new RateLimitPause()
    const several = jobs.length > 1
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    return await mapWithConcurrency(jobs, settings.maxConcurrency, (job, index) => {
      const label = 'proofreadId' in job ? job.proofreadId : job.resumeId
      const log = prefixedLog(several ? label : '')
      const client = clientFor(settings, transport, pause, (message) => log.warning(message))
      return translateProofread(job, {
        settings,
        client,
        transport,
        log,
        workspace,
        several,
        onStarted: (id) => {
          ids[index] = id
          // Out as soon as known: a later step or a re-run can resume even if this step is cancelled.
          runner.setOutput('video_translate_id', ids.join('\n'))
        },
      })
    })
  } finally {
    removeHandlers()
  }
}

function describeRunning(ids: readonly string[], settings: Settings): string {
  const started = ids.filter(Boolean)
  if (started.length === 0) return 'No video_translate_id was received yet; if a generate call was in flight, check HeyGen before running again.'
  return `These jobs keep rendering at HeyGen (billed once): ${started.join(', ')}.\n${started.map((id) => resumeHint(id, settings)).join('\n')}`
}

/** Prints what would be sent, never the key, and sends nothing. */
function dryRun(jobs: Job[], settings: Settings): ProofreadResult[] {
  // Only builds URLs: its signal is already aborted, so it could not send even by mistake.
  const client = clientFor(
    settings,
    { userAgent: USER_AGENT, timeoutMs: settings.requestTimeoutMs, signal: AbortSignal.abort() },
    new RateLimitPause(),
  )
  return jobs.map((job) => {
    if ('resumeId' in job) {
      runner.info(`Dry run: would check GET ${client.statusUrl(job.resumeId)}${settings.downloadPath ? ' and download the video' : ''}`)
      return { proofread_id: '', video_translate_id: job.resumeId, status: 'dry_run' }
    }
    const lines = [`Dry run: would send POST ${client.generateUrl(job.proofreadId)}`, '  x-api-key: (masked)']
    const key = idempotencyKeyFor(job.proofreadId, settings)
    if (key) lines.push(`  Idempotency-Key: ${key}`)
    lines.push(`  Body: ${JSON.stringify(settings.request)}`)
    runner.info(lines.join('\n'))
    return { proofread_id: job.proofreadId, video_translate_id: '', status: 'dry_run' }
  })
}

function clientFor(settings: Settings, transport: Transport, pause: RateLimitPause, onRetry?: (message: string) => void): HeyGenClient {
  return new HeyGenClient({
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    version: settings.apiVersion,
    transport,
    pause,
    ...(onRetry ? { onRetry } : {}),
  })
}
