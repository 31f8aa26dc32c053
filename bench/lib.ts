// Shared plumbing for the benchmarks: the runner's environment, timed child processes, peak RSS through
// a preload, statistics, machine facts, and the Markdown a benchmark leaves in BENCHMARKS.md.
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { actionDefaults, parseOutputFile, runnerEnv } from '../sandbox/run-action.ts'

export const REPO = fileURLToPath(new URL('..', import.meta.url))
/** The bundle measured: dist/index.js, or BENCH_ACTION (another build, to compare) when set. */
export const ACTION = process.env.BENCH_ACTION || join(REPO, 'dist', 'index.js')
const RSS_PRELOAD = pathToFileURL(fileURLToPath(new URL('report-rss.mjs', import.meta.url))).href

// ---- the runner's side ----

export interface RunnerStep {
  env: Record<string, string>
  workspace: string
  dir: string
}

/**
 * A fresh step as the runner prepares it: every input of action.yml with its default, `inputs` over them,
 * empty GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / ... files and a workspace. Done before a timed run starts.
 */
export function runnerStep(inputs: Record<string, string>, root: string): RunnerStep {
  const dir = mkdtempSync(join(root, 'step-'))
  const workspace = join(dir, 'workspace')
  mkdirSync(workspace)
  // PATH and HOME come from baseEnv() alone: nothing else from the shell leaks into a measured child.
  const env = runnerEnv(dir, workspace, defaults(), { inputs })
  return { env: { ...env, ...baseEnv() }, workspace, dir }
}

let cachedDefaults: Record<string, string> | undefined
function defaults(): Record<string, string> {
  cachedDefaults ??= actionDefaults()
  return cachedDefaults
}

/** PATH and HOME only: nothing else (NODE_OPTIONS in particular) leaks from the shell into a measured child. */
export function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir() }
}

/** The step's outputs as the runner reads GITHUB_OUTPUT (a later value of a name wins). */
export function outputsOf(step: RunnerStep): Record<string, string> {
  return parseOutputFile(readFileSync(step.env.GITHUB_OUTPUT ?? '', 'utf8'))
}

// ---- the sandbox's side, before a timer starts ----

export interface V2Answer {
  data?: { video_translate_id?: string; status?: string; url?: string | null } | null
}

/** One v2 call to a sandbox (a benchmark's own set-up, never timed). */
export async function sandboxV2(sandbox: { url: string }, key: string, method: 'GET' | 'POST', path: string): Promise<V2Answer> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    ...(method === 'POST' ? { body: '{}' } : {}),
  })
  if (!response.ok) throw new Error(`sandbox ${method} ${path} answered HTTP ${response.status}`)
  return (await response.json()) as V2Answer
}

/** A job whose render has finished, so a resume only asks its status once and downloads. */
export async function finishedV2Job(sandbox: { url: string }, key: string, proofreadId: string): Promise<string> {
  const id = (await sandboxV2(sandbox, key, 'POST', `/v2/video_translate/proofread/${proofreadId}/generate`)).data?.video_translate_id
  if (!id) throw new Error(`no job for ${proofreadId}`)
  for (let i = 0; i < 10; i++) if ((await sandboxV2(sandbox, key, 'GET', `/v2/video_translate/${id}`)).data?.status === 'success') return id
  throw new Error(`job ${id} never finished`)
}

// ---- child processes ----

export interface ChildRun {
  ms: number
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/**
 * Spawns `command args` with stdout/stderr piped (as the runner does) and times it with hrtime from just
 * before spawn() to the child's `close` (exited and its pipes drained).
 */
export function timeChild(command: string, args: string[], options: { env: Record<string, string>; cwd?: string }): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    const start = process.hrtime.bigint()
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text
    })
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text
    })
    child.once('error', reject)
    child.once('close', (code, signal) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      resolve({ ms, code, signal, stdout, stderr })
    })
  })
}

/** Fails the benchmark loudly when a child did not succeed: a figure from a failed run means nothing. */
export function expectSuccess(run: ChildRun, what: string): ChildRun {
  if (run.code !== 0) {
    throw new Error(`${what} exited with ${run.code ?? run.signal}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`)
  }
  return run
}

