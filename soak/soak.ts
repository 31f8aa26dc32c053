// Soak under faults: runs the bundled action (dist/index.js, as the runner runs it) a few hundred times against one
// sandbox, each run with a fault picked at random from a seeded PRNG (slow answers, resets, 429/5xx bursts, hangs,
// truncated downloads, expired links, status flapping, failed renders, refused payments, hostile HeyGen text, closing
// or private file hosts, a crash hook), some with `api_version: auto` against a HeyGen whose v2 is live or retired
// (404/410), and re-runs (attempt 1 then attempt 2 of one GITHUB_RUN_ID, HeyGen's v2 changed or not in between), and
// checks after every run (each attempt of a re-run):
//   - the exit status the scenario calls for;
//   - money: never a second paid generate call on v2 (only 429s may be repeated), never more than one job per
//     proofread on v3, nor across the two attempts of a re-run (whose attempt 2 must go to v3 first);
//   - files: no partial or .part file at the destination when the run failed, the exact bytes when it succeeded;
//   - the key in no log line (but ::add-mask::), output or summary, nor any 8-character piece of it; no line the
//     runner would act on (it trims every Unicode white space, U+0085 included); no stack trace, no unhandled rejection.
// Prints `N passed, M failed` with per-scenario counts and the four counters of issue 17 (runner commands forged, key
// fragments, crashes after payment, second jobs), lists failures with what reproduces them, writes the
// section between the soak markers of BENCHMARKS.md, and exits non-zero when any run failed.
//
//   npm run soak                      300 runs, random seed
//   npm run soak -- 100 --seed 42     100 runs, seed 42
//   npm run soak -- --seed 42 --only 17,93   just those runs of that seed (to reproduce a failure)
//   options: --parallel N (default 2), --no-write (leave BENCHMARKS.md alone)
import type { ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import nodePath from 'node:path'
import { fileURLToPath } from 'node:url'
import { expectedVideoSha256, type Sandbox, seededRandom, startSandbox } from '../sandbox/heygen-sandbox.ts'
import { type ActionRun, runAction } from '../sandbox/run-action.ts'
import type { RecordingProxy } from '../test/proxy/proxy-server.ts'
import { proxyEnvOf, proxyFigures, proxyProblems, proxyVariant, startSoakProxy } from './proxies.ts'
import { soakPublishing } from './publishing.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BENCHMARKS = nodePath.join(ROOT, 'BENCHMARKS.md')
const START_MARKER = '<!-- bench:soak:start -->'
const END_MARKER = '<!-- bench:soak:end -->'
const KEY = 'sk_soak_S3cr3t-Kq7Vt2Mz9Lw4'
/** The longest log line a run may print: HeyGen's text is capped well below this. */
const MAX_LOG_LINE = 64 * 1024
/** Quick renders and 1 s pauses, for every sandbox of the soak. */
const SANDBOX_OPTIONS = { pendingPolls: 1, runningPolls: 1, retryAfterSeconds: 1 } as const
/** The one recording proxy of the soak's proxy variants (soak/proxies.ts). */
let soakProxy: RecordingProxy | undefined

// ---- options ----

interface Options {
  runs: number
  seed: number
  parallel: number
  only?: Set<number>
  write: boolean
  /** Seeds of the publishing property test (soak/publishing.ts); 0 skips it. */
  publishingSeeds: number
}

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 300, seed: Math.floor(Math.random() * 2 ** 31), parallel: 2, write: true, publishingSeeds: 20 }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    const next = (): string => {
      const value = argv[++i]
      if (value === undefined) throw new Error(`${arg} needs a value`)
      return value
    }
    if (/^\d+$/.test(arg)) options.runs = Number(arg)
    else if (arg === '--seed') options.seed = Number(next())
    else if (arg === '--parallel') options.parallel = Math.max(1, Number(next()))
    else if (arg === '--only') options.only = new Set(next().split(',').map(Number))
    else if (arg === '--no-write') options.write = false
    else if (arg === '--publishing') options.publishingSeeds = Math.max(0, Number(next()))
    else
      throw new Error(
        `unknown argument ${arg} (usage: npm run soak -- [RUNS] [--seed N] [--parallel N] [--only i,j] [--no-write] [--publishing SEEDS])`,
      )
  }
  if (!Number.isInteger(options.seed)) throw new Error('--seed must be an integer')
  return options
}

// ---- scenarios ----

type Version = 'v2' | 'v3'
/** HeyGen's v2 as a run meets it: live, or retired with that status (every /v2/ route answers it, starting nothing). */
type V2State = 'live' | 404 | 410
type Mode = 'generate' | 'wait' | 'download'
/** The scenario a run is filed under: its first fault (or `batch`, `cancel`). */
type Fault =
  | 'plain'
  | 'slow'
  | 'slow-past-timeout'
  | 'reset'
  | 'limit-burst'
  | 'flaky-5xx-burst'
  | 'hang'
  | 'status-402'
  | 'html-502'
  | 'malformed'
  | 'truncate'
  | 'poll-503'
  | 'flap'
  | 'expire-once'
  | 'slow-download'
  | 'render-fails'
  | 'never-finishes'
  | 'evil-id'
  | 'echo-key'
  | 'evil-status'
  | 'evil-message'
  | 'long-message'
  | 'evil-url'
  | 'close-after-body'
  | 'private-link'
  | 'crash'
  | 'evil-language'
  | 'huge-language'
  | 'batch'
  | 'cancel'
  | 'rerun'

/** One proofread of a run, with what must become of it. */
interface Item {
  proofreadId: string
  tokens: string[]
  /** The generate call should succeed (after any retries). */
  generateOk: boolean
  /** The proofread as a whole should succeed. */
  ok: boolean
  /** Jobs the sandbox may hold for the proofread afterwards. */
  jobs: 'one' | 'none' | 'at-most-one'
  /** Generate calls answered 429 (limit-N): these, and only these, may be repeated on v2. */
  answered429: number
  /** A v2 failure after a call that may have started a job: the error must say it was not sent again. */
  saysNotSentAgain: boolean
  /** HeyGen answered with an id that is no usable id (evil-id): the job exists, but no output may name it. */
  unusableId?: boolean
  /** A v3 job may exist without its id (paid-then-500-6): the error must say a re-run replays it. */
  saysRerunReplays?: boolean
  size: number
}

