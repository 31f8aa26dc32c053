// A local stand-in for HeyGen's video-translate API (v2 and v3) plus a file host on another origin.
// Tests pick HeyGen's behaviour through tokens in the proofread id: see sandbox/tokens.ts and sandbox/README.md.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createSecureServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createGzip } from 'node:zlib'
import {
  type Answer,
  type ApiVersion,
  BAD_GATEWAY_HTML,
  captionText,
  errorAnswer,
  json,
  notFoundRoute,
  PROOFREAD_FAILURE,
  RENDER_FAILURE,
  retiredPage,
  s3Error,
} from './answers.ts'
import { type GenerateBody, parseGenerateBody } from './generate-body.ts'
import type { SavedJob } from './saved-jobs.ts'
import { echoKeyMessage, echoKeyPage, EVIL_STATUS, EVIL_URL, evilJobId, failureMessage, hostileLanguage } from './hostile-answers.ts'
import { hostileToken, serveHostile } from './hostile-files.ts'
import { type BucketLog, rateLimiter } from './rate-limiter.ts'
import { AccountBook, quotaAnswer, type SandboxAccount } from './account.ts'
import { hasToken, LANGUAGES, limitToken, numberToken, outputLanguage, poll503Token, statusToken, videoSize } from './tokens.ts'
import { expectedVideoSha256, videoPieces, writeVideo } from './video-bytes.ts'

export { expectedVideoSha256 } from './video-bytes.ts'
export type { SandboxAccount } from './account.ts'

export interface SandboxOptions {
  host?: string
  port?: number
  filePort?: number
  /** Delay before every generate answer. */
  generateDelayMs?: number
  pendingPolls?: number
  runningPolls?: number
  retryAfterSeconds?: number
  /** Port of the file host's HTTPS origin (default: any free port). */
  secureFilePort?: number
  /** The gap of the hostile file host's trickles (`trickle-head`, `trickle-body`; hints and trailers scale with it): TRICKLE_MS by default. */
  trickleMs?: number
  /** Paces every video body the file host sends to this many bytes per second (default: as fast as possible). */
  fileRateBytesPerSecond?: number
  /** HeyGen after the v2 sunset: every /v2/ route answers this status with an HTML page, and starts nothing. */
  v2Retired?: 404 | 410
  /** Every proofread id is known, not only the demo pattern's (for tests of how any id is encoded). */
  anyProofread?: boolean
  /** The plan's cap: at most this many jobs render at once; a generate call above it answers 429 with Retry-After (`cap-N`). */
  planCap?: number
  /** How long every render takes, in ms from the generate call (`render-MS`); unset, a job moves by status calls alone. */
  renderMs?: number
  /** A 429 storm: this fraction (0 to 1) of generate and proofread detail calls answer 429 with Retry-After (`storm-P`, in percent). */
  rateLimitStorm?: number
  /** Seed of the storm's choices, so a run can be repeated (default 1). */
  stormSeed?: number
  /** A token bucket of this many API requests a second per key, every route (`rate-R` in the key): rate-limiter.ts. */
  rateLimit?: number
  /** The account GET /v3/users/me describes, charged per new job (default: a USD wallet of $1000.00, jobs free). */
  account?: SandboxAccount
  /** Jobs an earlier sandbox saved (`savedJobs()`, sandbox/saved-jobs.ts): known again, as far as their status calls had moved them. */
  jobs?: readonly SavedJob[]
  log?: (line: string) => void
}

/**
 * The proofread ids the sandbox knows (HeyGen would answer 404 for any other): letters, digits, `-`, `_` and `.`, at
 * most 200, as HeyGen's own (`8ce0fba6c1bf41339f991dcc0a0fc3e6-es`) and every demo id (`demo-status-402-es`) are. A
 * link, a path or text with spaces is unknown.
 */
export const DEMO_PROOFREAD_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/

/** The committed self-signed certificate (localhost, 127.0.0.1, ::1) the HTTPS file host serves: see test/fixtures/README.md. */
export const FILE_HOST_CERT = fileURLToPath(new URL('../test/fixtures/file-host.crt', import.meta.url))
const FILE_HOST_KEY = fileURLToPath(new URL('../test/fixtures/file-host.key', import.meta.url))
/** `big-answer`: the size of every status answer, five times the 1 MiB an API answer may take. */
export const BIG_ANSWER_BYTES = 5 * 1024 * 1024
/** The translated audio track a completed v3 job links to (`audio_url`). */
export const AUDIO_BYTES = 64 * 1024
const OK_ERROR_WITH_ID = 'Captions are not available for this language; the video is being generated without them.'

/** The bytes of a job's audio track are a video's bytes under another name. */
function audioSeed(jobId: string): string {
  return `audio-${jobId}`
}

/** sha256 hex of the audio track the file host serves for a job. */
export function expectedAudioSha256(jobId: string): string {
  return expectedVideoSha256(audioSeed(jobId), AUDIO_BYTES)
}

export interface RecordedRequest {
  server: 'api' | 'files'
  method: string
  /** Raw path and query as received on the wire, not normalised. */
  path: string
  headers: Record<string, string | string[] | undefined>
  body: string
  json?: unknown
  at: number
  /** True when it came over the file host's HTTPS origin. */
  tls?: boolean
}

