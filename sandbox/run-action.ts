// Runs the bundled action the way the GitHub runner does: a node process, INPUT_* variables, and the runner's files.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const REPO = fileURLToPath(new URL('..', import.meta.url))

export interface ActionRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** stdout and stderr interleaved in arrival order. */
  log: string
  outputs: Record<string, string>
  summary: string
  outputFile: string
  summaryFile: string
  workspace: string
  /** The temporary folder holding the runner files (and the workspace unless one was given); remove it when done. */
  tempDir: string
  durationMs: number
}

export interface RunActionOptions {
  /** Input values by input name (`proofread_id`), over action.yml's defaults. */
  inputs?: Record<string, string>
  /** Merged over the runner environment; undefined deletes a variable. */
  env?: Record<string, string | undefined>
  workspace?: string
  /** Kill the action after this long (default 60000). */
  timeoutMs?: number
  /** Default: <repo>/dist/index.js */
  entry?: string
  /** Lets a test signal the child (e.g. SIGINT, as a cancelled workflow does). */
  onSpawn?: (child: ChildProcess) => void
  /** Called with each piece of output as it arrives, so a caller can show the log live. */
  onOutput?: (text: string, stream: 'stdout' | 'stderr') => void
  /**
   * Refuse (reject with UnexpectedInputsError, before anything runs) inputs action.yml does not declare. The runner only
   * warns, and runs the default instead: for a typo in a paid input that is money spent on the wrong thing.
   */
  strictInputs?: boolean
}

interface ActionYaml {
  inputs?: Record<string, { default?: unknown } | null>
}

