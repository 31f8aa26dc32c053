// HeyGen's video-translate routes for v2 and v3, behind one interface. The retry rules live here
// because they depend on what a call costs: see `generate`.
import { type HttpResponse, NetworkError, type NetworkFailure, send, type Transport } from '../transport/http.js'
import { proxyFor } from '../transport/proxy.js'
import type { ApiVersion, GenerateRequest } from './request.js'
import { limitKind, type RateLimitPause } from './retry.js'
import { backoffFor, parseRetryAfter, retrying, type RetryVerdict } from '../util/retry.js'
import { PRODUCTION_TIMING, type StepTiming } from '../util/timing.js'
import { FIXED_PLACE, type Place } from '../util/concurrency.js'
import { excerpt, failureFromResponse, HeyGenError, isQuotaExceeded, parseJson, quotaFailure, readApiError, requestIdOf } from './api-error.js'
import { described, type JobId, jobId, type Link, link, type OutsideText, outsideText, outsideWord } from './outside.js'
import { fromOutside, type RawStatus, type TranslationStatus } from './status.js'

export interface ClientOptions {
  baseUrl: string
  apiKey: string
  version: ApiVersion
  transport: Transport
  /** Shared by every call of the step: the request pace and the plan's cap (a 429 costs only its own call its Retry-After). */
  pause: RateLimitPause
  /** Told about each retry, so the log shows why a step takes longer. */
  onRetry?: (message: string) => void
  random?: () => number
  /** Under api_version auto a retired v2 route is expected, and answered by going on with v3: no hint. */
  quietRetired?: boolean
  /** Told of each generate request that may have reached HeyGen (`sent`) and of each answer marked as a replay. */
  onGenerate?: (event: 'sent' | 'replayed') => void
  /** The retry floor, backoff, Retry-After cap and attempts: production's unless a test shrinks them. */
  timing?: StepTiming
}

/** v3's proofread detail, as far as the action reads it. */
export interface ProofreadDetail {
  /** `processing`, `completed` or `failed` (HeyGen's word, made safe). */
  status: OutsideText
  outputLanguage?: OutsideText
  failureMessage?: OutsideText
}

export interface Generated {
  videoTranslateId: JobId
  /** HeyGen's initial word, normally `processing`. */
  status: OutsideText
}

const V2_RETIRED_HINT =
  'HeyGen retired the v1/v2 API on 1 November 2026: if this route is gone, set `api_version: v3` (the same proofread id works there).'

export class HeyGenClient {
  constructor(private readonly options: ClientOptions) {}

  get version(): ApiVersion {
    return this.options.version
  }

  /** The step's timing (retry floor, backoff, attempts): the wait loop uses it too. */
  get timing(): StepTiming {
    return this.options.timing ?? PRODUCTION_TIMING
  }

  /** When the step must end (ms since the epoch): waits and retries stop by then. */
  get deadline(): number {
    return this.options.pause.deadline
  }

  /** The route that spends credits. Exported for dry runs, which print it. */
  generateUrl(proofreadId: string): string {
    // One encoded path segment: no id can change which route is called.
    const id = encodeURIComponent(proofreadId)
    return this.options.version === 'v3'
      ? `${this.options.baseUrl}/v3/video-translations/proofreads/${id}/generate`
      : `${this.options.baseUrl}/v2/video_translate/proofread/${id}/generate`
  }

  statusUrl(videoTranslateId: string): string {
    const id = encodeURIComponent(videoTranslateId)
    return this.options.version === 'v3' ? `${this.options.baseUrl}/v3/video-translations/${id}` : `${this.options.baseUrl}/v2/video_translate/${id}`
  }