interface Scenario {
  index: number
  fault: Fault
  version: Version
  mode: Mode
  items: Item[]
  inputs: Record<string, string>
  /** What the run must end with (a cancel may also end 0 when it came too late to matter). */
  exit: 0 | 1
  captions: boolean
  destination?: string
  /** Cancel: SIGINT this long after the video is reported done (the download is under way). */
  cancelAfterMs?: number
  /** Variables over the runner's (crash: the test-only fault hook, loaded with NODE_OPTIONS; a re-run's attempt). */
  env?: Record<string, string>
  /** `api_version` left to its default, auto: `version` is then the one auto must end on (v3 when v2 is retired). */
  auto: boolean
  /** HeyGen's v2 during this run (or this attempt). */
  v2: V2State
  /** A re-run: this scenario is attempt 1, `rerun` is attempt 2 of the same GITHUB_RUN_ID, checked after it. */
  rerun?: Scenario
  /** The re-run's attempt-1 fault token (paid-then-500-N, reset, status-422-with-id), for the label. */
  rerunFault?: string
}

/** Weights: the v3 retry-until-exhausted cases take 10-16 s each, so they come up half as often on v3. */
const WEIGHTS: Record<Fault, number> = {
  plain: 2,
  slow: 1,
  'slow-past-timeout': 1,
  reset: 1,
  'limit-burst': 1,
  'flaky-5xx-burst': 1,
  hang: 1,
  'status-402': 0.7,
  'html-502': 0.5,
  malformed: 0.5,
  truncate: 1,
  'poll-503': 1,
  flap: 1,
  'expire-once': 1,
  'slow-download': 0.5,
  'render-fails': 1,
  'never-finishes': 0.5,
  'evil-id': 0.5,
  'echo-key': 0.5,
  'evil-status': 0.5,
  'evil-message': 0.5,
  'long-message': 0.5,
  'evil-url': 0.5,
  'close-after-body': 0.7,
  'private-link': 0.7,
  crash: 0.7,
  'evil-language': 0.5,
  'huge-language': 0.4,
  batch: 2,
  cancel: 1,
  // Re-runs are drawn first, by RERUN_SHARE, never as a fault of a single run.
  rerun: 0,
}
const SLOW_ON_V3: Fault[] = ['reset', 'hang', 'html-502']
const WAIT_FAULTS = ['poll-503', 'flap', 'render-fails'] as const
/** Hostile text in a status answer: a command as the status word, in the failure message, a 512 KiB message, a javascript: link. */
const HOSTILE_WAIT_FAULTS = ['evil-status', 'evil-message', 'long-message', 'evil-url'] as const
const DOWNLOAD_FAULTS = ['truncate', 'expire-once', 'slow-download'] as const
/** File-host faults of issue 17 that ride alone: a close right after the body, a redirect into the runner's network, a throw. */
const FILE_HOST_FAULTS: Fault[] = ['close-after-body', 'private-link', 'crash']
const FAULT_HOOK = fileURLToPath(new URL('../test/e2e/files/faults/throw-during-download.mjs', import.meta.url))
const BATCH_GENERATE_FAULTS: Fault[] = ['plain', 'plain', 'slow', 'limit-burst', 'flaky-5xx-burst', 'reset', 'status-402', 'malformed']
const SIZES = [1, 4096, 65_536, 1_048_576, 2_500_000]
/** Share of runs left to `api_version: auto`, and of runs that are a re-run (two attempts). */
const AUTO_SHARE = 0.3
const RERUN_SHARE = 0.1

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

function pickFault(random: () => number, version: Version): Fault {
  const faults = Object.keys(WEIGHTS) as Fault[]
  const weight = (f: Fault) => WEIGHTS[f] * (version === 'v3' && SLOW_ON_V3.includes(f) ? 0.5 : 1)
  let roll = random() * faults.reduce((sum, f) => sum + weight(f), 0)
  for (const fault of faults) {
    roll -= weight(fault)
    if (roll < 0) return fault
  }
  return 'plain'
}

/** The tokens and expectations of one proofread's generate phase. */
function generatePhase(
  fault: Fault,
  version: Version,
  random: () => number,
  inputs: Record<string, string>,
): Omit<Item, 'proofreadId' | 'ok' | 'size'> {
  const item = { tokens: [] as string[], generateOk: true, jobs: 'one' as Item['jobs'], answered429: 0, saysNotSentAgain: false }
  const failed = (jobs: Item['jobs'], saysNotSentAgain: boolean) => Object.assign(item, { generateOk: false, jobs, saysNotSentAgain })
  switch (fault) {
    case 'slow':
      item.tokens.push(`slow-${50 + Math.floor(random() * 550)}`)
      break
    case 'slow-past-timeout':
      // The answer comes after request_timeout: v2 must not send again (the sandbox creates the job anyway, later);
      // v3 retries with the same key and gets the one job (409 while the first is in flight, then the replay).
      item.tokens.push(`slow-${1400 + Math.floor(random() * 400)}`)
      inputs.request_timeout = '1'
      if (version === 'v2') failed('at-most-one', true)
      break
    case 'reset':
      item.tokens.push('reset')
      failed('none', version === 'v2')
      break
    case 'limit-burst': {
      const n = random() < 0.15 ? 6 : 1 + Math.floor(random() * 2)
      item.tokens.push(random() < 0.3 ? `limit-${n}-date` : `limit-${n}`)
      item.answered429 = n
      // A 429 started nothing and is retried until the step's deadline (wait_timeout), however many come.
      break
    }
    case 'flaky-5xx-burst':
      item.tokens.push(`flaky-${1 + Math.floor(random() * 3)}`)
      if (version === 'v2') failed('none', true)
      break
    case 'hang':
      item.tokens.push('hang')
      inputs.request_timeout = '1'
      failed('none', version === 'v2')
      break
    case 'status-402':
      item.tokens.push('status-402')
      failed('none', false)
      break
    case 'html-502':
      item.tokens.push('html-502')
      failed('none', version === 'v2')
      break
    case 'evil-id':
      // The job exists and is paid for, but its id carries a line break and a workflow command: never used.
      item.tokens.push('evil-id')
      Object.assign(failed('one', version === 'v2'), { unusableId: true })
      break
    case 'echo-key':
      // A 400 quoting the key in JSON, a 400 HTML page quoting it where the excerpt is cut, or a 401 quoting it.
      item.tokens.push(pick(random, ['echo-key', 'echo-key-page', 'echo-key-401']))
      failed('none', false)
      break
    case 'malformed':
      // A 200 that is not JSON: a job may have started, so it is never sent again (on v3 either).
      item.tokens.push('malformed')
      failed('none', false)
      break
    default:
      break
  }
  return item
}

