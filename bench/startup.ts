// Start-up on the default path: one generate call by the bundled action with the defaults (api_version auto, the
// preflight) against a sandbox whose v2 is retired, as HeyGen is today (auto: one v2 attempt answered 410, the preflight's
// GET, the v3 call), side by side with a bare node script making the one v3 call with fetch (bench/baseline-fetch.mjs).
// Targets: the action's median wall time within 1.5x of the script's, its peak RSS under 85 MiB.
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startSandbox } from '../sandbox/heygen-sandbox.ts'
import {
  ACTION,
  type BenchResult,
  baseEnv,
  expectSuccess,
  measuredOn,
  median,
  mib,
  ms,
  outputsOf,
  progress,
  ratio,
  runnerStep,
  scratchDir,
  section,
  spread,
  timeChild,
  timeWithPeakRss,
  verdict,
} from './lib.ts'

const BASELINE = fileURLToPath(new URL('baseline-fetch.mjs', import.meta.url))
const WARMUP_PAIRS = 3
const PAIRS = process.env.BENCH_SMOKE === '1' ? 3 : 15
const RSS_RUNS = process.env.BENCH_SMOKE === '1' ? 2 : 5
const TIME_TARGET = 1.5
const RSS_TARGET_MIB = 85

export async function run(): Promise<BenchResult> {
  const measured = measuredOn()
  const sandbox = await startSandbox({ v2Retired: 410 })
  const root = scratchDir('startup')
  let calls = 0
  const nextId = (): string => `bench-startup-${++calls}`

  // The default path a user gets: no api_version, no preflight input.
  const actionStep = () => runnerStep({ api_key: 'bench-key', base_url: sandbox.url, proofread_id: nextId() }, root)
  const baselineEnv = (): Record<string, string> => ({
    ...baseEnv(),
    BENCH_BASE_URL: sandbox.url,
    BENCH_API_KEY: 'bench-key',
    BENCH_PROOFREAD_ID: nextId(),
    BENCH_API_VERSION: 'v3',
  })

  async function timeAction(): Promise<number> {
    const step = actionStep()
    const run = expectSuccess(await timeChild(process.execPath, [ACTION], { env: step.env, cwd: step.workspace }), 'the action')
    if (!outputsOf(step).video_translate_id?.startsWith('vt-')) throw new Error(`the action set no video_translate_id:\n${run.stdout}`)
    rmSync(step.dir, { recursive: true, force: true })
    return run.ms
  }

  async function timeBaseline(): Promise<number> {
    const run = expectSuccess(await timeChild(process.execPath, [BASELINE], { env: baselineEnv(), cwd: root }), 'the fetch script')
    if (!run.stdout.startsWith('vt-')) throw new Error(`the fetch script printed no id: ${run.stdout}`)
    return run.ms
  }

  try {
    progress(`startup: ${WARMUP_PAIRS} warm-up pairs, then ${PAIRS} measured pairs (action, script, action, script, ...)`)
    for (let i = 0; i < WARMUP_PAIRS; i++) {
      await timeAction()
      await timeBaseline()
    }
    const action: number[] = []
    const script: number[] = []
    for (let i = 0; i < PAIRS; i++) {
      action.push(await timeAction())
      script.push(await timeBaseline())
      sandbox.reset()
    }

    progress(`startup: ${RSS_RUNS} peak-RSS and CPU runs of each, under the report-rss preload (not timed)`)
    const actionRss: number[] = []
    const scriptRss: number[] = []
    // CPU time (user + system) of the same runs: what a loaded machine distorts least, beside the wall-time ratio.
    const actionCpu: number[] = []
    const scriptCpu: number[] = []
    for (let i = 0; i < RSS_RUNS; i++) {
      const step = actionStep()
      const action = await timeWithPeakRss(ACTION, { env: step.env, cwd: step.workspace, what: 'the action (RSS run)' })
      actionRss.push(action.rssKiB)
      actionCpu.push(action.cpuMs)
      rmSync(step.dir, { recursive: true, force: true })
      const script = await timeWithPeakRss(BASELINE, { env: baselineEnv(), cwd: root, what: 'the fetch script (RSS run)' })
      scriptRss.push(script.rssKiB)
      scriptCpu.push(script.cpuMs)
    }

    const timeRatio = median(action) / median(script)
    const rssMib = median(actionRss) / 1024
    const timePass = timeRatio <= TIME_TARGET
    const rssPass = rssMib < RSS_TARGET_MIB
    progress(
      `startup: action ${ms(median(action))}, script ${ms(median(script))}, ratio ${ratio(timeRatio)} (target <= ${TIME_TARGET}x) ${timePass ? 'PASS' : 'MISS'}; ` +
        `action peak RSS ${mib(median(actionRss))} (target < ${RSS_TARGET_MIB} MiB) ${rssPass ? 'PASS' : 'MISS'}`,
    )

    const markdown = section('Start-up: one generate call on the default path (auto, preflight)', measured, [
      '| measure | action (`dist/index.js`) | bare `fetch` script | action / script | target | result |',
      '|---|---|---|---|---|---|',
      `| median wall time, spawn to exit | ${ms(median(action))} | ${ms(median(script))} | ${ratio(timeRatio)} | ≤ ${TIME_TARGET}x | ${verdict(timePass)} |`,
      `| median peak RSS | ${mib(median(actionRss))} | ${mib(median(scriptRss))} | ${ratio(median(actionRss) / median(scriptRss))} | action < ${RSS_TARGET_MIB} MiB | ${verdict(rssPass)} |`,
      `| median CPU time (user + system) | ${ms(median(actionCpu))} | ${ms(median(scriptCpu))} | ${ratio(median(actionCpu) / median(scriptCpu))} | none (load-proof view) | |`,
      '',
      `- Wall time, action: ${spread(action, ms)}; script: ${spread(script, ms)}.`,
      `- Peak RSS, action: ${spread(actionRss, mib)}; script: ${spread(scriptRss, mib)}.`,
      '',
      'Method: the sandbox runs in the benchmark process. Each action run is `node dist/index.js` with every',
      'action.yml input as `INPUT_*` (defaults, plus `api_key`, `proofread_id` and `base_url`: api_version auto, the preflight on), against',
      'a sandbox whose v2 routes answer 410 (auto: one v2 attempt, the preflight GET, the v3 call), fresh `GITHUB_OUTPUT` and',
      '`GITHUB_STEP_SUMMARY` files and stdout/stderr piped, as the runner does; the script is `bench/baseline-fetch.mjs`',
      '(one v3 `fetch` POST with the same headers and body, read the JSON, print the id). Runs alternate action, script,',
      `action, script...: ${WARMUP_PAIRS} warm-up pairs, then ${PAIRS} measured pairs, each timed with \`process.hrtime.bigint()\``,
      "from just before `spawn()` to the child's `close`. Peak RSS comes from separate runs preloading `bench/report-rss.mjs`",
      '(`process.resourceUsage().maxRSS` and the CPU time on exit), so the preload never touches a timed run.',
    ])
    return {
      markdown,
      checks: [
        { label: `startup wall time ${ratio(timeRatio)} of the fetch script (≤ ${TIME_TARGET}x)`, pass: timePass },
        { label: `startup peak RSS ${mib(median(actionRss))} (< ${RSS_TARGET_MIB} MiB)`, pass: rssPass },
      ],
    }
  } finally {
    await sandbox.close()
    rmSync(root, { recursive: true, force: true })
  }
}
