// Runs the step in this process, the way the runner would run dist/: INPUT_* variables over action.yml's defaults, the
// runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) in a temporary folder, the workspace as the working folder, and
// stdout/stderr collected line for line. It returns the same ActionRun as sandbox/run-action.ts, so a story reads the
// same whichever way it runs; what only a child process proves (signals, the bundle, masking before module load)
// stays in test/e2e/.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { context } from '@actions/github'
import {
  type ActionRun,
  actionDefaults,
  parseOutputFile,
  type RunActionOptions,
  runnerEnv,
  UnexpectedInputsError,
  unexpectedInputs,
} from '../../sandbox/run-action.ts'
import { forgetSecrets } from '../../src/action/runner/runner.js'
import { run } from '../../src/main.js'
import type { StepTiming as FullTiming } from '../../src/util/timing.js'
import { onFasterClock } from './faster-clock.ts'

/** The step's timing as a test gives it: src/util/timing.ts's StepTiming, any part of it. */
export type StepTiming = Partial<FullTiming>

export interface InProcessOptions extends Omit<RunActionOptions, 'entry' | 'onSpawn'> {
  /** Over the harness's shrunk timing; `'production'` runs with the step's own (1 s floor, six attempts). */
  timing?: StepTiming | 'production'
  /** Unsupported here: a story that signals or kills the step needs a child process (test/e2e/). */
  onSpawn?: never
  /** Runs the step (and the sandbox) on a clock this many times faster than the wall's (faster-clock.ts); durationMs is read on it. */
  clockRate?: number
}

/** One step at a time: process.env, the working folder and process.exitCode belong to the whole process. */
let busy = false

/** Variables of the test runner itself, kept while the step's environment replaces the rest. */
const KEEP = /^(VITEST|NODE_ENV$|NODE_V8_COVERAGE$)/

/** Thrown instead of ending the test process when the step calls process.exit (its last-resort paths). */
export class ProcessExit extends Error {
  constructor(readonly code: number | undefined) {
    super(`the step called process.exit(${code}): a story that reaches a last-resort exit needs a child process (test/e2e/)`)
    this.name = 'ProcessExit'
  }
}

/** Runs src/main.ts's `run()` once, in this process, and collects what the runner would. */
export async function runInProcess(options: InProcessOptions = {}, defaultTiming: StepTiming = {}): Promise<ActionRun> {
  const { clockRate, ...rest } = options
  if (clockRate !== undefined && clockRate !== 1) return onFasterClock(clockRate, () => runInProcess(rest, defaultTiming))
  if (options.onSpawn) throw new Error('onSpawn needs a child process: keep this story in test/e2e/')
  // timeoutMs (the e2e kill timer) has no meaning here: the test's own timeout bounds an in-process step.
  if (busy) throw new Error('one in-process step at a time: two steps at once need child processes (test/e2e/)')
  const defaults = actionDefaults()
  const unexpected = options.strictInputs ? unexpectedInputs(Object.keys(options.inputs ?? {}), defaults) : []
  if (unexpected.length > 0) throw new UnexpectedInputsError(unexpected, defaults)
  const tempDir = mkdtempSync(join(tmpdir(), 'heygen-inproc-run-'))
  const workspace = options.workspace ?? join(tempDir, 'workspace')
  mkdirSync(workspace, { recursive: true })
  const env = runnerEnv(tempDir, workspace, defaults, options)
  const timing = options.timing === 'production' ? undefined : { ...defaultTiming, ...options.timing }

  busy = true
  const saved = { env: { ...process.env }, cwd: process.cwd(), exitCode: process.exitCode, exit: process.exit.bind(process) }
  const writes = { stdout: process.stdout.write.bind(process.stdout), stderr: process.stderr.write.bind(process.stderr) }
  let stdout = ''
  let stderr = ''
  let log = ''
  const collect = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
      if (stream === 'stdout') stdout += text
      else stderr += text
      log += text
      options.onOutput?.(text, stream)
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined
      done?.()
      return true
    }) as typeof process.stdout.write

  for (const name of Object.keys(process.env)) if (!KEEP.test(name)) delete process.env[name]
  Object.assign(process.env, env)
  // core.summary remembers the first GITHUB_STEP_SUMMARY it read, and @actions/github read the run's variables when
  // it was first imported: each run gets both afresh, as a new process would.
  resetSummary()
  readContextAgain()
  // The secrets an earlier step registered (its key, a URL's password) are that step's process's, not this one's.
  forgetSecrets()
  process.exitCode = undefined
  process.chdir(workspace)
  process.exit = (code?: number | string | null): never => {
    throw new ProcessExit(code === null || code === undefined ? undefined : Number(code))
  }
  process.stdout.write = collect('stdout')
  process.stderr.write = collect('stderr')
  const started = Date.now()
  let code: number
  try {
    await run({ timing })
    code = typeof process.exitCode === 'number' ? process.exitCode : Number(process.exitCode ?? 0)
  } catch (error) {
    // As node does for a rejection of the entry module's top-level await: the stack on stderr, exit code 1.
    const text = `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    stderr += text
    log += text
    code = error instanceof ProcessExit ? (error.code ?? 0) : 1
  } finally {
    process.stdout.write = writes.stdout
    process.stderr.write = writes.stderr
    process.exit = saved.exit
    process.chdir(saved.cwd)
    process.exitCode = saved.exitCode
    for (const name of Object.keys(process.env)) delete process.env[name]
    Object.assign(process.env, saved.env)
    resetSummary()
    busy = false
  }
  const outputFile = env.GITHUB_OUTPUT ?? ''
  const summaryFile = env.GITHUB_STEP_SUMMARY ?? ''
  return {
    code,
    signal: null,
    stdout,
    stderr,
    log,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    outputFile,
    summaryFile,
    workspace,
    tempDir,
    durationMs: Date.now() - started,
  }
}

/** @actions/github's `context` is built once, at import, from the environment: built again from this run's. */
function readContextAgain(): void {
  Object.assign(context, new (context.constructor as new () => object)())
}

function resetSummary(): void {
  core.summary.emptyBuffer()
  ;(core.summary as unknown as { _filePath?: string })._filePath = undefined
}
