// Polls a job until HeyGen says it succeeded or failed, or the deadline passes. Expected outcomes
// come back as values; only a failure that waiting cannot fix (401, 404...) is thrown.
import { type HeyGenClient, RetryableError } from '../../heygen/client.js'
import type { TranslationStatus } from '../../heygen/status.js'
import { formatElapsed } from '../../util/format.js'
import { backoffFor, retrying } from '../../util/retry.js'
import { sleep } from '../../util/sleep.js'
import { PRODUCTION_TIMING, type StepTiming } from '../../util/timing.js'
import type { Log } from '../runner/log.js'

/** A success whose link is not there yet (HeyGen's CDN lags the job): asked again this many times before it counts as done. */
export const LATE_LINK_POLLS = PRODUCTION_TIMING.lateLinkPolls

export type WaitOutcome = { done: true; status: TranslationStatus } | { done: false; reason: 'timeout'; last?: TranslationStatus }

export interface WaitOptions {
  timeoutMs: number
  pollIntervalMs: number
  signal: AbortSignal
  log: Log
  /** A progress line at least this often while nothing changes (a line per poll would drown the log). */
  progressEveryMs?: number
  /** Told every answer, so the step can report HeyGen's last word even if it is cancelled or times out. */
  onStatus?: (status: TranslationStatus) => void
  /** The retry floor, backoff and late-link polls; the client's (production's unless a test shrinks it) when not given. */
  timing?: StepTiming
}

export async function waitForTranslation(client: HeyGenClient, videoTranslateId: string, options: WaitOptions): Promise<WaitOutcome> {
  const started = Date.now()
  // wait_timeout is the step's deadline: a wait that starts late (after a turn under the plan's cap) ends with the step.
  const deadline = Math.min(started + options.timeoutMs, client.deadline)
  // A test's fake client may carry no timing: production's then.
  const clientTiming: StepTiming | undefined = client.timing
  const timing = options.timing ?? clientTiming ?? PRODUCTION_TIMING
  const progressEveryMs = options.progressEveryMs ?? timing.progressEveryMs
  let last: TranslationStatus | undefined
  let lastLine = 0
  let failures = 0
  let warnedUnknown = false
  let linkPolls = 0
  // Set when a failed status call could not be retried before the deadline: the wait ends with what it saw last.
  let outOfTime = false
  // A failed status call is retried by the one retry loop, never sooner than poll_interval and never past the deadline.
  const checkStatus = (): Promise<TranslationStatus> =>
    retrying(() => client.getStatus(videoTranslateId), {
      // Free calls: retried for as long as there is time, not a number of times.
      maxAttempts: Number.POSITIVE_INFINITY,
      timing,
      classify: (error) => {
        if (!(error instanceof RetryableError) || error.cancelled) return undefined
        failures++
        // Status calls are free but rate-limited: a failure never makes them more frequent than poll_interval.
        const delay = Math.max(options.pollIntervalMs, error.retryAfterMs ?? backoffFor(failures, timing))
        if (failures === 1 || failures % 5 === 0) options.log.warning(`${error.message}; trying again (failure ${failures})`)
        // A failed call is never retried sooner than its delay (a second at least), not even to squeeze one in before the deadline.
        const left = deadline - Date.now()
        if (left <= 0 || left < delay) {
          outOfTime = true
          return undefined
        }
        return { counted: true, retryAfterMs: delay }
      },
      signal: options.signal,
    })
  for (;;) {
    let status: TranslationStatus
    try {
      status = await checkStatus()
    } catch (error) {
      if (!outOfTime) throw error
      // A success still without its link at the deadline is done: the caller reports the missing link, with the resume hint.
      if (deadline - Date.now() <= 0 && last?.state === 'success') return { done: true, status: last }
      return last ? { done: false, reason: 'timeout', last } : { done: false, reason: 'timeout' }
    }
    if (failures > 0) options.log.info(`Status calls answer again after ${failures} failure(s)`)
    failures = 0
    options.onStatus?.(status)
    // A link that came but is unusable (not http(s)) is reported at once, not waited for.
    const linkLate = status.state === 'success' && !status.videoUrl && !status.unusableLinks?.length && linkPolls < timing.lateLinkPolls
    if (linkLate) {
      linkPolls++
      options.log.info(
        `HeyGen reported ${videoTranslateId} ${status.raw} without a video link yet; asking again (${linkPolls} of ${timing.lateLinkPolls})`,
      )
    } else if (status.state === 'success' || status.state === 'failed') {
      for (const link of status.unusableLinks ?? []) options.log.warning(`HeyGen reported ${videoTranslateId} ${status.raw}, but ${link}`)
      return { done: true, status }
    }
    // An empty word (`data: null`) is HeyGen not knowing yet; only a word it does not document is worth a warning.
    if (status.state === undefined && status.raw !== '' && !warnedUnknown) {
      warnedUnknown = true
      options.log.warning(`HeyGen reported an undocumented status "${status.raw}" for ${videoTranslateId}; treating it as still in progress`)
    }
    const now = Date.now()
    if (status.raw !== last?.raw || now - lastLine >= progressEveryMs) {
      options.log.info(`${videoTranslateId}: ${status.raw || 'no status yet'} after ${formatElapsed(now - started)}`)
      lastLine = now
    }
    last = status
    const left = deadline - Date.now()
    // A success still without its link at the deadline is done: the caller reports the missing link, with the resume hint.
    if (left <= 0 && last.state === 'success') return { done: true, status: last }
    if (left <= 0) return { done: false, reason: 'timeout', last }
    await sleep(Math.min(options.pollIntervalMs, left), options.signal)
  }
}
