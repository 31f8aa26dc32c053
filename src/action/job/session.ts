// What every call of one step shares: one undici dispatcher (with request_timeout's limits), the cancel signal,
// one rate-limit pause (HeyGen limits per account) and the API version choice.
import { RateLimitPause } from '../../heygen/retry.js'
import { linkPolicyFor } from '../../transport/addresses.js'
import { createDispatcher } from '../../transport/dispatcher.js'
import type { Transport } from '../../transport/http.js'
import { PRODUCTION_TIMING, type StepTiming } from '../../util/timing.js'
import { USER_AGENT } from '../../version.js'
import { ApiVersions, AutoChoice } from './api-versions.js'
import type { Config } from '../config/inputs.js'
import * as runner from '../runner/runner.js'
import { Spending } from '../report/spending.js'

export interface Session {
  transport: Transport
  pause: RateLimitPause
  /** The step's timing (retry floor, backoff, deadline grace...): production's unless a test shrinks it. */
  timing: StepTiming
  /** A step-wide client set for calls that belong to no proofread (the preflight). */
  versions: ApiVersions
  /** Versions for one proofread's calls: its retries are logged through its own log. */
  versionsFor(onRetry: (message: string) => void): ApiVersions
  close(): Promise<void>
}

export interface SessionOptions {
  /** Counts the step's generate calls and replays, for the line that ends the run. */
  spending?: Spending | undefined
  /** The workflow run's attempt, when in one (a re-run under auto sends v3 first). */
  runAttempt?: number | undefined
  /** The step's timing; production's when not given. */
  timing?: StepTiming | undefined
  /** Where facts the step learns go for the summary (its StepRun). */
  notes?: { addNote(note: string): void } | undefined
}

export function openSession(config: Config, signal: AbortSignal, options: SessionOptions = {}): Session {
  // File links are checked on the address they connect to; the API origin is the user's choice.
  const dispatcher = createDispatcher(config.timing.requestTimeoutMs, process.env, linkPolicyFor(config.heygen.baseUrl))
  const transport: Transport = { userAgent: USER_AGENT, timeoutMs: config.timing.requestTimeoutMs, signal, dispatcher }
  // wait_timeout is the step's own deadline, counted from here: every retry and wait of the step ends by it.
  const pause = new RateLimitPause({
    deadline: Date.now() + config.timing.waitTimeoutMs,
    watchesRenders: config.work.wait,
    onCapLearned: (cap) => capLearned(cap, notes),
  })
  const { spending = new Spending(), runAttempt, timing = PRODUCTION_TIMING, notes } = options
  // One notice per step about the retired v2, however many proofreads learn it.
  const auto = new AutoChoice((message) => runner.notice(message), runAttempt !== undefined && runAttempt > 1 ? runAttempt : undefined)
  const onGenerate = (event: 'sent' | 'replayed') => spending.count(event)
  return {
    transport,
    pause,
    timing,
    versions: new ApiVersions(config, transport, pause, auto, (message) => runner.warning(message), onGenerate, timing),
    versionsFor: (onRetry) => new ApiVersions(config, transport, pause, auto, onRetry, onGenerate, timing),
    // Open keep-alive connections would hold the process up after the last answer.
    close: () => dispatcher.close().catch(() => {}),
  }
}

/** Said once per step, in the log and the summary: why the step sends fewer generate calls at once than it could. */
function capLearned(cap: number, notes: SessionOptions['notes']): void {
  const message = `HeyGen accepted ${cap} render${cap === 1 ? '' : 's'} at once for this key; the others wait their turn`
  runner.info(message)
  notes?.addNote(`${message} (HeyGen's plan cap: a generate call above it is answered 429).`)
}