  /**
   * Starts the paid job. Money rules: without an idempotency key (v2) only a 429 or a request that
   * never left the machine is sent again; a 5xx, a reset or a timeout may have started a job, so it
   * is reported with `mayHaveStarted`. With a key (v3) HeyGen replays instead of charging twice, so
   * 5xx, 409 request_in_progress and network failures are retried too, with the same key.
   * A 429 and a refused connection started nothing: they are retried (at least a second apart, after Retry-After)
   * until the step's deadline, not a number of times; the rest at most timing.maxAttempts times.
   * `place`: the proofread's max_concurrency place, lent while it waits out a 429 (a 429 started nothing).
   */
  async generate(proofreadId: string, request: GenerateRequest, idempotencyKey?: string, place: Place = FIXED_PLACE): Promise<Generated> {
    const what = `Generating the video for proofread ${proofreadId}`
    // Only v3 honours the key, and only a key actually sent makes a retry safe.
    const key = this.options.version === 'v3' && idempotencyKey ? idempotencyKey : undefined
    const idempotent = key !== undefined
    const headers: Record<string, string> = { 'content-type': 'application/json', ...this.authHeader() }
    if (key) headers['idempotency-key'] = key
    const body = JSON.stringify(request)
    const pace = this.options.pause
    const signal = this.options.transport.signal
    let notYet = 0
    // A v3 attempt that may have started a job makes "nothing was paid" untrue, whatever comes after it.
    let mayHaveStarted = false
    let lastRefusal: string | undefined
    // A failed attempt retried after a backoff keeps its render slot through the wait (a 429 frees it before: see below).
    let holdingSlot = false
    const release = (): void => {
      holdingSlot = false
      pace.generated()
    }

    const attempt = async (): Promise<Generated> => {
      if (holdingSlot) release()
      // Back from a 429's Retry-After, during which this proofread's max_concurrency place served the next one.
      await place.reclaim(signal)
      // The plan's cap and the step's pace: a call that cannot go before the deadline is never sent.
      if (!(await pace.beforeGenerate(signal))) throw stillLimited(what, limitedBy(notYet, lastRefusal, pace.cap), mayHaveStarted)
      let response: HttpResponse
      let started: Generated | undefined
      let holds = false
      try {
        try {
          response = await send(this.options.transport, { method: 'POST', url: this.generateUrl(proofreadId), headers, body })
          // A 429 and a retired v2 route (404/410) started nothing: only a call that may have spent credits is counted.
          if (response.status !== 429 && !(this.options.version === 'v2' && isGone(response.status))) this.options.onGenerate?.('sent')
        } catch (error) {
          if (!(error instanceof NetworkError)) throw error
          // Counted when it may have reached HeyGen (what the run's cost line reports).
          if (!error.notSent) this.options.onGenerate?.('sent')
          if (heygenRefused(error, this.options.baseUrl)) {
            lastRefusal = error.message
            const wait = this.backoff(++notYet)
            if (Date.now() + wait >= pace.deadline) throw stillLimited(what, limitedBy(notYet, lastRefusal, pace.cap), mayHaveStarted)
            holds = true
            throw new FailedAttempt(networkFailure(what, error), { counted: false, retryAfterMs: wait }, `${what}: ${error.message}`, false)
          }
          // An oversized answer or a refusing proxy would answer the same again: reported at once, never sent again.
          const safe = !FINAL_FAILURES.has(error.kind) && (error.notSent || idempotent)
          if (!safe) throw networkFailure(what, error)
          holds = true
          throw new FailedAttempt(networkFailure(what, error), { counted: true }, `${what}: ${error.message}`, !error.notSent)
        }
        // A used-up quota answers 429 too, but no wait mends it: fail now, with HeyGen's words and what to do.
        if (isQuotaExceeded(response)) throw quotaFailure(response, what, mayHaveStarted)
        if (response.status === 429) {
          lastRefusal = undefined
          const wait = this.retryAfterOf(response) ?? this.backoff(++notYet)
          // This call waits its Retry-After; the step's pace and the plan's cap may learn from it (rate-limit-pause.ts).
          const lend = pace.generateLimited(wait, limitKind(response.text))
          if (Date.now() + wait >= pace.deadline) throw stillLimited(what, limitedBy(notYet || 1, undefined, pace.cap), mayHaveStarted)
          // Said here, before the slot is freed (as the pace's own lines follow it); the wait is the loop's.
          this.options.onRetry?.(`${what}: HeyGen is rate limiting (429); waiting ${(wait / 1000).toFixed(1)} s before trying again`)
          // A 429 started nothing: while this call waits its Retry-After, its max_concurrency place serves the next proofread.
          if (lend) place.lend()
          throw new FailedAttempt(stillLimited(what, limitedBy(notYet || 1, undefined, pace.cap), mayHaveStarted), {
            counted: false,
            retryAfterMs: wait,
          })
        }
        // An answer naming a job started one, whatever its status: reported at once, never sent again.
        if (idempotent && (response.status >= 500 || isInProgress(response)) && jobIdOf(response) === undefined) {
          holds = true
          throw new FailedAttempt(
            reportedFailure(() => this.readGenerated(response, what)),
            { counted: true, retryAfterMs: this.retryAfterOf(response) },
            `${what}: HTTP ${response.status}`,
            true,
          )
        }
        started = this.readGenerated(response, what)
        return started
      } finally {
        if (holds) holdingSlot = true
        else pace.generated(started?.videoTranslateId)
      }
    }

    try {
      return await retrying(attempt, {
        maxAttempts: this.timing.maxAttempts,
        timing: this.timing,
        // HeyGen's money rules, sorted by the attempt itself (see FailedAttempt): a failure not sorted there is final.
        classify: (error) => (error instanceof FailedAttempt ? error.verdict : undefined),
        backoff: (failures) => this.backoff(failures),
        signal,
        onRetry: (error, delay) => {
          const failed = error as FailedAttempt
          mayHaveStarted ||= failed.mayHaveStarted
          if (failed.reason) this.options.onRetry?.(`${failed.reason}; trying again in ${(delay / 1000).toFixed(1)} s`)
        },
      })
    } catch (error) {
      // An attempt not retried (its kind's attempts used up) is reported as that attempt's own failure.
      throw error instanceof FailedAttempt ? error.failure : error
    } finally {
      if (holdingSlot) release()
    }
  }

