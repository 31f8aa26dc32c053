// Download: what a user waits for and what the runner's memory holds when the action saves a video from a file host
// that sends about 100 MiB/s (the sandbox's paced file host), side by side with `curl -o` of the same link.
// Targets: at 1 GiB, median wall time within 1.05x of curl's; the action's peak RSS under 192 MiB at 100 MiB and 1 GiB,
// and the 1 GiB peak no more than 1.4x the 100 MiB peak. Unthrottled loopback: within 1.25x of curl's wall time and 1.5x its CPU time.
// BENCH_SMOKE=1 runs the same steps at 8 and 32 MiB, one pair each, to check the benchmark itself works.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Sandbox, startSandbox } from '../sandbox/heygen-sandbox.ts'
import {
  ACTION,
  type BenchResult,
  baseEnv,
  expectSuccess,
  finishedV2Job,
  measuredOn,
  median,
  mib,
  ms,
  progress,
  ratio,
  runnerStep,
  sandboxV2,
  scratchDir,
  section,
  spread,
  timeChildCpu,
  timeWithPeakRss,
  verdict,
} from './lib.ts'

const MIB = 1024 * 1024
const SMOKE = process.env.BENCH_SMOKE === '1'
/** The paced file host: about what a fast CDN link gives one download. */
const RATE = 100 * MIB
const SMALL = SMOKE ? 8 * MIB : 100 * MIB
const LARGE = SMOKE ? 32 * MIB : 1024 * MIB
const SMALL_PAIRS = SMOKE ? 1 : 3
const LARGE_PAIRS = SMOKE ? 1 : 3
const LOOPBACK_PAIRS = SMOKE ? 1 : 3
const TIME_TARGET = 1.05
/** Unthrottled loopback: the action's wall time and CPU time against curl's. */
const LOOPBACK_TIME_TARGET = 1.25
const LOOPBACK_CPU_TARGET = 1.5
const RSS_TARGET_MIB = 192
const RSS_GROWTH_TARGET = 1.4
const KEY = 'bench-key'

interface Pair {
  action: number[]
  curl: number[]
  rss: number[]
  /** CPU time (user + system) of each run: the action's from the preload, curl's from /usr/bin/time. */
  actionCpu: number[]
  curlCpu: number[]
  /** The action's own "Saved ... in N s": the transfer alone, without start-up and the status call. */
  transfer: number[]
  /** The floors (download-floor.ts), loopback only, by FLOOR_MODE: undici's APIs dropping the body, and the action's writing it. */
  floors: Record<FloorMode, Run[]>
}

/** download-floor.ts's modes, in the order they run after each loopback pair. */
const FLOOR_MODES = ['discard', 'stream-discard', 'dispatch-discard', 'file'] as const
type FloorMode = (typeof FLOOR_MODES)[number]
const FLOOR_LABELS: Record<FloorMode, string> = {
  discard: "undici's request(), body Readable dropped",
  'stream-discard': "undici's stream(), a Writable dropping the body",
  'dispatch-discard': "undici's dispatch(), chunks from the parser dropped",
  file: 'request(), body written as the action writes it (save-body.ts)',
}

/** One floor run: wall time, the process's CPU time (user + system) and the transfer's alone, ms. */
interface Run {
  ms: number
  cpuMs: number
  transferCpuMs: number
  /** Minor page faults during the transfer. */
  faults: number
}

const FLOOR = fileURLToPath(new URL('download-floor.ts', import.meta.url))

const emptyPair = (): Pair => ({
  action: [],
  curl: [],
  rss: [],
  actionCpu: [],
  curlCpu: [],
  transfer: [],
  floors: { discard: [], 'stream-discard': [], 'dispatch-discard': [], file: [] },
})

function size(bytes: number): string {
  return bytes >= 1024 * MIB ? `${bytes / (1024 * MIB)} GiB` : `${bytes / MIB} MiB`
}