/** Builds run `index` of a seed: every choice comes from the PRNG, so a run can be replayed alone with --only. */
function makeScenario(index: number, random: () => number): Scenario {
  if (random() < RERUN_SHARE) return makeRerun(index, random)
  // Under auto the checks hold for the version auto must end on: v2 while it answers, v3 once it is retired.
  const auto = random() < AUTO_SHARE
  const v2: V2State = auto ? pick(random, ['live', 404, 410] as const) : 'live'
  const version: Version = auto ? (v2 === 'live' ? 'v2' : 'v3') : random() < 0.5 ? 'v2' : 'v3'
  const fault = pickFault(random, version)
  // auto is the default: leaving the input out is how most workflows get it.
  const inputs: Record<string, string> = { ...(auto ? {} : { api_version: version }), poll_interval: '0.05', wait_timeout: '30' }
  const captions = random() < 0.3
  inputs.captions = String(captions)

  if (fault === 'batch') return { ...makeBatch(index, version, random, inputs, captions), auto, v2 }

  const item: Item = { ...generatePhase(fault, version, random, inputs), proofreadId: '', ok: true, size: pick(random, SIZES) }
  let mode: Mode
  const hostileWait = (HOSTILE_WAIT_FAULTS as readonly string[]).includes(fault)
  if ((WAIT_FAULTS as readonly string[]).includes(fault) || fault === 'never-finishes' || hostileWait) mode = random() < 0.5 ? 'wait' : 'download'
  else if ((DOWNLOAD_FAULTS as readonly string[]).includes(fault) || fault === 'cancel' || FILE_HOST_FAULTS.includes(fault)) mode = 'download'
  else mode = pick(random, ['generate', 'wait', 'download'] as const)

  // Later faults: the run's own, plus now and then one or two riding along (a wait fault and a download fault).
  const later = new Set<string>()
  if (fault !== 'cancel' && mode !== 'generate' && !FILE_HOST_FAULTS.includes(fault)) {
    if (
      (WAIT_FAULTS as readonly string[]).includes(fault) ||
      (DOWNLOAD_FAULTS as readonly string[]).includes(fault) ||
      fault === 'never-finishes' ||
      hostileWait
    ) {
      later.add(fault)
    }
    // A hostile answer rides alone: a second failure message would hide the one under test.
    if (random() < 0.35 && fault !== 'never-finishes' && !hostileWait) later.add(pick(random, WAIT_FAULTS))
    if (mode === 'download' && random() < 0.35 && fault !== 'never-finishes') later.add(pick(random, DOWNLOAD_FAULTS))
  }
  for (const token of later) {
    if (token === 'poll-503') item.tokens.push(`poll-503-${1 + Math.floor(random() * 3)}`)
    else item.tokens.push(token)
    if (token === 'never-finishes') inputs.wait_timeout = '1.5'
    // A failed render, a wait that cannot end, a truncated file: the proofread fails (the job exists).
    if (token === 'render-fails' || token === 'never-finishes' || (token === 'truncate' && mode === 'download')) item.ok = false
    // A failure message (hostile or huge) fails the render; a link that is not http(s) fails only a download.
    if (token === 'evil-message' || token === 'long-message' || (token === 'evil-url' && mode === 'download')) item.ok = false
  }
  if (!item.generateOk) item.ok = false

  let env: Record<string, string> | undefined
  // A language name (preflight and status) holding runner commands behind U+0085/U+2028/U+00A0, or a million characters:
  // data, so the run succeeds and the checks below look for forged commands and oversized output.
  if (fault === 'evil-language' || fault === 'huge-language') item.tokens.push(fault)
  if (fault === 'close-after-body') item.tokens.push(pick(random, ['close-after-body', 'close-after-length']))
  if (fault === 'private-link') {
    item.tokens.push(pick(random, ['hop-to-metadata', 'hop-to-private']))
    item.ok = false
  }
  if (fault === 'crash') {
    // A throw (or an unhandled rejection) 300 ms into a 2 s download: the paid job must still be reported.
    item.tokens.push('slow-download')
    item.size = 2_500_000
    item.ok = false
    env = { NODE_OPTIONS: `--import=${FAULT_HOOK}`, FAULT_DURING_DOWNLOAD: random() < 0.5 ? 'throw' : 'reject' }
  }
  let cancelAfterMs: number | undefined
  if (fault === 'cancel') {
    // A slow 2.5 MB download (about 2 s) cancelled at a random point, sometimes after it finished.
    item.tokens.push('slow-download')
    item.size = 2_500_000
    cancelAfterMs = Math.floor(random() * 2600)
  }
  if (mode === 'wait') inputs.wait = 'true'
  let destination: string | undefined
  if (mode === 'download') {
    item.tokens.push(`size-${item.size}`)
    destination = random() < 0.5 ? 'videos/' : 'out/video.mp4'
    inputs.download_path = destination
  }
  // Issue 26: under a proxy variant the video link is https, so it is tunnelled (and checked before the CONNECT); not
  // with a redirect to plain http, whose refusal is another one than the one under test.
  if (mode === 'download' && proxyVariant(index) !== 'no proxy' && !item.tokens.includes('hop-to-metadata')) item.tokens.push('https-link')
  item.proofreadId = `soak-${index}-${item.tokens.join('-') || 'plain'}`
  inputs.proofread_id = item.proofreadId
  return {
    index,
    fault,
    version,
    mode,
    items: [item],
    inputs,
    exit: item.ok && fault !== 'cancel' ? 0 : 1,
    captions,
    ...(destination ? { destination } : {}),
    ...(cancelAfterMs !== undefined ? { cancelAfterMs } : {}),
    ...(env ? { env } : {}),
    auto,
    v2,
  }
}

/** Two to four proofreads in one step, each with its own faults; one failing must not stop or spoil the others. */
function makeBatch(
  index: number,
  version: Version,
  random: () => number,
  inputs: Record<string, string>,
  captions: boolean,
): Omit<Scenario, 'auto' | 'v2'> {
  const mode = pick(random, ['generate', 'wait', 'download'] as const)
  const count = 2 + Math.floor(random() * 3)
  const items: Item[] = []
  for (let i = 0; i < count; i++) {
    const fault = pick(random, BATCH_GENERATE_FAULTS)
    const item: Item = { ...generatePhase(fault, version, random, inputs), proofreadId: '', ok: true, size: pick(random, SIZES.slice(0, 4)) }
    if (mode !== 'generate' && random() < 0.4) {
      const token = pick(random, mode === 'download' ? [...WAIT_FAULTS, ...DOWNLOAD_FAULTS] : WAIT_FAULTS)
      item.tokens.push(token === 'poll-503' ? `poll-503-${1 + Math.floor(random() * 2)}` : token)
      if (token === 'render-fails' || token === 'truncate') item.ok = false
    }
    if (!item.generateOk) item.ok = false
    if (mode === 'download') item.tokens.push(`size-${item.size}`)
    item.proofreadId = `soak-${index}-${i}-${item.tokens.join('-') || 'plain'}`
    items.push(item)
  }
  if (mode === 'wait') inputs.wait = 'true'
  if (mode === 'download') inputs.download_path = 'videos/'
  inputs.proofread_id = items.map((item) => item.proofreadId).join(random() < 0.5 ? '\n' : ', ')
  inputs.max_concurrency = String(1 + Math.floor(random() * 4))
  // The step's deadline must outlast its slowest proofread: a v3 reset retried (about 23 s) while a 429 teaches the
  // plan cap keeps the others waiting, so 30 s ran out on a loaded machine (seed 20261130, run 32) and failed a 429 one.
  inputs.wait_timeout = '60'
  return {
    index,
    fault: 'batch',
    version,
    mode,
    items,
    inputs,
    exit: items.every((item) => item.ok) ? 0 : 1,
    captions,
    ...(mode === 'download' ? { destination: 'videos/' } : {}),
  }
}

