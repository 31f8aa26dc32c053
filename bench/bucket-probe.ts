// One run under a token bucket of 10/s with the timeline of what the bucket let through (and refused, X): where the
// time goes. Run: node bench/bucket-probe.ts (BENCH_ACTION=another/dist/index.js to compare builds).
import { rmSync } from 'node:fs'
import { startSandbox } from '../sandbox/heygen-sandbox.ts'
import { ACTION, runnerStep, scratchDir, timeChild } from './lib.ts'

const root = scratchDir('probe')
const sandbox = await startSandbox()
const key = 'bench-rate-10-key-1'
const ids = Array.from({ length: 30 }, (_, i) => `bench-bucket-1-${i + 1}`)
const step = runnerStep({ api_key: key, base_url: sandbox.url, api_version: 'v3', proofread_id: ids.join(','), max_concurrency: '16' }, root)
const run = await timeChild(process.execPath, [ACTION], { env: step.env, cwd: step.workspace })
const { granted, refusedAt } = sandbox.rateLog(key)
const first = Math.min(...granted, ...refusedAt)
const events = [...granted.map((at) => ({ at, ok: true })), ...refusedAt.map((at) => ({ at, ok: false }))].sort((a, b) => a.at - b.at)
console.log(
  `${(run.ms / 1000).toFixed(2)} s, ${granted.length} granted, ${refusedAt.length} refused, first to last request ${((Math.max(...granted, ...refusedAt) - first) / 1000).toFixed(2)} s`,
)
console.log(events.map((e) => `${((e.at - first) / 1000).toFixed(2)}${e.ok ? '' : 'X'}`).join(' '))
if (process.env.PROBE_LOG) console.log(run.stdout)
await sandbox.close()
rmSync(root, { recursive: true, force: true })
