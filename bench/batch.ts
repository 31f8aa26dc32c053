// Batch: 20 proofreads whose generate call the sandbox holds 1 s each, with max_concurrency 4 and no wait, run as a
// user runs it today: the default inputs (api_version auto, the preflight) against a HeyGen whose v2 is retired.
// Ideal: 5 waves of 4 calls, 5 s. Target: the action's median wall time within 1.2x of that.
import { rmSync } from 'node:fs'
import { startSandbox } from '../sandbox/heygen-sandbox.ts'
import {
  ACTION,
  type BenchResult,
  expectSuccess,
  measuredOn,
  median,
  ms,
  outputsOf,
  progress,
  ratio,
  runnerStep,
  scratchDir,
  section,
  spread,
  timeChild,
  verdict,
} from './lib.ts'

const PROOFREADS = 20
const CONCURRENCY = 4
const DELAY_MS = 1000
const IDEAL_MS = (PROOFREADS / CONCURRENCY) * DELAY_MS
const WARMUP_RUNS = 1
const RUNS = 5
const TARGET = 1.2

export async function run(): Promise<BenchResult> {
  const measured = measuredOn()
  const sandbox = await startSandbox({ generateDelayMs: DELAY_MS, v2Retired: 410 })
  const root = scratchDir('batch')
  let runs = 0

  /** One action run; also how far apart the calls arrived at the sandbox (the waves), from the first. */
  async function timeBatch(): Promise<{ ms: number; arrivals: number[] }> {
    sandbox.reset()
    const batch = ++runs
    const ids = Array.from({ length: PROOFREADS }, (_, i) => `bench-batch-${batch}-${i + 1}`)
    const step = runnerStep({ api_key: 'bench-key', base_url: sandbox.url, proofread_id: ids.join(','), max_concurrency: String(CONCURRENCY) }, root)
    const run = expectSuccess(await timeChild(process.execPath, [ACTION], { env: step.env, cwd: step.workspace }), 'the action')
    const outputs = outputsOf(step)
    rmSync(step.dir, { recursive: true, force: true })
    const started = (outputs.video_translate_id ?? '').split('\n').filter((id) => id.startsWith('vt-')).length
    if (sandbox.jobs.length !== PROOFREADS || started !== PROOFREADS) {
      throw new Error(`expected ${PROOFREADS} jobs: the sandbox made ${sandbox.jobs.length}, the action reported ${started}:\n${run.stdout}`)
    }
    // The paid calls: v3's (the one v2 attempt of the step answers 410 at once).
    const at = sandbox
      .generateCalls()
      .filter((request) => request.path.startsWith('/v3/'))
      .map((request) => request.at)
      .sort((a, b) => a - b)
    return { ms: run.ms, arrivals: at.map((time) => time - (at[0] ?? time)) }
  }

  try {
    progress(`batch: ${WARMUP_RUNS} warm-up run, then ${RUNS} measured runs of ${PROOFREADS} proofreads (generate held ${DELAY_MS} ms each)`)
    for (let i = 0; i < WARMUP_RUNS; i++) await timeBatch()
    const times: number[] = []
    let arrivals: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const result = await timeBatch()
      times.push(result.ms)
      arrivals = result.arrivals
      progress(`batch: run ${i + 1}: ${ms(result.ms)}`)
    }
    const value = median(times) / IDEAL_MS
    const pass = value <= TARGET
    progress(`batch: median ${ms(median(times))}, ${ratio(value)} of the ideal ${ms(IDEAL_MS)} (<= ${TARGET}x) ${pass ? 'PASS' : 'MISS'}`)
    // Wave k (calls 4k+1 .. 4k+4) should arrive at about k seconds.
    const waves = Array.from({ length: PROOFREADS / CONCURRENCY }, (_, k) => arrivals.slice(k * CONCURRENCY, (k + 1) * CONCURRENCY))
    const waveText = waves.map((wave) => `${(wave[0] ?? 0).toFixed(0)}–${(wave[wave.length - 1] ?? 0).toFixed(0)}`).join(', ')

    const markdown = section(`Batch: ${PROOFREADS} proofreads, generate held ${DELAY_MS / 1000} s each, max_concurrency ${CONCURRENCY}`, measured, [
      '| measure | action (`dist/index.js`) | ideal | ratio | target | result |',
      '|---|---|---|---|---|---|',
      `| median wall time, spawn to exit | ${ms(median(times))} | ${ms(IDEAL_MS)} | ${ratio(value)} | ≤ ${TARGET}x | ${verdict(pass)} |`,
      '',
      `- Wall time: ${spread(times, ms)}.`,
      `- Generate calls of the last run reached the sandbox, in ms after the first, in waves of ${CONCURRENCY}: ${waveText}.`,
      '',
      `Method: the sandbox runs in the benchmark process with \`generateDelayMs: ${DELAY_MS}\` and its v2 routes retired (410), as`,
      `HeyGen is today. Each run gives the action ${PROOFREADS} distinct proofread ids (comma-separated), \`max_concurrency: ${CONCURRENCY}\`,`,
      'no wait, and the defaults otherwise (api_version auto: one v2 attempt, then v3; the preflight: 20 free GETs), run as the runner does;',
      `${WARMUP_RUNS} warm-up run, then ${RUNS} measured runs timed with \`process.hrtime.bigint()\` from just before \`spawn()\` to`,
      `\`close\`. The ideal is ${PROOFREADS}/${CONCURRENCY} waves × ${DELAY_MS / 1000} s; the ratio includes the action's start-up.`,
    ])
    return { markdown, checks: [{ label: `batch wall time ${ratio(value)} of the ideal ${ms(IDEAL_MS)} (≤ ${TARGET}x)`, pass }] }
  } finally {
    await sandbox.close()
    rmSync(root, { recursive: true, force: true })
  }
}