/**
 * What attempt 1 of a re-run meets on v3 (its v2 is retired, so auto ends there), and what becomes of the proofread
 * in each attempt. A v2 live in attempt 1 is left out: v2 has no idempotency, so a re-run after a v2 job pays again,
 * the one case the README documents as unavoidable (test/e2e/rerun.test.ts shows it).
 */
const RERUN_FAULTS: Array<{ token: (random: () => number) => string; first: RerunOutcome; second: RerunOutcome; weight: number }> = [
  // Six 500s with the job started: attempt 1 fails saying a re-run replays; attempt 2 replays the job and succeeds.
  { token: () => 'paid-then-500-6', first: 'may-exist', second: 'succeeds', weight: 3 },
  // A 500 or two, then the replay: attempt 1 succeeds; attempt 2 (the whole workflow re-run) replays the same job.
  { token: (random) => `paid-then-500-${1 + Math.floor(random() * 2)}`, first: 'succeeds', second: 'succeeds', weight: 3 },
  // A reset on every call: no job in either attempt, and attempt 2 must not go to a live v2 for one.
  { token: () => 'reset', first: 'no-job', second: 'no-job', weight: 1 },
  // A 422 that names a job: reported in attempt 1, replayed (not paid again) in attempt 2.
  { token: () => 'status-422-with-id', first: 'named-job', second: 'named-job', weight: 2 },
]
type RerunOutcome = 'succeeds' | 'may-exist' | 'no-job' | 'named-job'

/** The expectations of one attempt's proofread, from what the attempt should come to. */
function rerunItem(proofreadId: string, outcome: RerunOutcome, size: number): Item {
  const base = { proofreadId, tokens: [], answered429: 0, saysNotSentAgain: false, size }
  if (outcome === 'succeeds') return { ...base, generateOk: true, ok: true, jobs: 'one' }
  // The job started, but its answer was lost: no id for the action to report, one job at most in the sandbox.
  if (outcome === 'may-exist') return { ...base, generateOk: false, ok: false, jobs: 'at-most-one', saysRerunReplays: true }
  if (outcome === 'no-job') return { ...base, generateOk: false, ok: false, jobs: 'none' }
  return { ...base, generateOk: false, ok: false, jobs: 'one' }
}

/** Two attempts of one GITHUB_RUN_ID under auto: attempt 1 with v2 retired meets a v3 fault, attempt 2 maybe another v2. */
function makeRerun(index: number, random: () => number): Scenario {
  let roll = random() * RERUN_FAULTS.reduce((sum, f) => sum + f.weight, 0)
  const fault = RERUN_FAULTS.find((f) => (roll -= f.weight) < 0) ?? RERUN_FAULTS[0]!
  const token = fault.token(random)
  const first: V2State = pick(random, [404, 410] as const)
  // Attempt 2 meets the same HeyGen, or one whose v2 came back (a rollback) or answers the other retired status.
  const second: V2State = pick(random, [first, 'live', first === 404 ? 410 : 404] as const)
  const mode = pick(random, ['generate', 'wait', 'download'] as const)
  const size = pick(random, SIZES.slice(0, 4))
  const proofreadId = `soak-${index}-${token}${mode === 'download' ? `-size-${size}` : ''}`
  const inputs: Record<string, string> = { proofread_id: proofreadId, poll_interval: '0.05', wait_timeout: '30', captions: 'false' }
  if (mode === 'wait') inputs.wait = 'true'
  if (mode === 'download') inputs.download_path = 'videos/'
  // One run id per re-run, so its Idempotency-Keys are its own; the attempt is what the runner sets on a re-run.
  const runId = String(9_000_000_000 + index)
  const attempt = (n: number, v2: V2State, outcome: RerunOutcome): Scenario => ({
    index,
    fault: 'rerun',
    version: 'v3',
    mode,
    items: [rerunItem(proofreadId, outcome, size)],
    inputs,
    exit: outcome === 'succeeds' ? 0 : 1,
    captions: false,
    ...(mode === 'download' ? { destination: 'videos/' } : {}),
    env: { GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: String(n) },
    auto: true,
    v2,
    rerunFault: token,
  })
  return { ...attempt(1, first, fault.first), rerun: attempt(2, second, fault.second) }
}

// ---- checks ----