  /** One status call (free): the wait loop decides what to do with a failure. */
  async getStatus(videoTranslateId: string): Promise<TranslationStatus> {
    const what = `Checking video_translate_id ${videoTranslateId}`
    const askedAt = this.options.pause.now()
    const response = await this.get(this.statusUrl(videoTranslateId), what)
    // `data: null` on a 200 means HeyGen does not know the job's state yet: keep waiting, never fail a paid job on it.
    if (isEmptyData(response)) return fromOutside({ raw: '' })
    const data = dataOf(response, what)
    const status: RawStatus = { raw: typeof data.status === 'string' ? data.status : '' }
    const v3 = this.options.version === 'v3'
    const videoUrl = text(v3 ? data.video_url : data.url)
    const captionUrl = text(data.vtt_caption_url) ?? text(data.srt_caption_url)
    // HeyGen's skill reads `failure_reason` where the spec says `failure_message`: either is the reason.
    const message = text(v3 ? data.failure_message : data.message) ?? text(data.failure_reason)
    if (videoUrl) status.videoUrl = videoUrl
    // Only v3's status answer carries caption and audio links, and the language.
    if (captionUrl && v3) status.captionUrl = captionUrl
    if (v3 && text(data.audio_url)) status.audioUrl = text(data.audio_url) ?? ''
    if (v3 && text(data.output_language)) status.outputLanguage = text(data.output_language) ?? ''
    if (message) status.message = message
    if (v3 && data.duration !== undefined && data.duration !== null) status.duration = data.duration
    const translated = fromOutside(status)
    // A finished render frees its place under the plan's cap for the step's next generate call.
    if (translated.state === 'success' || translated.state === 'failed') this.options.pause.renderEnded(videoTranslateId)
    // Rendering when this call was sent (not pending: a queued job may not count): the plan took it beside the others.
    else if (translated.state === 'running') this.options.pause.stillRendering(videoTranslateId, askedAt)
    return translated
  }

