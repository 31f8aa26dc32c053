// `npm start`: runs the bundled action against the local HeyGen sandbox, no API key needed.
// Extra `name=value` arguments override inputs: npm start -- api_version=v3 proofread_id=a,b captions=true
// base_url=http://127.0.0.1:PORT uses a sandbox that is already running (npm run sandbox) instead of starting one,
// so a job can be resumed in a second run. --keep keeps the temporary folder (downloads, runner files).
// release=v1.0.0 (or auto) also starts the GitHub stand-in, with a release v1.0.0, and publishes the files to it.
// --state DIR keeps that release and the sandbox's jobs in DIR from one run to the next (scripts/local-state.ts).
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GitHubStandIn } from '../sandbox/github-stand-in.ts'
import type { Sandbox } from '../sandbox/heygen-sandbox.ts'
import { type ActionRun, actionDefaults, runAction, unexpectedInputs, unexpectedInputsMessage } from '../sandbox/run-action.ts'
import { canonicalNames, echoLines, RUN_LOCAL_HELP } from './local-inputs.ts'
import { restoreJobs, restoreRelease, saveJobs, saveRelease } from './local-state.ts'

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url))
/** How long a signal may take to reach the action by itself (a terminal's Ctrl-C does) before it is passed on. */
const FORWARD_AFTER_MS = 300
/** The action stops within two seconds of a cancel; this is only for an action that does not. */
const KILL_AFTER_MS = 10_000

function usage(message: string): never {
  console.error(
    `${message}\nUsage: npm start -- [--keep] [--state DIR] [--help] [name=value ...]   (e.g. npm start -- api_version=v3 proofread_id=a,b)`,
  )
  process.exit(2)
}

function parseArgs(args: string[]): { overrides: Record<string, string>; keep: boolean; state?: string } {
  const overrides: Record<string, string> = {}
  let keep = false
  let state: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? ''
    if (arg === '--state' || arg.startsWith('--state=')) {
      state = arg === '--state' ? args[++i] : arg.slice('--state='.length)
      if (!state) usage('--state needs a folder: --state DIR')
      continue
    }
    if (arg === '--keep') {
      keep = true
      continue
    }
    if (arg === '--help' || arg === '-h') {
      console.log(RUN_LOCAL_HELP)
      process.exit(0)
    }
    const equals = arg.indexOf('=')
    if (equals <= 0) usage(`Expected --keep or input overrides as name=value (e.g. api_version=v3), got: ${arg}`)
    overrides[arg.slice(0, equals)] = arg.slice(equals + 1)
  }
  return { overrides, keep, ...(state ? { state } : {}) }
}