function problemsWith(s: Scenario, run: ActionRun, sandbox: Sandbox, cancel: CancelRecord): string[] {
  const problems: string[] = []
  const fail = (message: string) => problems.push(message)
  const log = run.log
  const cancelled = cancel.sentAt !== undefined
  // The download may also finish before the signal is due: then nothing is cancelled and the run must succeed.
  const finishedFirst = cancel.armed === true && !cancelled
  const savedBeforeCancel = finishedFirst || (cancelled && /^Saved /m.test(log.slice(0, cancel.logLengthAtSignal)))

  if (run.signal && !(run.signal === 'SIGINT' && savedBeforeCancel)) fail(`ended by ${run.signal}`)
  if (s.fault === 'cancel') {
    // Cancelled mid-download: exit 1 and no file; cancelled after the download finished: the file is whole.
    if (!cancel.armed) fail('the video never reached the download, so the cancel was never sent')
    if (cancel.endedAfterMs !== undefined && cancel.endedAfterMs > 2500) fail(`took ${cancel.endedAfterMs} ms to stop after SIGINT (promised: 2 s)`)
    if (run.code === 1 && !/Cancelled by SIGINT/.test(log)) fail('exit 1 after SIGINT without the cancel warning')
    if (run.code === 0 && !savedBeforeCancel) fail('exit 0 although cancelled before the video was saved')
  } else if (run.code !== s.exit) {
    fail(`exit ${run.code}, expected ${s.exit}: ${errorLine(run) || '(no ::error:: line)'}`)
  }
  const errors = log.split('\n').filter((line) => line.startsWith('::error::'))
  if (run.code === 0 && errors.length > 0) fail(`exit 0 with an error annotation: ${errors[0]}`)
  if (run.code === 1 && errors.length !== 1) fail(`exit 1 with ${errors.length} ::error:: lines`)
  // A job was paid for: whatever happened, the run must end in the action's own words, with every proofread reported.
  const paid = sandbox.jobs.some((job) => s.items.some((item) => item.proofreadId === job.proofreadId))
  const lostWords =
    (run.signal !== null && s.fault !== 'cancel') ||
    (run.code !== 0 && run.code !== 1) ||
    /^\s+at\s/m.test(log) ||
    run.stderr.trim() !== '' ||
    (s.fault !== 'cancel' && parseResults(run.outputs.results).length !== s.items.length)
  if (paid && lostWords)
    fail(`crash after payment: exit ${run.code}${run.signal ? ` by ${run.signal}` : ''}, the results output or the log is not the action's own`)
  if (/^\s+at\s/m.test(log)) fail('a stack trace in the log')
  if (/Unhandled|ERR_UNHANDLED|uncaught/i.test(log)) fail('an unhandled rejection/exception in the log')
  if (run.stderr.trim() !== '') fail(`stderr: ${run.stderr.trim().split('\n')[0]}`)

  // The key.
  if (log.split('\n').some((line) => !line.startsWith('::add-mask::') && line.includes(KEY))) fail('the key in the log')
  if (Object.values(run.outputs).some((value) => value.includes(KEY))) fail('the key in an output')
  if (run.summary.includes(KEY)) fail('the key in the summary')

  // Outside text is data: no line the runner would act on, no piece of the key, one line per proofread in each output.
  const own = /^::(add-mask|debug|notice|warning|error)::/
  const stray = log.split(/\r\n|\r|\n/).filter((line) => line.includes('##[') || (runnerTrimStart(line).startsWith('::') && !own.test(line)))
  if (stray.length > 0) fail(`a line the runner would act on: ${JSON.stringify(stray[0]?.slice(0, 120))}`)
  const shown = [log.replace(/^::add-mask::.*$/gm, ''), ...Object.values(run.outputs), run.summary].join('\n')
  const piece = Array.from({ length: KEY.length - 7 }, (_, i) => KEY.slice(i, i + 8)).find((p) => shown.includes(p))
  if (piece) fail(`a piece of the key (${piece.length} characters) is shown`)
  for (const name of ['video_translate_id', 'status', 'video_url', 'caption_url', 'audio_url', 'video_path', 'caption_path', 'audio_path']) {
    const value = run.outputs[name]
    if (value !== undefined && s.fault !== 'cancel' && value.split('\n').length !== s.items.length)
      fail(`output ${name} has ${value.split('\n').length} lines for ${s.items.length} proofreads`)
  }
  if ((run.outputs.message ?? '').split('\n').length > s.items.length) fail('the message output has more lines than proofreads')
  // A hostile name (huge-language) must be capped before it reaches the log: the runner keeps every line in memory.
  const longest = Math.max(...log.split('\n').map((line) => line.length))
  if (longest > MAX_LOG_LINE) fail(`a log line of ${longest} characters (cap: ${MAX_LOG_LINE})`)
  if (Buffer.byteLength(run.summary) >= 1024 * 1024) fail(`the summary is ${Buffer.byteLength(run.summary)} bytes (the runner drops it from 1 MiB)`)

  // Money, per proofread.
  const results = parseResults(run.outputs.results)
  if (s.fault !== 'cancel' && results.length !== s.items.length)
    fail(`the results output has ${results.length} entries for ${s.items.length} proofreads`)
  const okJobs = new Set<string>()
  s.items.forEach((item, i) => {
    const calls = sandbox.generateCalls(item.proofreadId).length
    const jobs = sandbox.jobs.filter((job) => job.proofreadId === item.proofreadId)
    const name = s.items.length > 1 ? `${item.proofreadId}: ` : ''
    if (s.version === 'v2') {
      const paid = calls - Math.min(calls, item.answered429)
      if (paid > 1) fail(`${name}v2: ${paid} paid generate calls (${calls} in all, ${item.answered429} answered 429)`)
    }
    if (jobs.length > 1) fail(`${name}${jobs.length} jobs for one proofread`)
    if (item.jobs === 'one' && jobs.length !== 1) fail(`${name}expected one job, the sandbox has ${jobs.length}`)
    if (item.jobs === 'none' && jobs.length !== 0) fail(`${name}expected no job, the sandbox has ${jobs.length}`)
    const result = results[i]
    if (s.fault !== 'cancel') {
      if (!result) fail(`${name}missing from the results output`)
      else {
        if (result.proofread_id !== item.proofreadId) fail(`${name}results[${i}] is ${result.proofread_id}`)
        if (item.unusableId) {
          if (result.video_translate_id !== '') fail(`${name}an unusable id reached the results: ${JSON.stringify(result.video_translate_id)}`)
          if (!/not a usable id/.test(result.error ?? '')) fail(`${name}evil-id: the error does not say the id is unusable`)
        } else if (item.jobs === 'one' && result.video_translate_id !== jobs[0]?.id)
          fail(`${name}video_translate_id ${result.video_translate_id} is not the job`)
        if (item.ok && result.error) fail(`${name}unexpected error: ${result.error.split('\n')[0]}`)
        if (!item.ok && !result.error) fail(`${name}should have failed but has no error`)
        if (item.ok && s.mode !== 'generate' && result.status !== 'success') fail(`${name}status ${result.status}`)
        if (s.fault === 'crash' && item.generateOk) {
          const id = jobs[0]?.id ?? ''
          if (!(result.error ?? '').includes(`video_translate_id: ${id}`)) fail(`${name}crash: the error has no resume block for ${id}`)
          if (!run.summary.includes(id)) fail(`${name}crash: the summary does not name ${id}`)
        }
        if (s.fault === 'private-link' && item.generateOk) {
          if (!/refused, so nothing was sent there/.test(result.error ?? ''))
            fail(`${name}private-link: not refused: ${(result.error ?? '').split('\n')[0]}`)
          const sent = sandbox.fileRequests.filter((request) => request.path.includes(encodeURIComponent(jobs[0]?.id ?? '-')))
          if (sent.length > 1) fail(`${name}private-link: ${sent.length} requests reached the file host (only the redirect should)`)
        }
        if (item.tokens.includes('render-fails') && item.generateOk) {
          if (result.status !== 'failed') fail(`${name}render-fails: status ${result.status}`)
          if (!result.message?.includes('Lip sync failed')) fail(`${name}render-fails: HeyGen's message is missing`)
        }
        if (item.ok && s.mode === 'download') okJobs.add(jobs[0]?.id ?? '')
      }
    }
    const error = result?.error ?? ''
    if (item.saysRerunReplays && !/re-running this workflow run sends that key again/.test(error))
      fail(`${name}a job may exist, but the error does not say a re-run replays it: ${error.split('\n')[0]}`)
    if (s.version === 'v2' && item.saysNotSentAgain && !/not sent again/i.test(error)) {
      fail(`${name}v2 error does not say the call was not sent again: ${error.split('\n')[0]}`)
    }
  })

  // Files.
  if (s.destination) {
    const resolved = nodePath.resolve(run.workspace, s.destination)
    const folder = s.destination.endsWith('/') ? resolved : nodePath.dirname(resolved)
    const present = existsSync(folder) ? readdirSync(folder) : []
    const partial = present.filter((name) => name.endsWith('.part'))
    if (partial.length > 0) fail(`partial files left: ${partial.join(', ')}`)
    const videos = present.filter((name) => name.endsWith('.mp4'))
    if (s.fault === 'cancel') {
      // A SIGINT can land between the rename of a complete, checked file and its "Saved" line: a whole video is a
      // finished download, not a partial one. Only a file that is not the video, byte for byte, is a failure.
      const job = sandbox.jobs[0]?.id ?? ''
      const whole = (name: string) =>
        createHash('sha256')
          .update(readFileSync(nodePath.join(folder, name)))
          .digest('hex') === expectedVideoSha256(job, s.items[0]?.size ?? 0)
      const broken = videos.filter((name) => !whole(name))
      if (run.code !== 0 && !savedBeforeCancel && broken.length > 0) fail(`a cancelled download left ${broken.join(', ')}`)
    } else if (s.items.length === 1 && s.items[0] && !s.items[0].ok) {
      if (videos.length > 0) fail(`a failed run left a video at the destination: ${videos.join(', ')}`)
    } else {
      // Exactly the videos of the proofreads that succeeded, each whole.
      const expected = s.destination.endsWith('/') ? [...okJobs].map((id) => `${id}.mp4`).sort() : [nodePath.basename(resolved)]
      if (JSON.stringify(videos.sort()) !== JSON.stringify(expected))
        fail(`videos at the destination: [${videos.join(', ')}], expected [${expected.join(', ')}]`)
    }
    const paths = (run.outputs.video_path ?? '').split('\n')
    s.items.forEach((item, i) => {
      const saved = paths[i] ?? ''
      if (!item.ok || saved === '') {
        if (item.ok && s.fault !== 'cancel') fail(`${item.proofreadId}: no video_path`)
        return
      }
      const job = sandbox.jobs.find((j) => j.proofreadId === item.proofreadId)?.id ?? ''
      if (!existsSync(saved)) fail(`video_path ${saved} does not exist`)
      else if (statSync(saved).size !== item.size) fail(`${item.proofreadId}: saved ${statSync(saved).size} bytes, expected ${item.size}`)
      else if (createHash('sha256').update(readFileSync(saved)).digest('hex') !== expectedVideoSha256(job, item.size))
        fail(`${item.proofreadId}: the saved bytes differ`)
      if (s.captions && run.code === 0 && !(run.outputs.caption_path ?? '').split('\n')[i])
        fail(`${item.proofreadId}: captions on, but no caption file`)
    })
  }
  return problems
}

