// Memory at scale: 1000 proofreads in one step, no wait, the defaults (auto, the preflight) against a HeyGen whose v2 is
// retired, at max_concurrency 4, 16 and 64. Target: peak RSS under 192 MiB at 64 (median of 3), and how it grows with c.
import { rmSync } from 'node:fs'
import { startSandbox } from '../sandbox/heygen-sandbox.ts'
import {
  ACTION,
  type BenchResult,
  measuredOn,
  median,
  mib,
  ms,
  progress,
  runnerStep,
  scratchDir,
  section,
  spread,
  timeWithPeakRss,
  verdict,
} from './lib.ts'

const SMOKE = process.env.BENCH_SMOKE === '1'
const PROOFREADS = SMOKE ? 200 : 1000
const LEVELS = [4, 16, 64]
const RUNS_AT_TOP = SMOKE ? 1 : 3
const RSS_TARGET_MIB = 192

export async function run(): Promise<BenchResult> {
  const measured = measuredOn()
  const sandbox = await startSandbox({ v2Retired: 410 })
  const root = scratchDir('scale')
  let batch = 0

  async function once(concurrency: number): Promise<{ rss: number; ms: number }> {
    sandbox.reset()
    const ids = Array.from({ length: PROOFREADS }, (_, i) => `bench-scale-${++batch}-${i + 1}`)
    const step = runnerStep({ api_key: 'bench-key', base_url: sandbox.url, proofread_id: ids.join('\n'), max_concurrency: String(concurrency) }, root)
    const { run, rssKiB } = await timeWithPeakRss(ACTION, { env: step.env, cwd: step.workspace, what: `the action (c=${concurrency})` })
    rmSync(step.dir, { recursive: true, force: true })
    if (sandbox.jobs.length !== PROOFREADS) throw new Error(`c=${concurrency}: ${sandbox.jobs.length} jobs, expected ${PROOFREADS}`)
    return { rss: rssKiB, ms: run.ms }
  }

  try {
    const rss = new Map<number, number[]>()
    const times = new Map<number, number[]>()
    for (let round = 0; round < RUNS_AT_TOP; round++) {
      for (const c of LEVELS) {
        if (c !== 64 && round > 0) continue
        const result = await once(c)
        rss.set(c, [...(rss.get(c) ?? []), result.rss])
        times.set(c, [...(times.get(c) ?? []), result.ms])
        progress(`scale: c=${c}: ${mib(result.rss)} in ${ms(result.ms)}`)
      }
    }
    const top = median(rss.get(64) ?? []) / 1024
    const pass = top < RSS_TARGET_MIB
    const markdown = section(`Scale: ${PROOFREADS} proofreads in one step, no wait`, measured, [
      '| measure | action (`dist/index.js`) | target | result |',
      '|---|---|---|---|',
      ...LEVELS.map(
        (c) =>
          `| peak RSS, max_concurrency ${c} | ${spread(rss.get(c) ?? [], mib)} | ${c === 64 ? `< ${RSS_TARGET_MIB} MiB` : ''} | ${c === 64 ? verdict(pass) : ''} |`,
      ),
      '',
      ...LEVELS.map((c) => `- Wall time at ${c}: ${spread(times.get(c) ?? [], ms)}.`),
      '',
      `Method: the sandbox (v2 retired: 410) runs in the benchmark process. Each run gives the action ${PROOFREADS} proofread ids, one a line,`,
      'the defaults otherwise (api_version auto, the preflight), no wait, run as the runner does under the `bench/report-rss.mjs` preload;',
      `one run at 4 and 16, ${RUNS_AT_TOP} at 64, each checked for ${PROOFREADS} jobs.`,
    ])
    return { markdown, checks: [{ label: `scale: peak RSS ${top.toFixed(1)} MiB at max_concurrency 64 (< ${RSS_TARGET_MIB} MiB)`, pass }] }
  } finally {
    await sandbox.close()
    rmSync(root, { recursive: true, force: true })
  }
}