export interface SandboxJob {
  id: string
  proofreadId: string
  version: 'v2' | 'v3'
  body: unknown
  idempotencyKey?: string
  statusCalls: number
  createdAt: number
}

export interface Sandbox {
  url: string
  fileUrl: string
  /** The file host's HTTPS origin (the committed test certificate; trust it with NODE_EXTRA_CA_CERTS=FILE_HOST_CERT). */
  secureFileUrl: string
  requests: RecordedRequest[]
  /** Calls of the free account route (GET /v3/users/me), kept out of `requests`. */
  accountRequests: RecordedRequest[]
  fileRequests: RecordedRequest[]
  jobs: SandboxJob[]
  generateCalls(proofreadId?: string): RecordedRequest[]
  /** The free proofread detail calls (GET /v3/video-translations/proofreads/{id}), for one proofread id or all. */
  detailCalls(proofreadId?: string): RecordedRequest[]
  /** What the rate limiter let through and refused for a key (`rateLimit` or `rate-R`). */
  rateLog(apiKey: string): BucketLog
  /** Makes a proofread id outside the demo pattern known until the next reset (a test of an odd id). */
  knowProofread(proofreadId: string): void
  /** From now on, every /v2/ route answers this status (gone), or answers again (undefined); reset() restores the option. */
  setV2Retired(status: 404 | 410 | undefined): void
  /** Every job with how far its status calls moved it, for a later sandbox's `jobs` option (`npm start -- --state DIR`). */
  savedJobs(): SavedJob[]
  reset(): void
  close(): Promise<void>
}

type Stage = 'queued' | 'pending' | 'running' | 'done' | 'failed'

interface JobState {
  job: SandboxJob
  body: GenerateBody
  /** Status calls answered 200 (the 503s of poll-503-N and flap do not move the job). */
  answered: number
  stage?: Stage
  firstVideoSig?: string
  /** Finished answers so far (`late-link` leaves the first without its link). */
  doneAnswers?: number
}

/** `hang` and `reset` leave the request without an answer. */
type Outcome = Answer | 'hang' | 'reset'

type Replay = { state: 'in-flight' } | { state: 'done'; answer: Answer }

const GENERATE_ROUTES: Array<{ version: ApiVersion; pattern: RegExp }> = [
  { version: 'v2', pattern: /^\/v2\/video_translate\/proofread\/([^/]+)\/generate$/ },
  { version: 'v3', pattern: /^\/v3\/video-translations\/proofreads\/([^/]+)\/generate$/ },
]
const V2_CAPTION = '/v2/video_translate/caption'
const V2_STATUS = /^\/v2\/video_translate\/([^/]+)$/
const V3_STATUS = /^\/v3\/video-translations\/([^/]+)$/
const V3_PROOFREAD = /^\/v3\/video-translations\/proofreads\/([^/]+)$/
const V3_LANGUAGES = '/v3/video-translations/languages'
const ACCOUNT = '/v3/users/me'
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_\-:.]{1,255}$/
const BAD_KEY = 'sandbox-bad-key'

function splitPath(raw: string): { pathname: string; query: URLSearchParams } {
  const at = raw.indexOf('?')
  return at < 0 ? { pathname: raw, query: new URLSearchParams() } : { pathname: raw.slice(0, at), query: new URLSearchParams(raw.slice(at + 1)) }
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

function matchGenerate(pathname: string): { version: ApiVersion; rawId: string } | undefined {
  for (const route of GENERATE_ROUTES) {
    const rawId = route.pattern.exec(pathname)?.[1]
    if (rawId !== undefined) return { version: route.version, rawId }
  }
  return undefined
}

/** A request's whole body as text (the GitHub stand-in reads its JSON bodies the same way). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    // A client that gives up mid-body still gets its request recorded with what arrived.
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')))
  })
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Only 2xx and 4xx outcomes are kept for an idempotent replay: after a 5xx or 429 the retry runs again. */
function replayable(status: number): boolean {
  return (status >= 200 && status < 300) || (status >= 400 && status < 500 && status !== 429)
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.headersSent || res.destroyed) return
  res.statusCode = answer.status
  res.setHeader('Content-Type', answer.contentType ?? 'application/json')
  res.setHeader('Content-Length', Buffer.byteLength(answer.body))
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value)
  res.end(answer.body)
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