interface ResultEntry {
  proofread_id: string
  video_translate_id: string
  status: string
  error?: string
  message?: string
}

/** The runner's TrimStart (.NET Char.IsWhiteSpace): JS white space plus U+0085 NEL, which JS does not trim. */
function runnerTrimStart(line: string): string {
  return line.replace(/^[\s\u0085]+/, '')
}

function parseResults(text: string | undefined): ResultEntry[] {
  try {
    return text ? (JSON.parse(text) as ResultEntry[]) : []
  } catch {
    return []
  }
}

function errorLine(run: ActionRun): string {
  return (run.log.split('\n').find((line) => line.startsWith('::error::')) ?? '').slice(0, 400)
}

// ---- running ----

interface Outcome {
  scenario: Scenario
  problems: string[]
  ms: number
}

interface CancelRecord {
  /** The action said the video was done: the SIGINT is scheduled. */
  armed?: boolean
  sentAt?: number
  logLengthAtSignal?: number
  endedAfterMs?: number
}

/** SIGINT, as the runner sends on cancel, `delayMs` after the action reports the video done (the download under way). */
function cancelWhenDownloading(delayMs: number, record: CancelRecord): (child: ChildProcess) => void {
  return (child) => {
    let log = ''
    let armed = false
    child.stdout?.on('data', (text: string | Buffer) => {
      log += String(text)
      if (armed || !/ succeeded after /.test(log)) return
      armed = true
      record.armed = true
      setTimeout(() => {
        if (child.exitCode !== null || child.signalCode !== null) return
        record.sentAt = Date.now()
        record.logLengthAtSignal = log.length
        child.kill('SIGINT')
      }, delayMs)
    })
    child.once('close', () => {
      if (record.sentAt !== undefined) record.endedAfterMs = Date.now() - record.sentAt
    })
  }
}

/** One sandbox per state of v2, shared by the runs that meet it (a re-run changes v2 between attempts: its own). */
async function startSandboxes(): Promise<Map<V2State, Sandbox>> {
  const states: V2State[] = ['live', 404, 410]
  const started = await Promise.all(states.map((v2) => startSandbox({ ...SANDBOX_OPTIONS, ...(v2 === 'live' ? {} : { v2Retired: v2 }) })))
  return new Map(states.map((v2, i) => [v2, started[i] as Sandbox]))
}

/** Runs one scenario (or one attempt of a re-run) against `sandbox` and checks it. */
async function runOnce(scenario: Scenario, sandbox: Sandbox): Promise<string[]> {
  const cancel: CancelRecord = {}
  const run = await runAction({
    inputs: { api_key: KEY, base_url: sandbox.url, ...scenario.inputs },
    timeoutMs: 90_000,
    // Issue 26: each run under one of the proxy and NO_PROXY variants (soak/proxies.ts), by its index.
    env: { ...proxyEnvOf(proxyVariant(scenario.index), soakProxy?.url ?? ''), ...scenario.env },
    ...(scenario.cancelAfterMs !== undefined ? { onSpawn: cancelWhenDownloading(scenario.cancelAfterMs, cancel) } : {}),
  })
  // A v2 answer that arrives after request_timeout still creates its job: give it time to land before counting.
  if (scenario.inputs.request_timeout) await new Promise((resolve) => setTimeout(resolve, 1500))
  const problems = problemsWith(scenario, run, sandbox, cancel)
  rmSync(run.tempDir, { recursive: true, force: true })
  return problems
}