/** The node script run under the RSS preload; returns its peak RSS in KiB. */
export async function peakRssKiB(script: string, options: { env: Record<string, string>; cwd?: string; what: string }): Promise<number> {
  return (await timeWithPeakRss(script, options)).rssKiB
}

/**
 * The node script run (and timed, as timeChild does) under the RSS preload: its run, which must succeed, its
 * peak RSS in KiB and the CPU time it used. The preload only adds an exit handler, so a timed run of seconds can carry it.
 */
export async function timeWithPeakRss(
  script: string,
  options: { env: Record<string, string>; cwd?: string; what: string },
): Promise<{ run: ChildRun; rssKiB: number; cpuMs: number }> {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-rss-')), 'maxrss')
  try {
    const run = await timeChild(process.execPath, ['--import', RSS_PRELOAD, script], {
      env: { ...options.env, BENCH_RSS_FILE: file },
      cwd: options.cwd,
    })
    expectSuccess(run, options.what)
    const [kib, cpuMs] = readFileSync(file, 'utf8').split(' ').map(Number)
    if (kib === undefined || !Number.isFinite(kib) || kib <= 0) throw new Error(`${options.what}: no peak RSS was written`)
    return { run, rssKiB: kib, cpuMs: cpuMs ?? Number.NaN }
  } finally {
    rmSync(join(file, '..'), { recursive: true, force: true })
  }
}

// ---- statistics and formatting ----

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  const high = Math.ceil(at)
  return (sorted[low] as number) + ((sorted[high] as number) - (sorted[low] as number)) * (at - low)
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(3)} s` : `${value.toFixed(1)} ms`
}

export function mib(kib: number): string {
  return `${(kib / 1024).toFixed(1)} MiB`
}

export function ratio(value: number): string {
  return `${value.toFixed(3)}x`
}

/** median (p25–p75, n) of a sample, for the table. */
export function spread(values: readonly number[], format: (value: number) => string): string {
  return `${format(median(values))} (IQR ${format(quantile(values, 0.25))}–${format(quantile(values, 0.75))}, n=${values.length})`
}

export function verdict(pass: boolean): string {
  return pass ? '**PASS**' : '**MISS**'
}

export function machineFacts(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU'
  return [
    `node ${process.version}`,
    `${model}`,
    `${availableParallelism()} cores`,
    `${Math.round(totalmem() / 1024 ** 3)} GiB RAM`,
    `Linux ${release()}`,
    `load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')} at the start`,
  ].join(', ')
}

export interface Check {
  label: string
  pass: boolean
}

export interface BenchResult {
  /** The Markdown between this benchmark's markers in BENCHMARKS.md (no markers). */
  markdown: string
  checks: Check[]
}

/** Which bundle was measured: the commit, and whether dist/ differs from it. */
export function distVersion(): string {
  if (process.env.BENCH_ACTION) return `\`${process.env.BENCH_ACTION}\` (BENCH_ACTION)`
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const dirty = git('status', '--porcelain', '--', 'dist') !== ''
    return `\`dist/\` of commit ${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes' : ''}`
  } catch {
    return '`dist/` (no git to name its commit)'
  }
}

/** Call when a benchmark starts: the date, the bundle and the machine facts (load included) of its section. */
export function measuredOn(): string {
  return `Measured ${new Date().toISOString()}, ${distVersion()}, on ${machineFacts()}.`
}

export function section(title: string, measured: string, body: string[]): string {
  return [`## ${title}`, '', measured, '', ...body].join('\n')
}

/** Progress on stderr, so a redirected stdout keeps only the summary. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`)
}

export function scratchDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `heygen-bench-${name}-`))
}

/** `command args` timed as timeChild does, under /usr/bin/time: its run and the CPU time (user + system) it used. */
export async function timeChildCpu(
  command: string,
  args: string[],
  options: { env: Record<string, string>; cwd?: string },
): Promise<{ run: ChildRun; cpuMs: number }> {
  const run = await timeChild('/usr/bin/time', ['-f', 'bench-cpu %U %S', command, ...args], options)
  const match = /bench-cpu ([\d.]+) ([\d.]+)/.exec(run.stderr)
  return { run, cpuMs: match ? (Number(match[1]) + Number(match[2])) * 1000 : Number.NaN }
}