export async function run(): Promise<BenchResult> {
  const measured = measuredOn()
  const curlVersion = execFileSync('curl', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? 'curl'
  const paced = await startSandbox({ fileRateBytesPerSecond: RATE })
  const loopback = await startSandbox()
  // os.tmpdir(): the same disk for both, and removed at the end.
  const root = scratchDir('download')
  const downloads = join(root, 'downloads')
  mkdirSync(downloads)

  const api = (sandbox: Sandbox, method: 'GET' | 'POST', path: string) => sandboxV2(sandbox, KEY, method, path)
  const finishedJob = (sandbox: Sandbox, bytes: number) => finishedV2Job(sandbox, KEY, `bench-download-size-${bytes}`)

  /** A freshly signed link, as the action would get from its own status call. */
  async function signedUrl(sandbox: Sandbox, id: string): Promise<string> {
    const url = (await api(sandbox, 'GET', `/v2/video_translate/${id}`)).data?.url
    if (!url) throw new Error(`no video link for ${id}`)
    return url
  }

  function takeFile(file: string, bytes: number, what: string): void {
    const saved = statSync(file, { throwIfNoEntry: false })?.size
    rmSync(file, { force: true })
    if (saved !== bytes) throw new Error(`${what} saved ${saved ?? 'no file'} instead of ${bytes} bytes`)
  }

  /** The action resuming the job: one status call, then the download; timed spawn to exit, with its peak RSS. */
  async function timeAction(sandbox: Sandbox, id: string, bytes: number, into: Pair): Promise<number> {
    const step = runnerStep({ api_key: KEY, base_url: sandbox.url, video_translate_id: id, download_path: `${downloads}/` }, root)
    const { run, rssKiB, cpuMs } = await timeWithPeakRss(ACTION, { env: step.env, cwd: step.workspace, what: `the action (${size(bytes)})` })
    takeFile(join(downloads, `${id}.mp4`), bytes, 'the action')
    rmSync(step.dir, { recursive: true, force: true })
    into.action.push(run.ms)
    into.rss.push(rssKiB)
    into.actionCpu.push(cpuMs)
    const savedIn = /Saved .* in ([\d.]+) s\)/.exec(run.stdout)?.[1]
    if (savedIn !== undefined) into.transfer.push(Number(savedIn) * 1000)
    return run.ms
  }

  async function timeCurl(sandbox: Sandbox, id: string, bytes: number, into: Pair): Promise<number> {
    const url = await signedUrl(sandbox, id)
    const file = join(downloads, 'curl.mp4')
    const timed = await timeChildCpu('curl', ['-s', '-S', '-f', '-o', file, url], { env: baseEnv(), cwd: root })
    const run = expectSuccess(timed.run, 'curl')
    takeFile(file, bytes, 'curl')
    into.curl.push(run.ms)
    into.curlCpu.push(timed.cpuMs)
    return run.ms
  }

  /** The floor under the action: download-floor.ts on a freshly signed link, run as the action is (node, the RSS preload). */
  async function timeFloor(sandbox: Sandbox, id: string, bytes: number, mode: FloorMode, into: Run[]): Promise<void> {
    const file = join(downloads, 'floor.mp4')
    const env = { ...baseEnv(), FLOOR_URL: await signedUrl(sandbox, id), FLOOR_MODE: mode, FLOOR_FILE: file }
    const { run, cpuMs } = await timeWithPeakRss(FLOOR, { env, cwd: root, what: `the floor (${mode})` })
    const said = /: (\d+) bytes, transfer CPU ([\d.]+) ms, (\d+) minor page faults/.exec(run.stdout)
    if (Number(said?.[1]) !== bytes) throw new Error(`the floor (${mode}) said ${JSON.stringify(run.stdout.trim())} for ${bytes} bytes`)
    if (mode === 'file') takeFile(file, bytes, 'the floor')
    into.push({ ms: run.ms, cpuMs, transferCpuMs: Number(said?.[2]), faults: Number(said?.[3]) })
  }

  /** Interleaved pairs (action, curl, action, curl...) after `warmup` unrecorded pairs; with `floors`, the two floor runs after each pair. */
  async function pairs(label: string, sandbox: Sandbox, bytes: number, warmup: number, count: number, floors = false): Promise<Pair> {
    const id = await finishedJob(sandbox, bytes)
    const scrap = emptyPair()
    for (let i = 0; i < warmup; i++) {
      await timeAction(sandbox, id, bytes, scrap)
      await timeCurl(sandbox, id, bytes, scrap)
    }
    const pair = emptyPair()
    for (let i = 0; i < count; i++) {
      const a = await timeAction(sandbox, id, bytes, pair)
      const c = await timeCurl(sandbox, id, bytes, pair)
      if (floors) for (const mode of FLOOR_MODES) await timeFloor(sandbox, id, bytes, mode, pair.floors[mode])
      progress(`download: ${label} pair ${i + 1}/${count}: action ${ms(a)} (${mib(pair.rss[pair.rss.length - 1] ?? 0)}), curl ${ms(c)}`)
    }
    return pair
  }

  try {
    progress(`download: ${size(SMALL)} and ${size(LARGE)} from a file host paced to ${size(RATE)}/s, then ${size(LARGE)} unthrottled`)
    // The warm-up pair fills the page cache and the sandbox's video block for both sides.
    const small = await pairs(`${size(SMALL)} paced`, paced, SMALL, 1, SMALL_PAIRS)
    const large = await pairs(`${size(LARGE)} paced`, paced, LARGE, 0, LARGE_PAIRS)
    const fast = await pairs(`${size(LARGE)} loopback`, loopback, LARGE, 1, LOOPBACK_PAIRS, true)

    const timeRatio = (pair: Pair): number => median(pair.action) / median(pair.curl)
    const cpuRatio = (pair: Pair): number => median(pair.actionCpu) / median(pair.curlCpu)
    const loopbackTimePass = timeRatio(fast) <= LOOPBACK_TIME_TARGET
    const loopbackCpuPass = cpuRatio(fast) <= LOOPBACK_CPU_TARGET
    const largeRatio = timeRatio(large)
    const peak = Math.max(median(small.rss), median(large.rss))
    const growth = median(large.rss) / median(small.rss)
    const timePass = largeRatio <= TIME_TARGET
    const rssPass = peak / 1024 < RSS_TARGET_MIB
    const growthPass = growth <= RSS_GROWTH_TARGET
    const rate = (bytes: number, value: number): string => `${(bytes / MIB / (value / 1000)).toFixed(0)} MiB/s`
    const row = (what: string, bytes: number, pair: Pair, target: string, result: string): string =>
      `| ${what} | ${ms(median(pair.action))} (${rate(bytes, median(pair.action))}) | ${ms(median(pair.curl))} (${rate(bytes, median(pair.curl))}) | ${ratio(timeRatio(pair))} | ${target} | ${result} |`
    const transfer = (pair: Pair, bytes: number): string =>
      pair.transfer.length > 0 ? `${spread(pair.transfer, ms)} (${rate(bytes, median(pair.transfer))})` : 'not logged'
    progress(
      `download: ${size(LARGE)} paced ${ratio(largeRatio)} of curl (<= ${TIME_TARGET}x) ${timePass ? 'PASS' : 'MISS'}; ` +
        `peak RSS ${mib(median(small.rss))} / ${mib(median(large.rss))} (< ${RSS_TARGET_MIB} MiB) ${rssPass ? 'PASS' : 'MISS'}, ` +
        `growth ${ratio(growth)} (<= ${RSS_GROWTH_TARGET}x) ${growthPass ? 'PASS' : 'MISS'}; loopback ${ratio(timeRatio(fast))}`,
    )

    // The transfer's CPU time against curl's whole run (curl's start-up is a few ms); the floor's whole process beside it.
    const floorRow = (what: string, runs: Run[], pair: Pair): string => {
      const cpu = median(runs.map((r) => r.transferCpuMs))
      const faults = median(runs.map((r) => r.faults))
      return `| ${what}: CPU time of the transfer (whole process; minor page faults in the transfer) | ${ms(cpu)} (${ms(median(runs.map((r) => r.cpuMs)))}; ${faults.toFixed(0)} faults) | ${ms(median(pair.curlCpu))} | ${ratio(cpu / median(pair.curlCpu))} | none (what undici costs) | |`
    }
    const title = `Download: ${size(SMALL)} and ${size(LARGE)} from a file host sending ${size(RATE)}/s${SMOKE ? ' (smoke run, BENCH_SMOKE=1)' : ''}`
    const markdown = section(title, measured, [
      '| measure | action (`dist/index.js`) | `curl -o` | action / curl | target | result |',
      '|---|---|---|---|---|---|',
      row(`median wall time, ${size(LARGE)} at ${size(RATE)}/s, spawn to exit`, LARGE, large, `≤ ${TIME_TARGET}x`, verdict(timePass)),
      row(`median wall time, ${size(SMALL)} at ${size(RATE)}/s, spawn to exit`, SMALL, small, 'none (start-up bound)', ''),
      `| median peak RSS, ${size(SMALL)} | ${mib(median(small.rss))} | | | < ${RSS_TARGET_MIB} MiB | ${verdict(median(small.rss) / 1024 < RSS_TARGET_MIB)} |`,
      `| median peak RSS, ${size(LARGE)} | ${mib(median(large.rss))} | | | < ${RSS_TARGET_MIB} MiB | ${verdict(median(large.rss) / 1024 < RSS_TARGET_MIB)} |`,
      `| median peak RSS, ${size(LARGE)} vs ${size(SMALL)} | ${mib(median(large.rss))} vs ${mib(median(small.rss))} | | ${ratio(growth)} | ≤ ${RSS_GROWTH_TARGET}x | ${verdict(growthPass)} |`,
      row(`median wall time, ${size(LARGE)} unthrottled loopback`, LARGE, fast, `≤ ${LOOPBACK_TIME_TARGET}x`, verdict(loopbackTimePass)),
      `| median CPU time (user + system), ${size(LARGE)} unthrottled loopback | ${ms(median(fast.actionCpu))} | ${ms(median(fast.curlCpu))} | ${ratio(cpuRatio(fast))} | ≤ ${LOOPBACK_CPU_TARGET}x | ${verdict(loopbackCpuPass)} |`,
      `| median CPU time, ${size(LARGE)} at ${size(RATE)}/s | ${ms(median(large.actionCpu))} | ${ms(median(large.curlCpu))} | ${ratio(cpuRatio(large))} | none | |`,
      ...FLOOR_MODES.map((mode) => floorRow(`floor: ${FLOOR_LABELS[mode]}, ${size(LARGE)} loopback`, fast.floors[mode], fast)),
      '',
      `- ${size(LARGE)} paced, action: ${spread(large.action, ms)}; curl: ${spread(large.curl, ms)}.`,
      `- ${size(SMALL)} paced, action: ${spread(small.action, ms)}; curl: ${spread(small.curl, ms)}.`,
      `- ${size(LARGE)} loopback, action: ${spread(fast.action, ms)}; curl: ${spread(fast.curl, ms)}; peak RSS ${spread(fast.rss, mib)}.`,
      `- The transfer alone, as the action logs it ("Saved ... in N s"): ${size(LARGE)} paced ${transfer(large, LARGE)}; ${size(SMALL)} paced ${transfer(small, SMALL)}; loopback ${transfer(fast, LARGE)}.`,
      `- Peak RSS, ${size(SMALL)}: ${spread(small.rss, mib)}; ${size(LARGE)}: ${spread(large.rss, mib)}.`,
      `- ${curlVersion}.`,
      '',
      'Method: the sandbox runs in the benchmark process, twice: one file host paces every video body to',
      `${RATE} bytes/s (\`fileRateBytesPerSecond\`: pieces of one 10 ms tick, never ahead of schedule), the other sends as fast`,
      'as the reader takes. One finished job per size and host (`size-N` in the proofread id). Each action run resumes the job',
      '(`video_translate_id`, `download_path: <tmp>/`): one status call, then the download, run as the runner does (every',
      'action.yml input as `INPUT_*`, runner files, stdout/stderr piped), preloading `bench/report-rss.mjs` for its peak RSS',
      '(an exit handler only, which also reports its CPU time); curl runs under `/usr/bin/time` for its CPU time. Each curl run is `curl -s -S -f -o <file> <url>` of a link freshly signed by a status call made',
      'before its timer starts. Runs alternate action, curl, action, curl: one warm-up pair before each of the',
      `${size(SMALL)} and loopback series, then ${SMALL_PAIRS} pair(s) at ${size(SMALL)}, ${LARGE_PAIRS} at ${size(LARGE)} paced and ${LOOPBACK_PAIRS} at ${size(LARGE)} unthrottled,`,
      'timed with `process.hrtime.bigint()` from just before `spawn()` to `close`. Every file is checked for its size and',
      'deleted before the next run, under `os.tmpdir()` (the same disk for both).',
      'After each loopback pair, four floor runs (`bench/download-floor.ts`, node with the same preload, a freshly signed',
      "link each, the transfer's CPU time measured in the process from the request to the last byte): undici's `request()`",
      "with its body Readable's chunks dropped; undici's `stream()` into a Writable that drops them; undici's `dispatch()`",
      "with a handler dropping the chunks as the parser delivers them (undici and Node's socket alone); and the action's own",
      'way, `request()` with its body written by `saveBody()` of `src/transport/save-body.ts` (batched synchronous writev).',
      "The action minus the last is the action's own cost (start-up, status call, checks); the last minus request()",
      'dropping the body is what writing the file costs. Each floor row also gives the minor page faults of the transfer',
      '(`process.resourceUsage()`): Node reads the socket into a fresh 64 KiB buffer each time, and on a VM every page',
      'the kernel has to map again costs CPU.',
      '',
      `The time target is on the ${size(LARGE)} row, where the transfer dominates: at ${size(SMALL)} the action's start-up and`,
      'its status call (about 0.2 s, see Start-up) are a large share of the whole, and curl has neither.',
    ])
    return {
      markdown,
      checks: [
        { label: `download ${size(LARGE)} at ${size(RATE)}/s: wall time ${ratio(largeRatio)} of curl's (≤ ${TIME_TARGET}x)`, pass: timePass },
        { label: `download peak RSS ${mib(peak)} at ${size(SMALL)}/${size(LARGE)} (< ${RSS_TARGET_MIB} MiB)`, pass: rssPass },
        { label: `download peak RSS ${size(LARGE)} / ${size(SMALL)} ${ratio(growth)} (≤ ${RSS_GROWTH_TARGET}x)`, pass: growthPass },
        { label: `download ${size(LARGE)} loopback: wall ${ratio(timeRatio(fast))} of curl's (≤ ${LOOPBACK_TIME_TARGET}x)`, pass: loopbackTimePass },
        { label: `download ${size(LARGE)} loopback: CPU ${ratio(cpuRatio(fast))} of curl's (≤ ${LOOPBACK_CPU_TARGET}x)`, pass: loopbackCpuPass },
      ],
    }
  } finally {
    await Promise.all([paced.close(), loopback.close()])
    rmSync(root, { recursive: true, force: true })
  }
}
