// Plan cap: 12 proofreads with max_concurrency 4 on a plan that renders 2 at once, each render 3 s, waiting for every
// video, run as a user runs it (the defaults: api_version auto against a HeyGen whose v2 is retired, the preflight).
// Ideal for the cap: ceil(12/2) = 6 renders one after another, 18 s. Target: the median wall time within 1.2x of that.
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

const PROOFREADS = 12
const CONCURRENCY = 4
const CAP = 2
const RENDER_MS = 3000
const POLL_INTERVAL = '0.25'
const IDEAL_MS = Math.ceil(PROOFREADS / CAP) * RENDER_MS
const RUNS = 3
const TARGET = 1.2

export async function run(): Promise<BenchResult> {
  const measured = measuredOn()
  const sandbox = await startSandbox({ planCap: CAP, renderMs: RENDER_MS, v2Retired: 410 })
  const root = scratchDir('cap')
  let runs = 0

  /** One action run: its wall time, and how many of its generate calls HeyGen answered 429 (the plan was full). */
  async function timeCapped(): Promise<{ ms: number; refused: number; learnt: boolean }> {
    sandbox.reset()
    const batch = ++runs
    const ids = Array.from({ length: PROOFREADS }, (_, i) => `bench-plan-${batch}-${i + 1}`)
    const inputs = {
      api_key: 'bench-key',
      base_url: sandbox.url,
      proofread_id: ids.join(','),
      max_concurrency: String(CONCURRENCY),
      wait: 'true',
      poll_interval: POLL_INTERVAL,
    }
    const step = runnerStep(inputs, root)
    const run = expectSuccess(await timeChild(process.execPath, [ACTION], { env: step.env, cwd: step.workspace }), 'the action')
    const outputs = outputsOf(step)
    rmSync(step.dir, { recursive: true, force: true })
    const succeeded = (outputs.status ?? '').split('\n').filter((status) => status === 'success').length
    const jobsPer = new Set(sandbox.jobs.map((job) => job.proofreadId))
    if (sandbox.jobs.length !== PROOFREADS || jobsPer.size !== PROOFREADS || succeeded !== PROOFREADS) {
      throw new Error(`expected ${PROOFREADS} jobs, one each, all success: ${sandbox.jobs.length} jobs, ${succeeded} success:\n${run.stdout}`)
    }
    const paidRoute = sandbox.generateCalls().filter((request) => request.path.startsWith('/v3/'))
    return { ms: run.ms, refused: paidRoute.length - PROOFREADS, learnt: run.stdout.includes(`HeyGen accepted ${CAP} renders at once`) }
  }

  try {
    progress(`cap: ${RUNS} runs of ${PROOFREADS} proofreads, max_concurrency ${CONCURRENCY}, a plan cap of ${CAP}, renders of ${RENDER_MS} ms`)
    const times: number[] = []
    const refused: number[] = []
    let learnt = true
    for (let i = 0; i < RUNS; i++) {
      const result = await timeCapped()
      times.push(result.ms)
      refused.push(result.refused)
      learnt &&= result.learnt
      progress(`cap: run ${i + 1}: ${ms(result.ms)}, ${result.refused} generate call(s) answered 429`)
    }
    const value = median(times) / IDEAL_MS
    const pass = value <= TARGET && learnt
    progress(`cap: median ${ms(median(times))}, ${ratio(value)} of the ideal ${ms(IDEAL_MS)} (<= ${TARGET}x) ${pass ? 'PASS' : 'MISS'}`)

    const markdown = section(
      `Plan cap: ${PROOFREADS} proofreads, max_concurrency ${CONCURRENCY}, a plan that renders ${CAP} at once, ${RENDER_MS / 1000} s a render`,
      measured,
      [
        '| measure | action (`dist/index.js`) | ideal for the cap | ratio | target | result |',
        '|---|---|---|---|---|---|',
        `| median wall time, spawn to exit | ${ms(median(times))} | ${ms(IDEAL_MS)} | ${ratio(value)} | ≤ ${TARGET}x | ${verdict(pass)} |`,
        '',
        `- Wall time: ${spread(times, ms)}.`,
        `- Generate calls answered 429 per run (the plan full): ${refused.join(', ')}; every run said once "HeyGen accepted ${CAP} renders at once for this key": ${learnt ? 'yes' : 'no'}.`,
        '',
        `Method: the sandbox runs in the benchmark process with \`planCap: ${CAP}\` (a generate call while ${CAP} jobs render answers 429,`,
        `\`Retry-After: 1\`), \`renderMs: ${RENDER_MS}\` and its v2 routes retired (410). Each run gives the action ${PROOFREADS} distinct`,
        `proofread ids, \`max_concurrency: ${CONCURRENCY}\`, \`wait: true\`, \`poll_interval: ${POLL_INTERVAL}\` and the defaults otherwise (auto, the`,
        `preflight), run as the runner does; ${RUNS} runs timed with \`process.hrtime.bigint()\` from just before \`spawn()\` to \`close\`.`,
        `Each run checks ${PROOFREADS} jobs, one per proofread, all \`success\`. The ideal is ceil(${PROOFREADS}/${CAP}) renders one after`,
        `another, ${ms(IDEAL_MS)}; the ratio includes the action's start-up, the preflight and the poll interval.`,
      ],
    )
    return {
      markdown,
      checks: [{ label: `plan cap wall time ${ratio(value)} of the ideal ${ms(IDEAL_MS)} (≤ ${TARGET}x), cap learnt: ${learnt}`, pass }],
    }
  } finally {
    await sandbox.close()
    rmSync(root, { recursive: true, force: true })
  }
}