/** Every input declared in action.yml with its default as a string ('' when it has none). */
export function actionDefaults(): Record<string, string> {
  let action: ActionYaml
  try {
    action = parse(readFileSync(join(REPO, 'action.yml'), 'utf8')) as ActionYaml
  } catch (error) {
    // The runner would refuse such a file too: say so rather than run with made-up defaults.
    throw new Error(`action.yml is not valid YAML, so GitHub could not load the action: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    })
  }
  const defaults: Record<string, string> = {}
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    const value = input?.default
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- action.yml defaults are YAML scalars (string, number, boolean)
    defaults[name] = value === undefined || value === null ? '' : String(value)
  }
  return defaults
}

/** Inputs action.yml does not declare, in the order given (the runner compares names case-insensitively). */
export function unexpectedInputs(names: Iterable<string>, declared: Record<string, string> = actionDefaults()): string[] {
  const known = new Set(Object.keys(declared).map((name) => name.toLowerCase()))
  return [...names].filter((name) => !known.has(name.toLowerCase()))
}

/** The GitHub runner's warning for undeclared `with:` keys, word for word. */
export function unexpectedInputsMessage(unexpected: string[], declared: Record<string, string>): string {
  const quote = (names: string[]) => names.map((name) => `'${name}'`).join(', ')
  return `Unexpected input(s) ${quote(unexpected)}, valid inputs are [${quote(Object.keys(declared))}]`
}

export class UnexpectedInputsError extends Error {
  readonly unexpected: string[]
  constructor(unexpected: string[], declared: Record<string, string>) {
    super(unexpectedInputsMessage(unexpected, declared))
    this.name = 'UnexpectedInputsError'
    this.unexpected = unexpected
  }
}

/** The runner's name for an input's variable (what @actions/core's getInput reads). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Parses a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIM` … `DELIM` blocks; later duplicates win. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line === '') continue
    const equals = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      outputs[line.slice(0, equals)] = line.slice(equals + 1)
      continue
    }
    if (heredoc < 0) throw new Error(`GITHUB_OUTPUT line ${i + 1} is neither name=value nor name<<DELIMITER: ${line}`)
    const name = line.slice(0, heredoc)
    const delimiter = line.slice(heredoc + 2)
    const end = lines.indexOf(delimiter, i + 1)
    // The runner fails the step when the closing delimiter is missing: so does this parser.
    if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing delimiter ${delimiter} for ${name}`)
    outputs[name] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return outputs
}

/** What the runner puts where action.yml says `${{ github.token }}` (github_token's default): a token of the run. */
export const RUNNER_GITHUB_TOKEN = 'ghs_SandboxRunnerToken4c1d9e2f7a'

const RELEASE_EVENT = {
  action: 'published',
  release: {
    id: 1,
    tag_name: 'v1.0.0',
    name: 'v1.0.0',
    draft: false,
    prerelease: false,
    html_url: 'https://github.com/octo-org/release-videos/releases/tag/v1.0.0',
  },
  repository: {
    id: 2,
    name: 'release-videos',
    full_name: 'octo-org/release-videos',
    owner: { login: 'octo-org' },
    html_url: 'https://github.com/octo-org/release-videos',
  },
  sender: { login: 'octocat' },
}

/**
 * The environment the runner gives a step: its files (created empty in `dir`), the run context, every
 * declared input with its default and `options.inputs` over them, then `options.env` (undefined deletes).
 * Shared with the benchmarks, which prepare it before their timer starts.
 */
export function runnerEnv(
  dir: string,
  workspace: string,
  defaults: Record<string, string>,
  options: Pick<RunActionOptions, 'inputs' | 'env'>,
): Record<string, string> {
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'step_summary'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path'),
    GITHUB_STATE: join(dir, 'state'),
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const eventPath = join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(RELEASE_EVENT, null, 2))
  const runnerTemp = join(dir, 'runner-temp')
  mkdirSync(runnerTemp)

  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...files,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_REPOSITORY: 'octo-org/release-videos',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_RUN_ID: '1234567890',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKFLOW: 'release',
    GITHUB_JOB: 'translate',
    GITHUB_ACTION: '__heygen-proofread-generate',
    GITHUB_SHA: '3f786850e387550fdab836ed7e6dc881de23001b',
    GITHUB_REF: 'refs/tags/v1.0.0',
    GITHUB_REF_NAME: 'v1.0.0',
    GITHUB_REF_TYPE: 'tag',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_ACTOR: 'octocat',
    GITHUB_EVENT_NAME: 'release',
    GITHUB_EVENT_PATH: eventPath,
  }
  // The runner passes every declared input, defaults filled in, plus whatever `with:` gives.
  const inputs = { ...defaults, ...options.inputs }
  // The runner evaluates expressions in defaults; the one action.yml uses is the run's token.
  for (const [name, value] of Object.entries(inputs)) if (value === '${{ github.token }}') inputs[name] = RUNNER_GITHUB_TOKEN
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value
  Object.assign(env, options.env)

  const clean: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) if (value !== undefined) clean[name] = value
  return clean
}

/** Runs the action (dist/index.js by default) in a child node process and collects what the runner would. */
export async function runAction(options: RunActionOptions = {}): Promise<ActionRun> {
  // Read action.yml first: a broken file fails here without leaving a temporary folder behind.
  const defaults = actionDefaults()
  const unexpected = options.strictInputs ? unexpectedInputs(Object.keys(options.inputs ?? {}), defaults) : []
  if (unexpected.length > 0) throw new UnexpectedInputsError(unexpected, defaults)
  const tempDir = mkdtempSync(join(tmpdir(), 'heygen-action-run-'))
  const workspace = options.workspace ?? join(tempDir, 'workspace')
  mkdirSync(workspace, { recursive: true })
  const env = runnerEnv(tempDir, workspace, defaults, options)
  const outputFile = env.GITHUB_OUTPUT ?? ''
  const summaryFile = env.GITHUB_STEP_SUMMARY ?? ''
  const entry = options.entry ?? join(REPO, 'dist', 'index.js')

  const started = Date.now()
  const child = spawn(process.execPath, [entry], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let log = ''
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text
    log += text
    options.onOutput?.(text, 'stdout')
  })
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text
    log += text
    options.onOutput?.(text, 'stderr')
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  options.onSpawn?.(child)

  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      const read = (file: string): string => (file ? readFileSync(file, 'utf8') : '')
      try {
        resolve({
          code,
          signal,
          stdout,
          stderr,
          log,
          outputs: parseOutputFile(read(outputFile)),
          summary: read(summaryFile),
          outputFile,
          summaryFile,
          workspace,
          tempDir,
          durationMs: Date.now() - started,
        })
      } catch (error) {
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what the action's run threw, unchanged
        reject(error)
      }
    })
  })
}