function origin(host: string, port: number, scheme: 'http' | 'https' = 'http'): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/**
 * `ms` on the global setTimeout as it is when called, not node:timers/promises's: on an in-process story's faster clock
 * (test/inproc/faster-clock.ts) the sandbox's delays (slow answers, trickled bodies) shrink with the step's waits.
 */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = (): void => {
      clearTimeout(timer)
      reject(signal.reason as Error)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop)
      resolve()
    }, ms)
    if (signal.aborted) stop()
    else signal.addEventListener('abort', stop, { once: true })
  })
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1'
  const pendingPolls = options.pendingPolls ?? 1
  const runningPolls = options.runningPolls ?? 1
  const retryAfterSeconds = options.retryAfterSeconds ?? 1
  const log = options.log ?? (() => {})
  const closing = new AbortController()
  const sleep = (ms: number): Promise<void> => (ms > 0 ? pause(ms, closing.signal) : Promise.resolve())

  const requests: RecordedRequest[] = []
  const accountRequests: RecordedRequest[] = []
  const fileRequests: RecordedRequest[] = []
  const jobs: SandboxJob[] = []
  const known = new Set<string>()
  const knows = (id: string) => options.anyProofread === true || DEMO_PROOFREAD_ID.test(id) || known.has(id)
  const states = new Map<string, JobState>()
  const attempts = new Map<string, number>()
  /** Proofread detail calls per proofread id (for `proofread-503-N`). */
  const detailAttempts = new Map<string, number>()
  /** v3 generate calls per proofread id (for `paid-then-500-N`). */
  const downCalls = new Map<string, number>()
  /** `setV2Retired` changes this between two runs of one test (a re-run attempt meeting another HeyGen). */
  let v2Retired = options.v2Retired
  const startedAt = Date.now()
  const replays = new Map<string, Replay>()
  /** Every signed link issued: sig → the path it signs. */
  const signatures = new Map<string, string>()
  let requestCount = 0
  let jobCount = 0
  let sigCount = 0
  let fileUrl = ''
  let secureFileUrl = ''
  const stormRandom = seededRandom(options.stormSeed ?? 1)
  const limiter = rateLimiter(options.rateLimit)
  const book = new AccountBook(options.account)
  restoreJobs()

  /** Takes back the `jobs` option's jobs; their links are signed on this sandbox's file host when a status call asks. */
  function restoreJobs(): void {
    for (const saved of options.jobs ?? []) {
      const { answered, stage, doneAnswers, linkIssued, ...fields } = saved
      const job: SandboxJob = { ...fields }
      jobs.push(job)
      // A sig no link of this sandbox has: `expire-once` expired the first link on the earlier run already.
      states.set(job.id, { job, body: saved.body, answered, stage, doneAnswers, firstVideoSig: linkIssued ? 'earlier-sandbox' : undefined })
    }
    jobCount = Math.max(jobCount, jobs.length)
  }

  /** The render time of a proofread's jobs, if it has one (a token wins over the option). */
  function renderMsOf(proofreadId: string): number | undefined {
    return numberToken(proofreadId, 'render') ?? options.renderMs
  }

  /** A job the plan counts against its cap: timed renders until their time is up, the others until a status call saw them end. */
  function rendering(state: JobState): boolean {
    const ms = renderMsOf(state.job.proofreadId)
    if (ms !== undefined) return Date.now() - state.job.createdAt < ms
    return state.stage !== 'done' && state.stage !== 'failed'
  }

  /** `storm-P` or the option: whether this call is one of the storm's 429s. */
  function inStorm(proofreadId: string): boolean {
    const percent = numberToken(proofreadId, 'storm')
    const fraction = percent !== undefined ? percent / 100 : (options.rateLimitStorm ?? 0)
    return fraction > 0 && stormRandom() < fraction
  }

  function tooManyRequests(version: ApiVersion, id?: string): Answer {
    return errorAnswer(version, 429, {}, id, { 'Retry-After': String(retryAfterSeconds) })
  }

  // ---- API: generate ----

  async function generate(req: IncomingMessage, res: ServerResponse, version: ApiVersion, rawId: string, text: string): Promise<void> {
    const proofreadId = decode(rawId)
    if (proofreadId === undefined) {
      return send(res, errorAnswer(version, 400, { message: 'proofread_id is not valid percent-encoding.', param: 'proofread_id' }))
    }
    const parsed = parseGenerateBody(version, text)
    if ('error' in parsed) return send(res, errorAnswer(version, 400, parsed.error, proofreadId))

    const header = req.headers['idempotency-key']
    const key = version === 'v3' && typeof header === 'string' ? header : undefined
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      return send(
        res,
        errorAnswer(version, 400, { message: 'Idempotency-Key must be 1-255 characters of A-Z a-z 0-9 _ - : .', param: 'Idempotency-Key' }),
      )
    }
    // HeyGen scopes a key per route and proofread id.
    const scope = key === undefined ? undefined : `${version} ${proofreadId} ${key}`
    const paidThenDown = version === 'v3' ? numberToken(proofreadId, 'paid-then-500') : undefined
    if (paidThenDown !== undefined) {
      // `paid-then-500-N`: the first v3 call starts the job (a replay of its key returns it) but its answer is lost
      // in a 500, and so are the next N-1 calls: the client cannot know the job exists.
      const call = (downCalls.get(proofreadId) ?? 0) + 1
      downCalls.set(proofreadId, call)
      if (call === 1 && scope !== undefined) {
        const job = createJob(version, proofreadId, parsed.body, key)
        replays.set(scope, { state: 'done', answer: json(200, { data: { video_translation_id: job.id, status: 'processing' } }) })
      }
      if (call <= paidThenDown) return send(res, errorAnswer(version, 500))
    }
    const previous = scope === undefined ? undefined : replays.get(scope)
    if (previous !== undefined) {
      await sleep(options.generateDelayMs ?? 0)
      if (previous.state === 'in-flight') {
        return send(
          res,
          errorAnswer(version, 409, {
            code: 'request_in_progress',
            message: 'A request with this Idempotency-Key is still in progress.',
          }),
        )
      }
      return send(res, { ...previous.answer, headers: { ...previous.answer.headers, 'Idempotent-Replayed': 'true' } })
    }
    if (scope !== undefined) replays.set(scope, { state: 'in-flight' })

    await sleep(options.generateDelayMs ?? 0)
    const apiKey = String(req.headers['x-api-key'] ?? '')
    const outcome = await decide(version, proofreadId, parsed.body, req.url ?? '', key, apiKey)
    if (scope !== undefined && outcome !== 'hang') {
      if (typeof outcome === 'object' && replayable(outcome.status)) replays.set(scope, { state: 'done', answer: outcome })
      else replays.delete(scope)
    }
    if (outcome === 'hang') return log(`api: ${req.method} ${req.url} hangs on purpose`)
    if (outcome === 'reset') return void req.socket.destroy()
    send(res, outcome)
  }

  /** HeyGen's answer to a generate call, chosen by the tokens in the proofread id (first match wins). */
  async function decide(version: ApiVersion, id: string, body: GenerateBody, rawPath: string, key?: string, apiKey = ''): Promise<Outcome> {
    const attempt = (attempts.get(id) ?? 0) + 1
    attempts.set(id, attempt)
    if (!knows(id)) return errorAnswer(version, 404, { message: 'Proofread not found.' }, id)
    // A careless server quoting the key back: the action must never print it, whole or cut.
    if (hasToken(id, 'echo-key-page')) return { status: 400, contentType: 'text/html', body: echoKeyPage(apiKey) }
    if (hasToken(id, 'echo-key-401')) return errorAnswer(version, 401, { message: echoKeyMessage(apiKey) }, id)
    if (hasToken(id, 'echo-key')) return errorAnswer(version, 400, { message: echoKeyMessage(apiKey), param: 'x-api-key' }, id)
    const status = statusToken(id)
    // `with-id`: the failure still carries a new job's id (HeyGen started it whatever the status says).
    if (status !== undefined && hasToken(id, 'with-id')) return errorWithJob(version, status, createJob(version, id, body, key))
    if (status !== undefined) return errorAnswer(version, status, {}, id)
    // `quota` / `trial-limit`: a used-up quota answers 429 too (with Retry-After), and no wait mends it.
    const quota = quotaAnswer(version, id)
    if (quota) return quota
    if (inStorm(id)) return tooManyRequests(version, id)
    const cap = numberToken(id, 'cap') ?? options.planCap
    if (cap !== undefined && [...states.values()].filter(rendering).length >= cap) return tooManyRequests(version, id)
    const limit = limitToken(id)
    if (limit !== undefined && attempt <= limit.count) {
      const retryAfter = limit.httpDate
        ? new Date((Math.ceil((Date.now() + retryAfterSeconds * 1000) / 1000) + 1) * 1000).toUTCString()
        : String(retryAfterSeconds)
      return errorAnswer(version, 429, {}, id, { 'Retry-After': retryAfter })
    }
    const flaky = numberToken(id, 'flaky')
    if (flaky !== undefined && attempt <= flaky) return errorAnswer(version, 500, {}, id)
    if (hasToken(id, 'html-502')) return { status: 502, contentType: 'text/html', body: BAD_GATEWAY_HTML }
    const idField = version === 'v2' ? 'video_translate_id' : 'video_translation_id'
    if (hasToken(id, 'malformed')) return { status: 200, body: `{"data": {"${idField}": ` }
    if (hasToken(id, 'ok-error-with-id')) {
      // Both an error and a job: the job exists (and is paid for) whatever the error says.
      const job = createJob(version, id, body, key)
      const data = version === 'v2' ? { video_translate_id: job.id, status: 'processing' } : { video_translation_id: job.id, status: 'processing' }
      return json(200, { error: version === 'v2' ? OK_ERROR_WITH_ID : { code: 'partial_success', message: OK_ERROR_WITH_ID }, data })
    }
    if (hasToken(id, 'ok-error')) return json(200, { error: 'Proofread is not approved yet', data: null })
    if (hasToken(id, 'no-id')) {
      return json(200, version === 'v2' ? { error: null, data: { status: 'processing' } } : { data: { status: 'processing' } })
    }
    if (hasToken(id, 'hang')) return 'hang'
    if (hasToken(id, 'reset')) return 'reset'
    // `redirect-N` belongs to the file host.
    if (hasToken(id, 'redirect') && numberToken(id, 'redirect') === undefined)
      return json(307, { error: null, data: null }, { Location: `${fileUrl}${rawPath}` })
    await sleep(numberToken(id, 'slow') ?? 0)

    const job = createJob(version, id, body, key)
    // The v3 contract's ProofreadStatus enum (processing, completed, failed) allows `processing`; `sparse` leaves it out.
    const started = hasToken(id, 'sparse') ? {} : { status: 'processing' }
    return json(
      200,
      version === 'v2' ? { error: null, data: { video_translate_id: job.id, ...started } } : { data: { video_translation_id: job.id, ...started } },
    )
  }

  /** An error answer that also names the job it started. */
  function errorWithJob(version: ApiVersion, status: number, job: SandboxJob): Answer {
    const answer = JSON.parse(errorAnswer(version, status).body) as Record<string, unknown>
    const idField = version === 'v2' ? 'video_translate_id' : 'video_translation_id'
    return json(status, { ...answer, data: { [idField]: job.id, status: 'processing' } })
  }

  /** A successful generate: a new job, and a payment. */
  function createJob(version: ApiVersion, proofreadId: string, body: GenerateBody, key?: string): SandboxJob {
    const n = ++jobCount
    const job: SandboxJob = {
      id: hasToken(proofreadId, 'evil-id') ? evilJobId(n) : `vt-${randomBytes(4).toString('hex')}-${n}`,
      proofreadId,
      version,
      body,
      idempotencyKey: key,
      statusCalls: 0,
      createdAt: Date.now(),
    }
    jobs.push(job)
    book.charge()
    states.set(job.id, { job, body, answered: 0 })
    return job
  }

  // ---- API: proofread detail (free) ----

  function proofreadDetail(rawId: string): Answer {
    const id = decode(rawId)
    if (id === undefined) return errorAnswer('v3', 400, { message: 'proofread_id is not valid percent-encoding.', param: 'proofread_id' })
    const call = (detailAttempts.get(id) ?? 0) + 1
    detailAttempts.set(id, call)
    if (call <= (numberToken(id, 'proofread-503') ?? 0)) return errorAnswer('v3', 503)
    if (inStorm(id)) return tooManyRequests('v3')
    if (!knows(id) || hasToken(id, 'proofread-missing')) return errorAnswer('v3', 404, { message: 'Proofread not found.' })
    const failed = hasToken(id, 'proofread-failed')
    const status = failed ? 'failed' : hasToken(id, 'proofread-processing') ? 'processing' : 'completed'
    const data = {
      id,
      title: `Sandbox proofread ${id}`,
      status,
      output_language: hostileLanguage(id) ?? outputLanguage(id),
      created_at: Math.floor(startedAt / 1000) - 3600,
      // `sparse`: as HeyGen's skill saw it live, without input_language, submitted_for_review, or a null failure_message.
      ...(hasToken(id, 'sparse') ? {} : { input_language: 'English', submitted_for_review: status === 'completed' }),
      ...(failed || !hasToken(id, 'sparse') ? { failure_message: failed ? PROOFREAD_FAILURE : null } : {}),
    }
    return json(200, { data })
  }

  // ---- API: status and captions ----

  function stageOf(state: JobState): Stage {
    const id = state.job.proofreadId
    const n = state.answered
    if (n === 1 && hasToken(id, 'unknown-status')) return 'queued'
    const renderMs = renderMsOf(id)
    if (renderMs !== undefined && Date.now() - state.job.createdAt < renderMs) return n <= pendingPolls ? 'pending' : 'running'
    if (renderMs === undefined && n <= pendingPolls) return 'pending'
    if ((renderMs === undefined && n <= pendingPolls + runningPolls) || hasToken(id, 'never-finishes')) return 'running'
    return failureMessage(id, RENDER_FAILURE) !== undefined ? 'failed' : 'done'
  }

  /** Issues a fresh signed link on the file host, as HeyGen does on every status call. */
  function sign(path: string, base = fileUrl): string {
    const sig = String(++sigCount)
    signatures.set(sig, path)
    return `${base}${path}?sig=${sig}`
  }

  function videoLink(state: JobState): string {
    const id = state.job.proofreadId
    if (hasToken(id, 'evil-url')) return EVIL_URL
    const secure = hasToken(id, 'https-to-http') || hasToken(id, 'https-link')
    const link = sign(`/videos/${encodeURIComponent(state.job.id)}.mp4`, secure ? secureFileUrl : fileUrl)
    state.firstVideoSig ??= String(sigCount)
    return link
  }

  function hasCaptions(state: JobState): boolean {
    return state.body.captions === true && state.stage === 'done' && !hasToken(state.job.proofreadId, 'no-captions')
  }

  function status(version: ApiVersion, rawId: string): Answer {
    const state = states.get(decode(rawId) ?? '')
    if (state === undefined) return errorAnswer(version, 404, { message: 'Video translation not found.' })
    const { job } = state
    const call = ++job.statusCalls
    // `data-null-N`: HeyGen answered, but with nothing in it; the job does not move.
    if (call <= (numberToken(job.proofreadId, 'data-null') ?? 0)) return json(200, { data: null })
    const outages = poll503Token(job.proofreadId) ?? 0
    const down = (call >= 2 && call <= 1 + outages) || (hasToken(job.proofreadId, 'flap') && call % 2 === 0)
    if (down) return errorAnswer(version, 503)
    state.answered++
    const stage = stageOf(state)
    state.stage = stage
    const done = stage === 'done'
    const failure = stage === 'failed' ? (failureMessage(job.proofreadId, RENDER_FAILURE) ?? RENDER_FAILURE) : null
    // `evil-status`: the first answer's status word is a runner command.
    const evil = state.answered === 1 && hasToken(job.proofreadId, 'evil-status') ? EVIL_STATUS : undefined
    const title = `Sandbox translation of ${job.proofreadId}`
    if (version === 'v2') {
      const word = evil ?? (done ? 'success' : stage)
      return json(200, {
        error: null,
        data: { video_translate_id: job.id, title, status: word, url: done ? videoLink(state) : null, message: failure },
      })
    }
    const captions = hasCaptions(state)
    const id = job.proofreadId
    // `late-link` (`late-link-N`): the first (N) finished answers have no link yet, as HeyGen's CDN can lag the job.
    const late = numberToken(id, 'late-link') ?? (hasToken(id, 'late-link') ? 1 : 0)
    if (done) state.doneAnswers = (state.doneAnswers ?? 0) + 1
    const linkReady = done && (state.doneAnswers ?? 0) > late
    const data: Record<string, unknown> = {
      id: job.id,
      title,
      // HeyGen's skill documents `succeeded` where the spec and CLI say `completed`.
      status: evil ?? (done ? (hasToken(id, 'succeeded') ? 'succeeded' : 'completed') : stage),
      output_language: hostileLanguage(id) ?? outputLanguage(id),
      input_language: 'English',
      duration: 42.5,
      translate_audio_only: state.body.translate_audio_only ?? false,
      // `audio-no-video`: a finished audio-only job with its audio link and no video link (sources disagree).
      video_url: linkReady && !hasToken(id, 'audio-no-video') ? videoLink(state) : null,
      audio_url: linkReady && !hasToken(id, 'no-audio') ? sign(`/audio/${encodeURIComponent(job.id)}.mp3`) : null,
      srt_caption_url: captions ? sign(`/captions/${encodeURIComponent(job.id)}.srt`) : null,
      vtt_caption_url: captions ? sign(`/captions/${encodeURIComponent(job.id)}.vtt`) : null,
      callback_id: state.body.callback_id ?? null,
      created_at: Math.floor(job.createdAt / 1000),
      // `failure-reason`: the field HeyGen's skill reads, in place of the spec's failure_message.
      ...(hasToken(id, 'failure-reason') ? { failure_reason: failure } : { failure_message: failure }),
    }
    return json(200, { data: hasToken(id, 'sparse') ? sparse(data) : data })
  }

  /** `sparse`: only the fields HeyGen always sends; the optional ones (null or not) are left out. */
  function sparse(data: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(data).filter(([name, value]) => ['id', 'status'].includes(name) || (value !== null && name.endsWith('_url'))),
    )
  }

  /** `big-answer`: the same answer, valid JSON, padded past BIG_ANSWER_BYTES in the message field. */
  function padded(version: ApiVersion, answer: Answer): Answer {
    const value = JSON.parse(answer.body) as { data?: Record<string, unknown> | null }
    if (value.data === null || value.data === undefined) return answer
    const field = version === 'v2' ? 'message' : 'failure_message'
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the sandbox's own answer: the field is a string or absent
    value.data[field] = `${String(value.data[field] ?? 'Padding')} ${'x'.repeat(BIG_ANSWER_BYTES)}`
    return { ...answer, body: JSON.stringify(value) }
  }

  function statusAnswer(version: ApiVersion, rawId: string): Answer {
    const answer = status(version, rawId)
    const state = states.get(decode(rawId) ?? '')
    return state !== undefined && answer.status === 200 && hasToken(state.job.proofreadId, 'big-answer') ? padded(version, answer) : answer
  }

  function v2Caption(query: URLSearchParams): Answer {
    const id = query.get('video_translate_id')
    if (!id) return errorAnswer('v3', 400, { message: "'video_translate_id' is required.", param: 'video_translate_id' })
    const type = query.get('caption_type')
    if (type !== 'vtt' && type !== 'srt') {
      return errorAnswer('v3', 400, { message: "'caption_type' must be 'vtt' or 'srt'.", param: 'caption_type' })
    }
    const state = states.get(id)
    if (state === undefined) return errorAnswer('v3', 404, { message: 'Video translation not found.' })
    if (!hasCaptions(state)) return errorAnswer('v3', 404, { message: 'No caption for this video translation (captions off, or not finished).' })
    return json(200, { error: null, data: { caption_url: sign(`/captions/${encodeURIComponent(id)}.${type}`) } })
  }

  // ---- API server ----

  async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now()
    res.setHeader('X-Request-Id', `req-${++requestCount}`)
    const text = await readBody(req)
    const path = req.url ?? ''
    // The free account route is kept apart: `requests` stays the video-translation calls the stories count.
    const recorded = splitPath(path).pathname === ACCOUNT ? accountRequests : requests
    recorded.push({ server: 'api', method: req.method ?? '', path, headers: { ...req.headers }, body: text, json: parseJson(text), at })
    logWhenDone('api', req, res)

    const key = req.headers['x-api-key']
    const { pathname, query } = splitPath(path)
    // A retired route is gone before any key check, as a gateway in front of the old API would answer.
    if (v2Retired !== undefined && pathname.startsWith('/v2/')) return send(res, retiredPage(v2Retired))
    const version: ApiVersion = pathname.startsWith('/v3/') ? 'v3' : 'v2'
    if (key === undefined || key === '') return send(res, errorAnswer(version, 401, { message: 'Missing x-api-key header.' }))
    if (key === BAD_KEY) return send(res, errorAnswer(version, 401))
    // The key's request budget comes before any route: a refused request reaches nothing.
    const token = limiter.take(String(key))
    if (!token.ok) return send(res, errorAnswer(version, 429, {}, '', { 'Retry-After': String(token.retryAfterSeconds) }))

    const gen = matchGenerate(pathname)
    if (gen !== undefined && req.method === 'POST') return generate(req, res, gen.version, gen.rawId, text)
    if (req.method === 'GET') {
      if (pathname === V2_CAPTION) return send(res, v2Caption(query))
      const v2 = V2_STATUS.exec(pathname)?.[1]
      if (v2 !== undefined) return send(res, statusAnswer('v2', v2))
      const proofread = V3_PROOFREAD.exec(pathname)?.[1]
      if (pathname === ACCOUNT) return send(res, book.answer())
      if (pathname === V3_LANGUAGES) return send(res, json(200, { data: { languages: Object.values(LANGUAGES) } }))
      if (proofread !== undefined) return send(res, proofreadDetail(proofread))
      const v3 = V3_STATUS.exec(pathname)?.[1]
      if (v3 !== undefined) return send(res, statusAnswer('v3', v3))
    }
    send(res, notFoundRoute(pathname))
  }

  // ---- File host (another origin, like HeyGen's signed storage links) ----

  async function handleFiles(req: IncomingMessage, res: ServerResponse, tls = false): Promise<void> {
    const at = Date.now()
    const text = await readBody(req)
    const path = req.url ?? ''
    const request: RecordedRequest = {
      server: 'files',
      method: req.method ?? '',
      path,
      headers: { ...req.headers },
      body: text,
      json: parseJson(text),
      at,
    }
    fileRequests.push(tls ? { ...request, tls } : request)
    logWhenDone(tls ? 'files (https)' : 'files', req, res)

    // Where `redirect` sends a generate call: answers like a success, so only the client's refusal protects the key.
    if (req.method === 'POST') {
      return send(res, json(200, { error: null, data: { video_translate_id: 'stolen', video_translation_id: 'stolen', status: 'processing' } }))
    }
    const { pathname, query } = splitPath(path)
    // Job ids are percent-encoded in the links (an `evil-id` holds a line break).
    const video = /^\/videos\/([^/]+)\.mp4$/.exec(pathname)?.[1]
    const caption = /^\/captions\/([^/]+)\.(vtt|srt)$/.exec(pathname)
    const audio = /^\/audio\/([^/]+)\.mp3$/.exec(pathname)?.[1]
    const state = states.get(decode(video ?? caption?.[1] ?? audio ?? '') ?? '')
    if ((req.method !== 'GET' && req.method !== 'HEAD') || state === undefined) {
      return send(res, s3Error(404, 'NoSuchKey', 'The specified key does not exist.'))
    }
    const sig = query.get('sig') ?? ''
    if (signatures.get(sig) !== pathname) {
      return send(res, s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.'))
    }
    if (caption?.[2] === 'vtt' || caption?.[2] === 'srt') {
      const type = caption[2]
      return send(res, { status: 200, contentType: type === 'vtt' ? 'text/vtt' : 'application/x-subrip', body: captionText(state.job.id, type) })
    }
    if (audio !== undefined) {
      res.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Content-Length': AUDIO_BYTES })
      if (req.method === 'HEAD') return void res.end()
      await writeVideo(res, audioSeed(state.job.id), { end: AUDIO_BYTES, sleep })
      return void res.end()
    }
    const id = state.job.proofreadId
    if (hasToken(id, 'expire-once') && sig === state.firstVideoSig) return send(res, s3Error(403, 'AccessDenied', 'Request has expired'))
    // A signed https link that sends the client to the same file over plain http.
    if (tls && hasToken(id, 'https-to-http')) return redirect(res, `${fileUrl}${path}`)
    const hops = numberToken(id, 'redirect')
    const hop = Number(query.get('hop') ?? '0')
    if (hops !== undefined && hop < hops) {
      return redirect(res, `${tls ? secureFileUrl : fileUrl}${pathname}?sig=${encodeURIComponent(sig)}&hop=${hop + 1}`)
    }

    const size = videoSize(id)
    const hostile = req.method === 'GET' ? hostileToken(id, hasToken) : undefined
    if (hostile !== undefined && req.socket)
      return serveHostile(hostile, { socket: req.socket, jobId: state.job.id, size, sleep, trickleMs: options.trickleMs })
    if (hasToken(id, 'gzip') && req.method === 'GET') return gzipVideo(res, state.job.id, size)
    res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': size })
    if (req.method === 'HEAD') return void res.end()
    if (hasToken(id, 'truncate')) {
      res.flushHeaders()
      await writeVideo(res, state.job.id, { end: Math.floor(size / 2), flush: true, sleep })
      return void res.socket?.destroy()
    }
    const slow = hasToken(id, 'slow-download')
    await writeVideo(res, state.job.id, {
      end: size,
      pieceSize: slow ? 64 * 1024 : undefined,
      pauseMs: slow ? 50 : 0,
      bytesPerSecond: options.fileRateBytesPerSecond,
      sleep,
    })
    res.end()
  }

  function redirect(res: ServerResponse, location: string): void {
    send(res, { status: 302, contentType: 'text/plain', body: `Found. Redirecting to ${location}`, headers: { Location: location } })
  }

  /** `gzip`: the video gzipped, whatever Accept-Encoding asked for. */
  async function gzipVideo(res: ServerResponse, jobId: string, size: number): Promise<void> {
    res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Encoding': 'gzip' })
    const gzip = createGzip()
    gzip.pipe(res)
    for (const piece of videoPieces(jobId, 0, size)) {
      if (res.destroyed) return void gzip.destroy()
      if (!gzip.write(piece)) await new Promise((resolve) => gzip.once('drain', resolve))
    }
    gzip.end()
  }

  // ---- plumbing ----

  function logWhenDone(server: string, req: IncomingMessage, res: ServerResponse): void {
    const start = Date.now()
    res.on('close', () => {
      const outcome = res.writableFinished ? String(res.statusCode) : 'closed without a complete answer'
      log(`${server} ${req.method} ${req.url} -> ${outcome} (${Date.now() - start} ms)`)
    })
  }

  function guard(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
    return (req: IncomingMessage, res: ServerResponse): void => {
      handler(req, res).catch((error: unknown) => {
        if (closing.signal.aborted) return
        log(`sandbox error: ${error instanceof Error ? error.stack : String(error)}`)
        if (res.headersSent) res.destroy()
        else send(res, errorAnswer('v3', 500, { message: 'Sandbox failure (see the sandbox log).' }))
      })
    }
  }

  const sockets = new Set<Socket>()
  const track = (socket: Socket): void => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }
  const api = createServer(guard(handleApi))
  const files = createServer(guard((req, res) => handleFiles(req, res)))
  const secureFiles = createSecureServer(
    { cert: readFileSync(FILE_HOST_CERT), key: readFileSync(FILE_HOST_KEY) },
    guard((req, res) => handleFiles(req, res, true)),
  )
  const servers = [api, files, secureFiles]
  for (const server of servers) server.on('connection', track)

  const ports: number[] = []
  for (const [server, port] of [
    [api, options.port],
    [files, options.filePort],
    [secureFiles, options.secureFilePort],
  ] as const) {
    try {
      ports.push(await listen(server, host, port ?? 0))
    } catch (error) {
      await Promise.all(servers.slice(0, ports.length).map((open) => new Promise((resolve) => open.close(resolve))))
      throw error
    }
  }
  const [apiPort = 0, filePort = 0, secureFilePort = 0] = ports
  fileUrl = origin(host, filePort)
  secureFileUrl = origin(host, secureFilePort, 'https')

  return {
    url: origin(host, apiPort),
    fileUrl,
    secureFileUrl,
    requests,
    accountRequests,
    fileRequests,
    jobs,
    generateCalls(proofreadId?: string): RecordedRequest[] {
      return requests.filter((request) => {
        const gen = request.method === 'POST' ? matchGenerate(splitPath(request.path).pathname) : undefined
        return gen !== undefined && (proofreadId === undefined || decode(gen.rawId) === proofreadId)
      })
    },
    detailCalls(proofreadId?: string): RecordedRequest[] {
      return requests.filter((request) => {
        const rawId = request.method === 'GET' ? V3_PROOFREAD.exec(splitPath(request.path).pathname)?.[1] : undefined
        return rawId !== undefined && (proofreadId === undefined || decode(rawId) === proofreadId)
      })
    },
    rateLog(apiKey: string): BucketLog {
      return limiter.log(apiKey)
    },
    knowProofread(proofreadId: string): void {
      known.add(proofreadId)
    },
    setV2Retired(status: 404 | 410 | undefined): void {
      v2Retired = status
    },
    savedJobs(): SavedJob[] {
      return [...states.values()].map(({ job, body, answered, stage, doneAnswers, firstVideoSig }) => ({
        id: job.id,
        proofreadId: job.proofreadId,
        version: job.version,
        body,
        ...(job.idempotencyKey === undefined ? {} : { idempotencyKey: job.idempotencyKey }),
        createdAt: job.createdAt,
        statusCalls: job.statusCalls,
        answered,
        ...(stage === undefined ? {} : { stage }),
        ...(doneAnswers === undefined ? {} : { doneAnswers }),
        linkIssued: firstVideoSig !== undefined,
      }))
    },
    reset(): void {
      known.clear()
      requests.length = 0
      accountRequests.length = 0
      fileRequests.length = 0
      jobs.length = 0
      states.clear()
      attempts.clear()
      detailAttempts.clear()
      downCalls.clear()
      v2Retired = options.v2Retired
      replays.clear()
      signatures.clear()
      limiter.reset()
      book.reset()
      restoreJobs()
    },
    async close(): Promise<void> {
      closing.abort()
      const closed = servers.map((server) => new Promise((resolve) => server.close(resolve)))
      // Hung requests and keep-alive connections would hold close() open: end them all.
      for (const socket of sockets) socket.destroy()
      await Promise.all(closed)
    },
  }
}

/** mulberry32: a small seeded generator, so a storm repeats from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** An http://127.0.0.1:PORT where nothing listens (bound, read, closed), for "connection refused". */
export async function refusedUrl(): Promise<string> {
  const server = createServer()
  const port = await listen(server, '127.0.0.1', 0)
  await new Promise((resolve) => server.close(resolve))
  return origin('127.0.0.1', port)
}
