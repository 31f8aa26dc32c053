// A by-hand look at one default-path start-up (not part of `npm run bench`): runs the bundle once against the
// sandbox with the node flags given (for example --cpu-prof --cpu-prof-dir=/tmp/prof, or --trace-gc) and prints its output.
//   node bench/startup-profile.ts dist/index.js --cpu-prof --cpu-prof-dir=/tmp/prof
import { rmSync } from 'node:fs'
import { startSandbox } from '../sandbox/heygen-sandbox.ts'
import { runnerStep, scratchDir, timeChild } from './lib.ts'

const [bundle, ...nodeArgs] = process.argv.slice(2)
if (!bundle) throw new Error('usage: node bench/startup-profile.ts BUNDLE [node flags...]')
const sandbox = await startSandbox({ v2Retired: 410 })
const root = scratchDir('startup-profile')
try {
  const step = runnerStep({ api_key: 'bench-key', base_url: sandbox.url, proofread_id: 'profile-1' }, root)
  const env = process.env.PROFILE_DEBUG ? { ...step.env, RUNNER_DEBUG: '1' } : step.env
  const run = await timeChild(process.execPath, [...nodeArgs, bundle], { env, cwd: step.workspace })
  process.stdout.write(run.stdout)
  process.stderr.write(run.stderr)
  const seen = [...sandbox.requests, ...sandbox.accountRequests].sort((a, b) => a.at - b.at)
  console.log(`exit ${run.code ?? run.signal} after ${run.ms.toFixed(1)} ms; ${seen.length} API requests:`)
  for (const request of seen) console.log(`  ${request.method} ${request.path}`)
} finally {
  await sandbox.close()
  rmSync(root, { recursive: true, force: true })
}
