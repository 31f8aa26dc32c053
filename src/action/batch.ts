// Every proofread of the step, at most max_concurrency at once, sharing one dispatcher, one rate-limit
// pause and one cancel handler; each proofread's outcome is its own, so one failure never stops the others.
import { RateLimitPause } from '../heygen/retry.js'
import { createDispatcher } from '../transport/dispatcher.js'
import { removeTemporaryFilesSync } from '../transport/download.js'
import type { Transport } from '../transport/http.js'
import { proxyFor } from '../transport/proxy.js'
import { USER_AGENT } from '../version.js'
import { onCancel } from './cancel.js'
import { clientFor } from './client-for.js'
import type { Settings } from './inputs.js'
import { prefixedLog } from './log.js'
import { type Job, translateProofread } from './proofread.js'
import { type ProofreadResult, resumeHint } from './result.js'
import type { RunContext } from './run-context.js'
import * as runner from './runner.js'

export async function translateAll(jobs: Job[], settings: Settings, run: RunContext | undefined): Promise<ProofreadResult[]> {
  const controller = new AbortController()
  const ids: string[] = jobs.map(() => '')
  const removeHandlers = onCancel({
    controller,
    describeRunning: () => describeRunning(ids, settings),
    cleanupSync: removeTemporaryFilesSync,
  })
  const dispatcher = createDispatcher(settings.requestTimeoutMs)
  try {
    const proxy = proxyFor(settings.baseUrl)
    if (proxy) runner.info(`Calling HeyGen through the proxy ${proxy} (HTTPS_PROXY/HTTP_PROXY; NO_PROXY honoured)`)
    const transport: Transport = { userAgent: USER_AGENT, timeoutMs: settings.requestTimeoutMs, signal: controller.signal, dispatcher }
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
        run,
        onStarted: (id) => {
          ids[index] = id
          // Out as soon as known: a later step or a re-run can resume even if this step is cancelled.
          runner.setOutput('video_translate_id', ids.join('\n'))
        },
      })
    })
  } finally {
    removeHandlers()
    // Open keep-alive connections would hold the process up after the last answer.
    await dispatcher.close().catch(() => {})
  }
}

function describeRunning(ids: readonly string[], settings: Settings): string {
  const started = ids.filter(Boolean)
  if (started.length === 0) return 'No video_translate_id was received yet; if a generate call was in flight, check HeyGen before running again.'
  return `These jobs keep rendering at HeyGen (billed once): ${started.join(', ')}.\n${started.map((id) => resumeHint(id, settings)).join('\n')}`
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
