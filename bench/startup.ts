// Start-up: one v2 generate call by the bundled action against the sandbox, side by side with a bare node
// script doing the same call with fetch (bench/baseline-fetch.mjs). A guard, not a race: the action's median wall time
// within 1.8x of the script's, its peak RSS under 85 MiB (the libraries cost start-up; a render takes minutes).
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
  peakRssKiB,
  progress,
  ratio,
  runnerStep,
  scratchDir,
  section,
  spread,
  timeChild,
  verdict,
} from './lib.ts'

const BASELINE = fileURLToPath(new URL('baseline-fetch.mjs', import.meta.url))
const WARMUP_PAIRS = 3
const PAIRS = 30
const RSS_RUNS = 10
const TIME_TARGET = 1.8
const RSS_TARGET_MIB = 85

export async function run(): Promise<BenchResult> {
  const measured = measuredOn()
  const sandbox = await startSandbox()
  const root = scratchDir('startup')
  let calls = 0
  const nextId = (): string => `bench-startup-${++calls}`

  // The product's route, as the issue that set this guard specifies: one v2 generate call and nothing else.
  const actionStep = () => runnerStep({ api_key: 'bench-key', base_url: sandbox.url, proofread_id: nextId(), api_version: 'v2' }, root)
  const baselineEnv = (): Record<string, string> => ({
    ...baseEnv(),
    BENCH_BASE_URL: sandbox.url,
    BENCH_API_KEY: 'bench-key',
    BENCH_PROOFREAD_ID: nextId(),
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

    progress(`startup: ${RSS_RUNS} peak-RSS runs of each, under the report-rss preload (not timed)`)
    const actionRss: number[] = []
    const scriptRss: number[] = []
    for (let i = 0; i < RSS_RUNS; i++) {
      const step = actionStep()
      actionRss.push(await peakRssKiB(ACTION, { env: step.env, cwd: step.workspace, what: 'the action (RSS run)' }))
      rmSync(step.dir, { recursive: true, force: true })
      scriptRss.push(await peakRssKiB(BASELINE, { env: baselineEnv(), cwd: root, what: 'the fetch script (RSS run)' }))
    }

    const timeRatio = median(action) / median(script)
    const rssMib = median(actionRss) / 1024
    const timePass = timeRatio <= TIME_TARGET
    const rssPass = rssMib < RSS_TARGET_MIB
    progress(
      `startup: action ${ms(median(action))}, script ${ms(median(script))}, ratio ${ratio(timeRatio)} (target <= ${TIME_TARGET}x) ${timePass ? 'PASS' : 'MISS'}; ` +
        `action peak RSS ${mib(median(actionRss))} (target < ${RSS_TARGET_MIB} MiB) ${rssPass ? 'PASS' : 'MISS'}`,
    )

    const markdown = section('Start-up: one v2 generate call', measured, [
      '| measure | action (`dist/index.js`) | bare `fetch` script | action / script | target | result |',
      '|---|---|---|---|---|---|',
      `| median wall time, spawn to exit | ${ms(median(action))} | ${ms(median(script))} | ${ratio(timeRatio)} | ≤ ${TIME_TARGET}x | ${verdict(timePass)} |`,
      `| median peak RSS | ${mib(median(actionRss))} | ${mib(median(scriptRss))} | ${ratio(median(actionRss) / median(scriptRss))} | action < ${RSS_TARGET_MIB} MiB | ${verdict(rssPass)} |`,
      '',
      `- Wall time, action: ${spread(action, ms)}; script: ${spread(script, ms)}.`,
      `- Peak RSS, action: ${spread(actionRss, mib)}; script: ${spread(scriptRss, mib)}.`,
      '',
      'Method: the sandbox runs in the benchmark process. Each action run is `node dist/index.js` with every',
      'action.yml input as `INPUT_*` (defaults, plus `api_key`, `proofread_id`, `base_url` and `api_version: v2`), fresh `GITHUB_OUTPUT` and',
      '`GITHUB_STEP_SUMMARY` files and stdout/stderr piped, as the runner does; the script is `bench/baseline-fetch.mjs`',
      '(one `fetch` POST with the same headers and body, read the JSON, print the id). Runs alternate action, script,',
      `action, script...: ${WARMUP_PAIRS} warm-up pairs, then ${PAIRS} measured pairs, each timed with \`process.hrtime.bigint()\``,
      "from just before `spawn()` to the child's `close`. Peak RSS comes from separate runs preloading `bench/report-rss.mjs`",
      '(`process.resourceUsage().maxRSS` on exit), so the preload never touches a timed run.',
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
