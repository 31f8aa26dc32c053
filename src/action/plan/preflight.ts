// A free check before any credit is spent (v3 and auto): every proofread of the step must be `completed` at
// HeyGen. If one is not, nothing is generated for any of them: a release's languages stay together.
import { HeyGenError } from '../../heygen/api-error.js'
import { freeCallVerdict, HeyGenClient, type ProofreadDetail } from '../../heygen/client.js'
import { retrying } from '../../util/retry.js'
import { PRODUCTION_TIMING, type StepTiming } from '../../util/timing.js'
import { formatElapsed } from '../../util/format.js'
import { mapWithConcurrency } from '../../util/concurrency.js'
import type { Config } from '../config/inputs.js'
import { languageOf, type ProofreadResult } from '../report/result.js'
import * as runner from '../runner/runner.js'
import type { Session } from '../job/session.js'

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
  /** Aborted when the step is cancelled or the preflight's time is up (the client's transport carries the same signal). */
  signal: AbortSignal
  /** When the preflight must end (ms since the epoch): no retry is planned past it. */
  until: number
  /** Why nothing more is asked once `until` has passed, in the user's words. */
  outOfTime: string
  /** Told about each retry, so a slow preflight explains itself. */
  onRetry: (message: string) => void
  /** The retry floor, backoff and attempts; production's when not given. */
  timing?: StepTiming
}

export async function checkProofreads(client: HeyGenClient, proofreadIds: readonly string[], options: PreflightOptions): Promise<Readiness[]> {
  return mapWithConcurrency(proofreadIds, options.maxConcurrency, (proofreadId) => checkOne(client, proofreadId, options))
}

async function checkOne(client: HeyGenClient, proofreadId: string, options: PreflightOptions): Promise<Readiness> {
  let detail: ProofreadDetail
  try {
    // A proofread whose turn comes after the time is up is not asked at all.
    if (Date.now() >= options.until) throw new Error(options.outOfTime)
    detail = await withRetries(() => client.getProofread(proofreadId), options)
  } catch (error) {
    if (error instanceof HeyGenError && error.details.status === 404) {
      return { proofreadId, ready: false, status: 'not_found', reason: 'HeyGen has no proofread with this id (404)' }
    }
    if (options.signal.aborted && Date.now() >= options.until) {
      return { proofreadId, ready: false, status: 'unknown', reason: `its readiness could not be checked: ${options.outOfTime}` }
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

/**
 * A 429 or a refused connection is retried for as long as the preflight's time allows; 5xx and other network failures
 * at most MAX_ATTEMPTS times; never sooner than a second after the last attempt, and never past the preflight's end.
 */
async function withRetries<T>(call: () => Promise<T>, options: PreflightOptions): Promise<T> {
  const timing = options.timing ?? PRODUCTION_TIMING
  return retrying(call, {
    maxAttempts: timing.maxAttempts,
    timing,
    classify: freeCallVerdict,
    signal: options.signal,
    until: options.until,
    outOfTime: (error) => new Error(`${(error as Error).message}, still when ${options.outOfTime}`),
    onRetry: (error, delay) => options.onRetry(`${(error as Error).message}; trying again in ${(delay / 1000).toFixed(1)} s`),
  })
}

/**
 * The preflight of a step, when it applies (v3 and auto, unless turned off, and only when something would be
 * generated): each proofread's readiness, on the session's client and cancel signal; undefined when it does not apply.
 */
export async function preflight(
  config: Config,
  session: Session,
  proofreadIds: readonly string[] = config.work.proofreadIds,
): Promise<Readiness[] | undefined> {
  if (!config.heygen.preflight || config.heygen.apiVersion === 'v2' || proofreadIds.length === 0) return undefined
  // Bounded as a whole: a silent or slow HeyGen cannot hold the step for request_timeout × attempts × waves of ids.
  const rounds = session.timing.preflightRounds
  const boundMs = Math.min(rounds * config.timing.requestTimeoutMs, session.pause.timeLeft())
  const bound = new AbortController()
  const timer = setTimeout(() => bound.abort(new Error('the preflight ran out of time')), Math.max(0, boundMs))
  const signal = AbortSignal.any([session.transport.signal, bound.signal])
  const client = new HeyGenClient({
    baseUrl: config.heygen.baseUrl,
    apiKey: config.heygen.apiKey,
    version: 'v3',
    transport: { ...session.transport, signal },
    pause: session.pause,
    onRetry: (message) => runner.warning(message),
    timing: session.timing,
  })
  try {
    return await checkProofreads(client, proofreadIds, {
      maxConcurrency: config.work.maxConcurrency,
      signal,
      until: Date.now() + boundMs,
      outOfTime: `the preflight's time ran out (${formatElapsed(boundMs)}: ${rounds} × request_timeout, or what was left of wait_timeout)`,
      onRetry: (message) => runner.warning(message),
      timing: session.timing,
    })
  } finally {
    clearTimeout(timer)
  }
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