  /** v3's proofread detail (free): whether it is ready to generate from, and its language. */
  async getProofread(proofreadId: string): Promise<ProofreadDetail> {
    const what = `Checking proofread ${proofreadId}`
    const url = `${this.options.baseUrl}/v3/video-translations/proofreads/${encodeURIComponent(proofreadId)}`
    const data = dataOf(await this.get(url, what), what)
    // HeyGen's words as data, across the border: one line, bounded, never a runner command (the language reaches the preflight line too).
    const detail: ProofreadDetail = { status: outsideWord(data.status) }
    if (text(data.output_language)) detail.outputLanguage = outsideWord(data.output_language)
    if (text(data.failure_message)) detail.failureMessage = outsideText(data.failure_message)
    return detail
  }

  /** v2's caption route; v3 carries caption links on the status answer instead. */
  async getCaptionUrl(videoTranslateId: string, captionType: 'vtt' | 'srt' = 'vtt'): Promise<Link | undefined> {
    const query = new URLSearchParams({ video_translate_id: videoTranslateId, caption_type: captionType })
    const response = await this.get(
      `${this.options.baseUrl}/v2/video_translate/caption?${query.toString()}`,
      `Fetching the captions of ${videoTranslateId}`,
    )
    const raw = text(dataOf(response, 'Fetching the captions').caption_url)
    if (raw === undefined) return undefined
    const safe = link(raw)
    if (!safe) throw new Error(`HeyGen's caption link is not a plain http(s) link ("${described(raw)}"), so it is not used`)
    return safe
  }

  /** A free GET: a 429 still pauses the whole step, then surfaces as a retryable failure. */
  private async get(url: string, what: string): Promise<HttpResponse> {
    await this.options.pause.wait(this.options.transport.signal)
    let response: HttpResponse
    try {
      response = await send(this.options.transport, { method: 'GET', url, headers: this.authHeader() })
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error
      // Asking again would meet the same oversized answer or refusing proxy until wait_timeout: fail now.
      if (FINAL_FAILURES.has(error.kind) && error.kind !== 'cancelled') throw new HeyGenError(`${what}: ${error.message}`, { mayHaveStarted: false })
      throw new RetryableError(`${what}: ${error.message}`, error.kind === 'cancelled', undefined, heygenRefused(error, url))
    }
    if (isQuotaExceeded(response)) throw quotaFailure(response, what, false)
    if (response.status === 429) {
      const wait = this.retryAfterOf(response)
      // The caller waits its own Retry-After; the step's pace may learn a budget from the refusal.
      this.options.pause.extend(wait ?? 0)
      throw new RetryableError(`${what}: HTTP 429 rate limited`, false, wait, true)
    }
    this.options.pause.answered()
    if (response.status >= 500) {
      throw new RetryableError(failureFromResponse(response, what, false).message, false, this.retryAfterOf(response))
    }
    if (response.status < 200 || response.status >= 300) throw this.failure(response, what, false, false)
    return response
  }

  private readGenerated(response: HttpResponse, what: string): Generated {
    // A 5xx, or a v3 request still "in progress" after every retry, may each have started the job.
    const paidFailure = response.status >= 500 || isInProgress(response)
    if (response.status < 200 || response.status >= 300) {
      // A failure that still names a job (a v2 500, a v3 422, a 410 with an id): the job may exist and be billed.
      const named = jobIdOf(response)
      if (named !== undefined && !jobId(named)) throw unusableJobId(response, what, named)
      if (named !== undefined) throw failureFromResponse(response, what, true, undefined, jobId(named))
      throw this.failure(response, what, paidFailure, true)
    }
    const body = parseJson(response.text)
    if (body === undefined) {
      throw new HeyGenError(`${what}: HeyGen answered HTTP ${response.status} but the body is not JSON ("${excerpt(response.text, 80)}")`, {
        status: response.status,
        mayHaveStarted: true,
        ...withRequestId(response),
      })
    }
    const data = ((body as { data?: unknown }).data ?? {}) as Record<string, unknown>
    const raw = jobIdOf(response)
    const id = raw === undefined ? undefined : jobId(raw)
    if (raw !== undefined && !id) throw unusableJobId(response, what, raw)
    const apiError = readApiError(body)
    if (apiError) {
      // An error beside a job id: the job may exist and be billed, so its id must reach the user.
      if (id) throw failureFromResponse(response, what, true, undefined, id)
      throw failureFromResponse(response, what, false)
    }
    if (!id) {
      throw new HeyGenError(`${what}: HeyGen answered HTTP ${response.status} without a video_translate_id`, {
        status: response.status,
        mayHaveStarted: true,
        ...withRequestId(response),
      })
    }
    // HeyGen documents no replay marker; `Idempotent-Replayed: true` is the common one (and the sandbox's).
    if (response.headers.get('idempotent-replayed') === 'true') this.options.onGenerate?.('replayed')
    return { videoTranslateId: id, status: outsideWord(text(data.status) ?? 'processing') }
  }