/** Sizes as the action's own log gives them (MiB). */
function mib(bytes: number): string {
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`
}

const ANNOTATION = /^::(debug|notice|warning|error)(?: [^:]*)?::(.*)$/s
const LABEL: Record<string, string> = { debug: 'Debug', notice: 'Notice', warning: 'Warning', error: 'Error' }

/**
 * One line of the action's output as the runner's log shows it: `::add-mask::` lines are swallowed (the runner never
 * shows them, and here nothing would hide the key), annotations are labelled and their %0A line breaks restored.
 */
function displayLine(line: string): string | undefined {
  if (line.startsWith('::add-mask::')) return undefined
  const match = ANNOTATION.exec(line)
  if (!match) return line
  const message = (match[2] ?? '').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
  return `${LABEL[match[1] ?? ''] ?? match[1]}: ${message}`
}

/** Passes the action's output on line by line, as displayLine shows each. */
function lineFilter(write: (text: string) => void): { push: (text: string) => void; end: () => void } {
  let pending = ''
  const emit = (line: string) => {
    const shown = displayLine(line)
    if (shown !== undefined) write(shown)
  }
  return {
    push(text) {
      const lines = (pending + text).split(/(?<=\n)/)
      pending = lines.at(-1)?.endsWith('\n') ? '' : (lines.pop() ?? '')
      for (const line of lines) emit(line)
    },
    end() {
      if (pending !== '') emit(`${pending}\n`)
      pending = ''
    },
  }
}

const parsed = parseArgs(process.argv.slice(2))
const { keep, state } = parsed
if (!existsSync(entry)) {
  console.error(`${entry} is missing: build the action first (npm run bundle).`)
  process.exit(1)
}
// The runner only warns about an unknown input and runs the default: for real, a paid call for the wrong proofread.
const declared = actionDefaults()
// The runner reads input names without regard to case: one input, shown once, under action.yml's spelling.
const overrides = canonicalNames(parsed.overrides, Object.keys(declared))
const unexpected = unexpectedInputs(Object.keys(overrides), declared)
if (unexpected.length > 0) {
  console.error(`Error: ${unexpectedInputsMessage(unexpected, declared)}`)
  console.error('The GitHub runner would only warn and run with the default instead; nothing was run or sent.')
  process.exit(2)
}

const external = overrides.base_url
const sandboxLog: string[] = []
// Today's HeyGen: v2 retired (410), so a newcomer sees the default path, api_version auto, as users meet it.
// With --state, the jobs of earlier runs' sandboxes: a status call confirms the job a ledger entry names, as HeyGen would.
const savedJobs = !external && state ? restoreJobs(state) : []
// The servers' modules are loaded only here: --help and a refused input (the exits above) start neither.
const sandbox: Sandbox | undefined = external
  ? undefined
  : await import('../sandbox/heygen-sandbox.ts').then(({ startSandbox }) =>
      startSandbox({ v2Retired: 410, jobs: savedJobs, log: (line) => sandboxLog.push(line) }),
    )
const folder = mkdtempSync(join(tmpdir(), 'heygen-local-run-'))
// Publishing: a local GitHub whose repository has a release v1.0.0 (the runner's release event names it too).
const github: GitHubStandIn | undefined = overrides.release
  ? await import('../sandbox/github-stand-in.ts').then(({ startGitHubStandIn }) => startGitHubStandIn({ log: (line) => sandboxLog.push(line) }))
  : undefined
// The stand-in's only release; with --state it holds what earlier runs published (the action's ledger).
const RELEASE_TAG = 'v1.0.0'
const restored = github && state ? restoreRelease(state, github, RELEASE_TAG) : 0

// A key in the environment is tried as the action tries it on a runner: api_key left empty, HEYGEN_API_KEY read.
const keyFromEnvironment = Boolean(process.env.HEYGEN_API_KEY?.trim()) && overrides.api_key === undefined
const inputs: Record<string, string> = {
  api_key: keyFromEnvironment ? '' : 'sandbox-demo-key',
  base_url: sandbox?.url ?? '',
  // Resuming (video_translate_id) cannot be combined with a proofread id; wait=false means no download either.
  ...(overrides.video_translate_id ? {} : { proofread_id: 'demo-proofread-es' }),
  wait: 'true',
  // The sandbox moves a job on per status call, not with time: the interval is only waiting (three polls a run).
  poll_interval: '0.05',
  // Published files are named by proofread, so the release's asset names read well.
  ...(overrides.wait === 'false'
    ? {}
    : { download_path: overrides.release && !overrides.video_translate_id ? `${folder}/{proofread_id}.mp4` : `${folder}/` }),
  ...overrides,
}

console.log(
  sandbox
    ? `HeyGen sandbox at ${sandbox.url} (files at ${sandbox.fileUrl}); running ${entry}`
    : `Using the API at ${inputs.base_url} (no sandbox started); running ${entry}`,
)
for (const line of echoLines(inputs, keyFromEnvironment)) console.log(line)
if (github) console.log(`GitHub stand-in at ${github.apiUrl} (uploads at ${github.uploadUrl}), release v1.0.0 of ${github.repository}`)
if (github && state) console.log(`Release state in ${state}: ${restored} asset${restored === 1 ? '' : 's'} from earlier runs`)
if (sandbox && state) console.log(`Sandbox state in ${state}: ${savedJobs.length} job${savedJobs.length === 1 ? '' : 's'} from earlier runs`)
console.log(`Temporary folder: ${folder} (${keep ? 'kept' : 'removed at the end; --keep keeps it'})`)
console.log('\n--- action log ---')

const stdout = lineFilter((text) => process.stdout.write(text))
const stderr = lineFilter((text) => process.stderr.write(text))
let child: ChildProcess | undefined
let cancelled = false
let interrupted: NodeJS.Signals | undefined
// A terminal's Ctrl-C reaches the action too (one process group), and npm passes it on again: the action must get it
// once, print its ids and resume hint, and this script must live to show them and clean up.
function onSignal(signal: NodeJS.Signals): void {
  if (interrupted) return
  interrupted = signal
  setTimeout(() => {
    if (!cancelled && child?.exitCode === null) child.kill(signal)
  }, FORWARD_AFTER_MS).unref()
  setTimeout(() => child?.kill('SIGKILL'), KILL_AFTER_MS).unref()
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

let run: ActionRun | undefined
try {
  run = await runAction({
    inputs,
    entry,
    workspace: folder,
    env: {
      ...(github ? { GITHUB_API_URL: github.apiUrl } : {}),
      ...(keyFromEnvironment ? { HEYGEN_API_KEY: process.env.HEYGEN_API_KEY } : {}),
    },
    // The action has its own wait_timeout; a local run should not cut it shorter (setTimeout's longest delay).
    timeoutMs: 2 ** 31 - 1,
    onSpawn: (spawned) => {
      child = spawned
      // Ctrl-C while the sandbox was starting: the user wants nothing run.
      if (interrupted) spawned.kill(interrupted)
    },
    onOutput: (text, stream) => {
      if (text.includes('Cancelled by SIG')) cancelled = true
      ;(stream === 'stdout' ? stdout : stderr).push(text)
    },
  })
} catch (error) {
  console.error(`Could not run the action: ${error instanceof Error ? error.message : String(error)}`)
} finally {
  stdout.end()
  stderr.end()
  await sandbox?.close()
  if (sandbox && state) saveJobs(state, sandbox.savedJobs())
  if (github && state) saveRelease(state, github.assets(RELEASE_TAG), RELEASE_TAG)
  await github?.close()
}

if (run) {
  console.log('\n--- outputs ---')
  // Multi-line values (one line per proofread) stay aligned under their name.
  for (const [name, value] of Object.entries(run.outputs)) console.log(`${name} = ${value.split('\n').join(`\n${' '.repeat(name.length + 3)}`)}`)
  console.log('\n--- job summary ---')
  console.log(run.summary.trim() === '' ? '(empty)' : run.summary)
  if (sandbox) {
    console.log('\n--- requests the sandbox saw ---')
    for (const line of sandboxLog) console.log(line)
  }
  if (github) {
    console.log('\n--- assets on release v1.0.0 ---')
    for (const asset of github.assets()) console.log(`${asset.name}  ${mib(asset.size)}  ${asset.content_type}  "${asset.label}"`)
  }
}

const outcome = !run ? 'could not run' : run.code === 0 ? 'succeeded' : `failed (exit ${run.code ?? run.signal})`
const cleanup = keep ? `files kept in ${folder}${run ? ` and runner files in ${run.tempDir}` : ''}` : `removed ${folder}`
if (interrupted && sandbox && state) {
  console.log(`\nThis run's sandbox stopped with it; its jobs are kept in ${state}: resume with --state ${state} video_translate_id=...`)
} else if (interrupted && sandbox) {
  console.log("\nThis run's sandbox stopped with it, and forgot its jobs. To practise resuming, keep one running with")
  console.log('`npm run sandbox` and pass base_url=http://127.0.0.1:8787 to both runs, or give both runs --state DIR (see the README).')
}
console.log(`\nAction ${interrupted ? `stopped by ${interrupted}, ` : ''}${outcome}; ${cleanup}`)
if (!keep) {
  rmSync(folder, { recursive: true, force: true })
  if (run) rmSync(run.tempDir, { recursive: true, force: true })
}
// exitCode rather than exit(): output to a pipe is flushed before the process ends.
process.exitCode = interrupted ? 130 : (run?.code ?? 1)
