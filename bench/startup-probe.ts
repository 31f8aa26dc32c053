// A by-hand probe for start-up work (not part of `npm run bench`): the default-path step of bench/startup.ts, run by
// each bundle named on the command line and by the bare fetch script, interleaved, N rounds; prints the median wall
// time, CPU time (user + system) and peak RSS of each. CPU time is what a loaded machine distorts least.
//   node bench/startup-probe.ts [--rounds N] dist/index.js /tmp/other/index.js 'dist/index.js::api_version=v3,preflight=false'
// (after `::`, inputs over the default path's, to see what a part of the path costs).
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { startSandbox } from '../sandbox/heygen-sandbox.ts'
import { baseEnv, median, outputsOf, runnerStep, scratchDir, timeWithPeakRss } from './lib.ts'

const BASELINE = fileURLToPath(new URL('baseline-fetch.mjs', import.meta.url))
const args = process.argv.slice(2)
const roundsAt = args.indexOf('--rounds')
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 10
const bundles = args.filter((arg, i) => !arg.startsWith('--') && (roundsAt < 0 || i !== roundsAt + 1))

const sandbox = await startSandbox({ v2Retired: 410 })
const root = scratchDir('startup-probe')
let calls = 0
const nextId = (): string => `probe-${++calls}`
const figures = new Map<string, { ms: number[]; cpu: number[]; rss: number[] }>()

async function once(name: string, script: string, env: Record<string, string>, cwd: string): Promise<void> {
  const { run, rssKiB, cpuMs } = await timeWithPeakRss(script, { env, cwd, what: name })
  const entry = figures.get(name) ?? { ms: [], cpu: [], rss: [] }
  entry.ms.push(run.ms)
  entry.cpu.push(cpuMs)
  entry.rss.push(rssKiB / 1024)
  figures.set(name, entry)
}

try {
  const load = loadavg()[0]?.toFixed(2)
  for (let round = -1; round < rounds; round++) {
    for (const bundle of bundles) {
      const [relative = bundle, extra = ''] = bundle.split('::')
      const script = resolve(relative)
      const inputs = Object.fromEntries(
        extra
          .split(',')
          .filter(Boolean)
          .map((pair) => pair.split('=') as [string, string]),
      )
      const step = runnerStep({ api_key: 'bench-key', base_url: sandbox.url, proofread_id: nextId(), ...inputs }, root)
      await once(bundle, script, step.env, step.workspace)
      if (!outputsOf(step).video_translate_id?.startsWith('vt-')) throw new Error(`${bundle} set no video_translate_id`)
      rmSync(step.dir, { recursive: true, force: true })
    }
    const env = { ...baseEnv(), BENCH_BASE_URL: sandbox.url, BENCH_API_KEY: 'bench-key', BENCH_PROOFREAD_ID: nextId(), BENCH_API_VERSION: 'v3' }
    await once('fetch script', BASELINE, env, root)
    sandbox.reset()
    // The first round warms the disk cache and is dropped.
    if (round === -1) figures.clear()
  }

  console.log(`load average ${load} at the start, ${loadavg()[0]?.toFixed(2)} at the end; ${rounds} rounds; medians`)
  for (const [name, { ms, cpu, rss }] of figures) {
    console.log(`${name.padEnd(40)} wall ${median(ms).toFixed(1)} ms  cpu ${median(cpu).toFixed(1)} ms  peak RSS ${median(rss).toFixed(1)} MiB`)
  }
} finally {
  await sandbox.close()
  rmSync(root, { recursive: true, force: true })
}