/** Attempt 1, then attempt 2 of the same run id against a sandbox of their own, whose v2 may change in between. */
async function runRerun(first: Scenario, second: Scenario): Promise<string[]> {
  const retired = (v2: V2State) => (v2 === 'live' ? undefined : v2)
  const sandbox = await startSandbox({ ...SANDBOX_OPTIONS, ...(first.v2 === 'live' ? {} : { v2Retired: first.v2 }) })
  try {
    const problems = (await runOnce(first, sandbox)).map((p) => `attempt 1: ${p}`)
    const before = sandbox.generateCalls().length
    sandbox.setV2Retired(retired(second.v2))
    problems.push(...(await runOnce(second, sandbox)).map((p) => `attempt 2: ${p}`))
    // Attempt 2 must go where attempt 1's Idempotency-Key replays: v3 first, and never to v2, which would pay again.
    const sent = sandbox.generateCalls().slice(before)
    if (sent[0] && !sent[0].path.startsWith('/v3/')) problems.push(`attempt 2: its first generate call went to ${sent[0].path}`)
    if (sent.some((call) => call.path.startsWith('/v2/') && second.v2 === 'live'))
      problems.push('attempt 2: a generate call on a live v2, which has no idempotency: a second job may have been paid')
    return problems
  } finally {
    await sandbox.close()
  }
}

function label(s: Scenario): string {
  if (s.rerun) return `rerun ${s.rerunFault ?? ''}`
  // auto runs are grouped by the HeyGen they met (the fault shows in each run's line): one row per fault would be thin.
  if (s.auto) return `auto, v2 ${s.v2 === 'live' ? 'live' : 'retired'}${s.fault === 'batch' ? ' batch' : ''}`
  return `${s.version} ${s.fault}`
}

function describeScenario(s: Scenario): string {
  const details = [
    ...(s.auto ? [`auto, v2 ${s.v2}${s.rerun ? ` then ${s.rerun.v2} in attempt 2` : ''}`] : []),
    ...(s.auto && !s.rerun ? [s.fault] : []),
    s.mode,
    ...(s.items.length > 1 ? [`${s.items.length} proofreads, max_concurrency ${s.inputs.max_concurrency}`] : []),
    ...(s.captions ? ['captions'] : []),
    ...(s.inputs.request_timeout ? [`request_timeout ${s.inputs.request_timeout}`] : []),
    ...(s.cancelAfterMs !== undefined ? [`SIGINT ${s.cancelAfterMs} ms into the download`] : []),
    proxyVariant(s.index),
  ]
  return `${label(s)} (${details.join(', ')}) id ${s.items.map((i) => i.proofreadId).join(' + ')}`
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2))
  const random = seededRandom(options.seed)
  const all = Array.from({ length: options.runs }, (_, i) => makeScenario(i + 1, random))
  const scenarios = options.only ? all.filter((s) => options.only?.has(s.index)) : all
  console.log(`Soak: ${scenarios.length} runs of the bundled action, seed ${options.seed}, ${options.parallel} in parallel.`)

  const sandboxes = await startSandboxes()
  soakProxy = await startSoakProxy()
  const outcomes: Outcome[] = []
  const started = Date.now()
  let next = 0
  const worker = async () => {
    while (next < scenarios.length) {
      const scenario = scenarios[next++] as Scenario
      const t0 = Date.now()
      let problems: string[]
      try {
        problems = scenario.rerun ? await runRerun(scenario, scenario.rerun) : await runOnce(scenario, sandboxes.get(scenario.v2) as Sandbox)
      } catch (error) {
        problems = [`harness error: ${error instanceof Error ? error.message : String(error)}`]
      }
      const outcome = { scenario, problems, ms: Date.now() - t0 }
      outcomes.push(outcome)
      const mark = problems.length === 0 ? 'ok  ' : 'FAIL'
      console.log(
        `${mark} #${scenario.index} ${describeScenario(scenario)} exit→${scenario.exit} ${(outcome.ms / 1000).toFixed(1)} s${problems.length ? `\n       ${problems.join('\n       ')}` : ''}`,
      )
    }
  }
  await Promise.all(Array.from({ length: options.parallel }, worker))
  const tunnelsAllowed = [...sandboxes.values()].map((sandbox) => new URL(sandbox.secureFileUrl).host)
  const atTheProxy = proxyProblems(soakProxy, KEY, tunnelsAllowed)
  const proxyLine = proxyFigures(soakProxy, KEY, tunnelsAllowed)
  await soakProxy.close()
  await Promise.all([...sandboxes.values()].map((sandbox) => sandbox.close()))
  const wallMs = Date.now() - started

  outcomes.sort((a, b) => a.scenario.index - b.scenario.index)
  const failed = outcomes.filter((o) => o.problems.length > 0)
  const passed = outcomes.length - failed.length
  const table = tally(outcomes)
  console.log('')
  console.log(formatTable(table))
  console.log('')
  if (failed.length > 0) {
    console.log('Failures (replay one with: npm run soak -- --seed SEED --only N):')
    for (const o of failed) console.log(`  #${o.scenario.index} seed ${options.seed}: ${describeScenario(o.scenario)}: ${o.problems.join('; ')}`)
    console.log('')
  }
  console.log(`${passed} passed, ${failed.length} failed`)
  console.log(figuresLine(outcomes))
  console.log(proxyLine)
  for (const problem of atTheProxy) console.log(`FAIL the proxy saw ${problem}`)
  // Publishing faults: many legs on one release (soak/publishing.ts), after the step runs.
  const publishing = options.publishingSeeds > 0 && !options.only ? await soakPublishing(options.publishingSeeds) : { ok: true, lines: [] }
  for (const line of publishing.lines) console.log(`publishing: ${line}`)
  if (!publishing.ok) return 1
  if (options.write && !options.only) writeSection(options, outcomes, table, wallMs)
  return failed.length === 0 && atTheProxy.length === 0 ? 0 : 1
}

interface Row {
  scenario: string
  runs: number
  passed: number
  failed: number
  exit0: number
  exit1: number
  medianS: number
}

/** The four promises of issue 17, counted over every run: each must be 0. */
const PROMISES: Array<{ name: string; problem: RegExp }> = [
  { name: 'runner commands forged', problem: /^(attempt \d: )?a line the runner would act on/ },
  { name: 'key fragments', problem: /^(attempt \d: )?(a piece of the key|the key in)/ },
  { name: 'crashes after payment', problem: /^(attempt \d: )?crash after payment/ },
  { name: 'second jobs', problem: /paid generate calls|jobs for one proofread|a second job may have been paid/ },
]

function figuresLine(outcomes: Outcome[]): string {
  return PROMISES.map(({ name, problem }) => `${outcomes.filter((o) => o.problems.some((p) => problem.test(p))).length} ${name}`).join(', ')
}