  private failure(response: HttpResponse, what: string, mayHaveStarted: boolean, generateRoute: boolean): HeyGenError {
    // Only the generate route's 404/410 can mean the v2 API is gone: a status 404 is an unknown job.
    const retired = generateRoute && this.options.version === 'v2' && isGone(response.status)
    const error = failureFromResponse(
      response,
      what,
      mayHaveStarted,
      retired && !this.options.quietRetired ? V2_RETIRED_HINT : redirectHint(response),
    )
    if (retired) error.details.routeGone = true
    return error
  }

  private backoff(attempt: number): number {
    return backoffFor(attempt, this.timing, this.options.random)
  }

  /** The answer's Retry-After in ms, within the timing's floor and cap; undefined when it has none. */
  private retryAfterOf(response: HttpResponse): number | undefined {
    return parseRetryAfter(response.headers.get('retry-after'), Date.now(), this.timing)
  }

  private authHeader(): Record<string, string> {
    return { 'x-api-key': this.options.apiKey }
  }
}

/** Failures that asking again cannot fix: a cancel, an oversized answer, a proxy that refuses the tunnel (407 stays 407). */
const FINAL_FAILURES = new Set<NetworkFailure>(['cancelled', 'too-large', 'proxy-refused'])

/**
 * A generate attempt that failed in a way HeyGen's money rules allow to retry: how (a "not yet" or a counted failure),
 * and what is reported if it is not retried after all (its kind's attempts used up).
 */
class FailedAttempt extends Error {
  constructor(
    readonly failure: Error,
    readonly verdict: RetryVerdict,
    /** Said before the wait; a 429 says its own line before its slot is freed. */
    readonly reason?: string,
    /** The attempt may have reached HeyGen and started a job (only a v3 key made sending it again safe). */
    readonly mayHaveStarted = false,
  ) {
    super(failure.message)
    this.name = 'FailedAttempt'
  }
}

/** The failure `read` throws (readGenerated on an answer that is no success always throws). */
function reportedFailure(read: () => unknown): Error {
  try {
    read()
  } catch (error) {
    return error as Error
  }
  throw new Error('a failed generate answer was read as a success')
}

/** A failed free call that may succeed later (429, 5xx, network): the wait loop tries again. */
export class RetryableError extends Error {
  constructor(
    message: string,
    readonly cancelled: boolean,
    readonly retryAfterMs?: number,
    /** A 429 or a refused connection: HeyGen saying "not yet", retried for as long as there is time, not a number of times. */
    readonly notYet = false,
  ) {
    super(message)
    this.name = 'RetryableError'
  }
}

/**
 * HeyGen's rule for a free call (a GET): a RetryableError is retried, a 429 or a refused connection ("not yet") for as
 * long as there is time, anything else a bounded number of times; a cancel and every other failure are final.
 */
export function freeCallVerdict(error: unknown): RetryVerdict | undefined {
  if (!(error instanceof RetryableError) || error.cancelled) return undefined
  return { counted: !error.notYet, retryAfterMs: error.retryAfterMs }
}

/** A redirect is never followed: the key would travel with it. Say where it pointed (origin only). */
function redirectHint(response: HttpResponse): string | undefined {
  if (response.status < 300 || response.status >= 400) return undefined
  let target = 'another location'
  try {
    target = new URL(response.headers.get('location') ?? '').origin
  } catch {
    // No usable Location: keep the generic wording.
  }
  return `HeyGen redirected to ${target}; redirects are not followed, so the API key is only ever sent to base_url.`
}

