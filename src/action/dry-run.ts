// dry_run: validate everything and print the request(s) that would be sent, never the key; send nothing.
import { idempotencyKeyFor } from '../heygen/idempotency.js'
import { RateLimitPause } from '../heygen/retry.js'
import { createDispatcher } from '../transport/dispatcher.js'
import { USER_AGENT } from '../version.js'
import { clientFor } from './client-for.js'
import type { Settings } from './inputs.js'
import type { Job } from './proofread.js'
import type { ProofreadResult } from './result.js'
import type { RunContext } from './run-context.js'
import * as runner from './runner.js'

export function dryRun(jobs: Job[], settings: Settings, run: RunContext | undefined): ProofreadResult[] {
  // Only builds URLs: its signal is already aborted, so it could not send even by mistake.
  const transport = { userAgent: USER_AGENT, timeoutMs: settings.requestTimeoutMs, signal: AbortSignal.abort(), dispatcher: createDispatcher(1000) }
  const client = clientFor(settings, transport, new RateLimitPause())
  return jobs.map((job) => {
    if ('resumeId' in job) {
      runner.info(`Dry run: would check GET ${client.statusUrl(job.resumeId)}${settings.downloadPath ? ' and download the video' : ''}`)
      return { proofread_id: '', video_translate_id: job.resumeId, status: 'dry_run' }
    }
    const lines = [`Dry run: would send POST ${client.generateUrl(job.proofreadId)}`, '  x-api-key: (masked)']
    if (settings.apiVersion === 'v3') lines.push(`  Idempotency-Key: ${idempotencyKeyFor(job.proofreadId, settings, run)}`)
    lines.push(`  Body: ${JSON.stringify(settings.request)}`)
    runner.info(lines.join('\n'))
    return { proofread_id: job.proofreadId, video_translate_id: '', status: 'dry_run' }
  })
}