function tally(outcomes: Outcome[]): Row[] {
  const groups = new Map<string, Outcome[]>()
  for (const o of outcomes) groups.set(label(o.scenario), [...(groups.get(label(o.scenario)) ?? []), o])
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([scenario, list]) => {
      const times = list.map((o) => o.ms).sort((a, b) => a - b)
      return {
        scenario,
        runs: list.length,
        passed: list.filter((o) => o.problems.length === 0).length,
        failed: list.filter((o) => o.problems.length > 0).length,
        exit0: list.filter((o) => o.scenario.exit === 0).length,
        exit1: list.filter((o) => o.scenario.exit === 1).length,
        medianS: (times[Math.floor((times.length - 1) / 2)] ?? 0) / 1000,
      }
    })
}

function formatTable(rows: Row[]): string {
  const lines = ['| scenario | runs | expected exit 0 / 1 | passed | failed | median run |', '|---|---:|---:|---:|---:|---:|']
  for (const r of rows) lines.push(`| ${r.scenario} | ${r.runs} | ${r.exit0} / ${r.exit1} | ${r.passed} | ${r.failed} | ${r.medianS.toFixed(1)} s |`)
  return lines.join('\n')
}

function writeSection(options: Options, outcomes: Outcome[], rows: Row[], wallMs: number): void {
  const failed = outcomes.filter((o) => o.problems.length > 0)
  const cpu = cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'unknown CPU'
  const section = [
    START_MARKER,
    '## Soak: the bundled action under injected faults',
    '',
    `Run ${new Date().toISOString()} on node ${process.version}, ${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM: ` +
      `${outcomes.length} runs of \`dist/index.js\` against the sandbox (one per state of v2, one per re-run), ${options.parallel} at a time, seed ${options.seed} ` +
      `(\`npm run soak -- ${options.runs} --seed ${options.seed}\` replays it), ${(wallMs / 60_000).toFixed(1)} min.`,
    '',
    `**${outcomes.length - failed.length} passed, ${failed.length} failed**: ${figuresLine(outcomes)}.`,
    '',
    formatTable(rows),
    '',
    'Each run picks API version, fault, mode (generate only, wait, or download) and file size from the seeded PRNG; a',
    'generate-phase fault sometimes carries a second, later one (a 503 outage or flapping while waiting, a failed render,',
    'a truncated or expired download). Faults are sandbox tokens in the proofread id: `slow-MS` (below and past',
    '`request_timeout: 1`), `reset`, `limit-N` (429 bursts, 6 = more than the attempts allowed), `flaky-N` (500 bursts),',
    '`hang` (with `request_timeout: 1`), `status-402`, `html-502`, `malformed`, `poll-503-N`, `flap`, `render-fails`, `never-finishes`',
    '(`wait_timeout: 1.5`), `truncate`, `expire-once`, `slow-download`, and hostile text: `evil-id` (a paid job whose id holds a',
    'workflow command), `echo-key`/`echo-key-page`/`echo-key-401` (errors quoting the key), `evil-status`, `evil-message`,',
    '`long-message` (512 KiB), `evil-url` (a javascript: video link); file hosts of issue 17: `close-after-body` (the',
    'connection closed right after the body, without a length or with `Content-Length` and `Connection: close`; saved',
    'whole), `private-link` (`hop-to-metadata`, `hop-to-private`: a redirect to the metadata address or a private host; refused), `crash` (a test-only hook,',
    'loaded with NODE_OPTIONS, throws or rejects with no handler 300 ms into a 2.5 MB download), `evil-language` (a language',
    'name, in the preflight and the status, whose lines start with U+0085, U+00A0 or U+2028 before runner commands),',
    '`huge-language` (a million-character language name). About 30% of runs leave `api_version` to its default, `auto`,',
    'against a HeyGen whose v2 is live (auto must stay on v2) or retired with 404 or 410 (auto must go on with v3); their',
    'checks are those of the version auto must end on. About 10% are re-runs: attempt 1 and attempt 2 (`GITHUB_RUN_ATTEMPT`)',
    'of one `GITHUB_RUN_ID` under auto, each against a sandbox of its own whose v2 is retired in attempt 1 and, in attempt 2,',
    'the same, back (live) or retired with the other status; attempt 1 meets `paid-then-500-6` (six v3 500s, the job started:',
    'it must say a re-run replays it), `paid-then-500-1`/`-2` (it succeeds on the replay), `reset` (no job) or',
    '`status-422-with-id` (a refusal that names a job); attempt 2 must send its first generate call to v3, none to a live v2,',
    'and leave at most one job per proofread. A v2 live in attempt 1 is not a scenario: v2 has no idempotency, so a re-run',
    'after a v2 job pays again, the case the README documents as unavoidable. `batch` runs put 2-4 proofreads with their own',
    'faults in one step; `cancel` runs send SIGINT at a random point of a 2.5 MB slow download (counted as expected exit 1;',
    'one that lands after the download finished must end 0 with the whole file). After every run:',
    '',
    '- the exit status is the one the scenario calls for, with exactly one `::error::` line on failure and none on success;',
    '- v2: at most one generate call for the proofread besides those answered 429; v3: at most one job per proofread',
    '  (exactly one when the generate phase should succeed, none when it should fail);',
    '- download runs: no `.part` file and, after a failure, no video at the destination; after a success the bytes match;',
    '- cancel runs: the process ends within 2.5 s of SIGINT, says it was cancelled, and leaves no partial file;',
    '- the key appears in no log line but `::add-mask::`, in no output and not in the summary, nor does any 8-character',
    '  piece of it; no line the runner would act on (`::` after any white space the runner trims, U+0085 included, or',
    "  `##[` anywhere) but the action's own commands; no log line over 64 KiB; every",
    '  per-proofread output holds one line per proofread, and the summary stays under 1 MiB; no stack trace, no',
    "  unhandled rejection, nothing on stderr; a run whose job was paid for ends in the action's own words (exit 0 or 1,",
    '  every proofread in `results`), and a `crash` run names the job with its resume block in its error and summary.',
    '',
    failed.length === 0
      ? 'Failures: none.'
      : `Failures:\n\n${failed.map((o) => `- #${o.scenario.index} ${describeScenario(o.scenario)}: ${o.problems.join('; ')}`).join('\n')}`,
    END_MARKER,
  ].join('\n')
  const text = existsSync(BENCHMARKS) ? readFileSync(BENCHMARKS, 'utf8') : ''
  const start = text.indexOf(START_MARKER)
  const end = text.indexOf(END_MARKER)
  const updated =
    start >= 0 && end > start
      ? `${text.slice(0, start)}${section}${text.slice(end + END_MARKER.length)}`
      : `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}\n${section}\n`
  writeFileSync(BENCHMARKS, updated)
  console.log(`Wrote the soak section of ${nodePath.relative(process.cwd(), BENCHMARKS) || BENCHMARKS}.`)
}

process.exitCode = await main()
