// One storm run with its timeline per proofread (when each generate call came, when its job started): what a wall time is
// made of. Run: node bench/storm-probe.ts PERCENT SEED (BENCH_ACTION=another/dist/index.js to compare builds).
import { rmSync } from 'node:fs'
import { startSandbox } from '../sandbox/heygen-sandbox.ts'
import { ACTION, runnerStep, scratchDir, timeChild } from './lib.ts'

const percent = Number(process.argv[2] ?? 30)
const seed = Number(process.argv[3] ?? 1)
const root = scratchDir('probe')
const sandbox = await startSandbox({ rateLimitStorm: percent / 100, stormSeed: seed, renderMs: 2000 })
const ids = Array.from({ length: 30 }, (_, i) => `probe-${i + 1}`)
const step = runnerStep(
  {
    api_key: 'bench-key',
    base_url: sandbox.url,
    api_version: 'v3',
    preflight: 'false',
    proofread_id: ids.join(','),
    max_concurrency: '16',
    wait: 'true',
    poll_interval: '0.25',
  },
  root,
)
const t0 = Date.now()
const run = await timeChild(process.execPath, [ACTION], { env: step.env, cwd: step.workspace })
const first = Math.min(...sandbox.requests.map((r) => r.at))
const lastAt = Math.max(...sandbox.requests.map((r) => r.at))
console.log(
  `storm ${percent}% seed ${seed}: ${(run.ms / 1000).toFixed(2)} s, first request ${((first - t0) / 1000).toFixed(2)} s after spawn, first to last request ${((lastAt - first) / 1000).toFixed(2)} s`,
)
for (const id of ids) {
  const calls = sandbox.generateCalls(id).map((r) => ((r.at - first) / 1000).toFixed(2))
  const job = sandbox.jobs.find((j) => j.proofreadId === id)
  console.log(`${id.padEnd(9)} generate at ${calls.join(' ')}  job ${job ? ((job.createdAt - first) / 1000).toFixed(2) : '-'}`)
}
const last = Math.max(...sandbox.requests.map((r) => r.at))
console.log(
  `last request ${((last - first) / 1000).toFixed(2)} s; ${run.stdout
    .split('\n')
    .filter((l) => /renders at once|pace|budget/i.test(l))
    .slice(0, 5)
    .join('\n')}`,
)
if (process.env.PROBE_LOG) console.log(run.stdout)
await sandbox.close()
rmSync(root, { recursive: true, force: true })