/** 404 or 410 on a route: gone, which starts nothing. */
function isGone(status: number): boolean {
  return status === 404 || status === 410
}

/** A 200 whose `data` is null and carries no error. */
function isEmptyData(response: HttpResponse): boolean {
  const body = parseJson(response.text)
  return !!body && typeof body === 'object' && (body as { data?: unknown }).data === null && !readApiError(body)
}

/** The job id a generate answer names (v2 `video_translate_id`, v3 `video_translation_id`), whatever its status. */
function jobIdOf(response: HttpResponse): string | undefined {
  const data = (parseJson(response.text) as { data?: unknown } | undefined)?.data
  if (!data || typeof data !== 'object') return undefined
  const fields = data as Record<string, unknown>
  return text(fields.video_translate_id) ?? text(fields.video_translation_id)
}

function isInProgress(response: HttpResponse): boolean {
  return response.status === 409 && readApiError(parseJson(response.text))?.code === 'request_in_progress'
}

/**
 * HeyGen itself refused the connection: "not yet", retried until the deadline. A refusing proxy is the runner's own set-up,
 * which waiting does not mend: it keeps the bounded attempts.
 */
function heygenRefused(error: NetworkError, url: string): boolean {
  return error.kind === 'refused' && proxyFor(url) === undefined
}

/** Why a generate call could not go before the step's deadline, in the user's words. */
function limitedBy(notYet: number, refusal: string | undefined, cap: number | undefined): string {
  if (refusal) return `HeyGen was still refusing connections (${refusal})`
  if (cap !== undefined)
    return `HeyGen was still rate-limiting (429): it accepts ${cap} render${cap === 1 ? '' : 's'} at once for this key, and this step's were still rendering`
  if (notYet > 0) return 'HeyGen was still rate-limiting (429)'
  return 'its turn had not come'
}

/** The step's deadline came before a generate call could be sent, or while HeyGen still answered "not yet" (429, refused). */
function stillLimited(what: string, cause: string, mayHaveStarted: boolean): HeyGenError {
  if (mayHaveStarted) return new HeyGenError(`${what}: ${cause} when the step reached its deadline (wait_timeout)`, { mayHaveStarted: true })
  return new HeyGenError(
    `${what}: ${cause} when the step reached its deadline (wait_timeout); nothing was paid for this proofread (no generate call started a job)`,
    { mayHaveStarted: false },
  )
}

function networkFailure(what: string, error: NetworkError): HeyGenError {
  if (error.kind === 'cancelled') return new HeyGenError(`${what}: cancelled`, { mayHaveStarted: true })
  if (error.notSent) return new HeyGenError(`${what} failed: ${error.message}; nothing was sent, so no job started`, { mayHaveStarted: false })
  // What this means for the user's money is said once, where the failure is reported (proofread.ts).
  return new HeyGenError(`${what} failed: ${error.message}`, { mayHaveStarted: true })
}

function dataOf(response: HttpResponse, what: string): Record<string, unknown> {
  const body = parseJson(response.text)
  const apiError = readApiError(body)
  const data = (body as { data?: unknown } | undefined)?.data
  if (body === undefined || apiError || !data || typeof data !== 'object') throw failureFromResponse(response, what, false)
  return data as Record<string, unknown>
}

/**
 * A paid call answered with an id HeyGen could not have issued (a line break, a workflow command...): the job may
 * exist, but the id is never put in a path, a URL or a resume block, only shown escaped.
 */
function unusableJobId(response: HttpResponse, what: string, id: string): HeyGenError {
  return new HeyGenError(
    `${what}: HeyGen answered HTTP ${response.status} with a video_translate_id that is not a usable id ("${described(id)}"), so it is used in no path, link or resume step (look the job up in HeyGen to resume it)`,
    { status: response.status, mayHaveStarted: true, ...withRequestId(response) },
  )
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function withRequestId(response: HttpResponse): { requestId?: OutsideText } {
  const requestId = requestIdOf(response)
  return requestId ? { requestId } : {}
}
