// A free check before any credit is spent (v3 and auto): every proofread of the step must be `completed` at
// HeyGen. If one is not, nothing is generated for any of them: a release's languages stay together.
import { HeyGenError } from '../heygen/api-error.js'
import { type HeyGenClient, type ProofreadDetail, RetryableError } from '../heygen/client.js'
import { backoffMs, MAX_ATTEMPTS } from '../heygen/retry.js'
import { sleep } from '../util/sleep.js'
import { mapWithConcurrency } from './concurrency.js'
import type { Settings } from './inputs.js'
import { languageOf, type ProofreadResult } from './result.js'
import * as runner from './runner.js'
import type { Session } from './session.js'

export interface Readiness {
  proofreadId: string
  ready: boolean
  /** HeyGen's word (`completed`, `processing`, `failed`), or `not_found` / `unknown` when it could not say. */
  status: string
  outputLanguage?: string
  /** Why the proofread is not ready, in the user's words. */
  reason?: string
}

export interface PreflightOptions {
  maxConcurrency: number
  signal: AbortSignal
  /** Told about each retry, so a slow preflight explains itself. */
  onRetry: (message: string) => void
}

export async function checkProofreads(client: HeyGenClient, proofreadIds: readonly string[], options: PreflightOptions): Promise<Readiness[]> {
  return mapWithConcurrency(proofreadIds, options.maxConcurrency, (proofreadId) => checkOne(client, proofreadId, options))
}

async function checkOne(client: HeyGenClient, proofreadId: string, options: PreflightOptions): Promise<Readiness> {
  let detail: ProofreadDetail
  try {
    detail = await withRetries(() => client.getProofread(proofreadId), options)
  } catch (error) {
    if (error instanceof HeyGenError && error.details.status === 404) {
      return { proofreadId, ready: false, status: 'not_found', reason: 'HeyGen has no proofread with this id (404)' }
    }
    // A cancel is one more reason not to go ahead: nothing was paid, and the step says so.
    return { proofreadId, ready: false, status: 'unknown', reason: `its readiness could not be checked: ${(error as Error).message}` }
  }
  const language = detail.outputLanguage ? { outputLanguage: detail.outputLanguage } : {}
  switch (detail.status.toLowerCase()) {
    case 'completed':
      return { proofreadId, ready: true, status: 'completed', ...language }
    case 'processing':
      return { proofreadId, ready: false, status: 'processing', ...language, reason: 'not ready yet: HeyGen is still processing the proofread' }
    case 'failed':
      return {
        proofreadId,
        ready: false,
        status: 'failed',
        ...language,
        reason: `HeyGen could not prepare it: ${detail.failureMessage ?? 'no reason given'}`,
      }
    default:
      return {
        proofreadId,
        ready: false,
        status: detail.status || 'unknown',
        ...language,
        reason: `HeyGen reports an undocumented state ${JSON.stringify(detail.status)}`,
      }
  }
}

/** 429, 5xx and network failures are retried like status polls, a bounded number of times, never faster than a second. */
async function withRetries<T>(call: () => Promise<T>, options: PreflightOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      if (!(error instanceof RetryableError) || error.cancelled || attempt >= MAX_ATTEMPTS) throw error
      const delay = Math.max(1000, error.retryAfterMs ?? backoffMs(attempt))
      options.onRetry(`${error.message}; trying again in ${(delay / 1000).toFixed(1)} s`)
      await sleep(delay, options.signal)
    }
  }
}

/**
 * The preflight of a step, when it applies (v3 and auto, unless turned off, and only when something would be
 * generated): each proofread's readiness, on the session's client and cancel signal; undefined when it does not apply.
 */
export async function preflight(settings: Settings, session: Session): Promise<Readiness[] | undefined> {
  if (!settings.preflight || settings.apiVersion === 'v2' || settings.proofreadIds.length === 0) return undefined
  return checkProofreads(session.versions.v3, settings.proofreadIds, {
    maxConcurrency: settings.maxConcurrency,
    signal: session.transport.signal,
    onRetry: (message) => runner.warning(message),
  })
}

/** The step's proofreads as results of a step that sent no generate call: each with its readiness and language. */
export function heldBack(readiness: readonly Readiness[], status: string): ProofreadResult[] {
  return readiness.map((r) => ({
    proofread_id: r.proofreadId,
    video_translate_id: '',
    status,
    proofread_status: r.status,
    ...(r.outputLanguage ? languageOf(r.outputLanguage) : {}),
    ...(r.reason ? { error: r.reason } : {}),
  }))
}
