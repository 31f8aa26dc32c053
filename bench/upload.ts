// Upload: what the action's publish step costs when it sends a video to a GitHub release whose upload origin takes
// about 100 MiB/s (the GitHub stand-in, paced), side by side with curl posting the same file to the same endpoint.
// Targets: at 1 GiB, the publish step's median time within 1.1x of curl's wall time, paced and unthrottled; the action's peak RSS under
// 192 MiB at 100 MiB and 1 GiB, and the 1 GiB peak no more than 1.4x the 100 MiB peak.
// BENCH_SMOKE=1 runs the same steps at 8 and 32 MiB, one pair each, to check the benchmark itself works.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { startGitHubStandIn } from '../sandbox/github-stand-in.ts'
import { startSandbox } from '../sandbox/heygen-sandbox.ts'
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
  scratchDir,
  section,
  spread,
  timeChild,
  timeWithPeakRss,
  verdict,
} from './lib.ts'

const MIB = 1024 * 1024
const SMOKE = process.env.BENCH_SMOKE === '1'
/** The paced upload origin: about what a runner gets to uploads.github.com. */
const RATE = 100 * MIB
const SMALL = SMOKE ? 8 * MIB : 100 * MIB
const LARGE = SMOKE ? 32 * MIB : 1024 * MIB
const SMALL_PAIRS = SMOKE ? 1 : 3
const LARGE_PAIRS = SMOKE ? 1 : 3
const TIME_TARGET = 1.1
/** Unthrottled (issue 28): the publish step within this of curl's time, the upload origin taking bytes as fast as they come. */
const FAST_TIME_TARGET = 1.1
const FAST_PAIRS = SMOKE ? 1 : 3
const RSS_TARGET_MIB = 192
const RSS_GROWTH_TARGET = 1.4
const KEY = 'bench-key'
const TOKEN = 'ghs_bench'

/**
 * curl's body: `--data-binary @file` reads the file into memory first, and curl refuses that for a file of 1 GiB or
 * more ("out of memory": its limit is 1 GiB), so the 1 GiB row uses `-X POST -T file`, which streams as the action does.
 */
function curlBody(file: string): string[] {
  return statSync(file).size < 1024 * MIB ? ['--data-binary', `@${file}`] : ['-X', 'POST', '-T', file]
}

interface Pair {
  /** The publish step as the action logs it: "Uploaded NAME (N bytes) in S s". */
  publish: number[]
  /** The whole action run (resume, download from loopback, publish), spawn to exit. */
  action: number[]
  curl: number[]
  rss: number[]
}

type GitHub = Awaited<ReturnType<typeof startGitHubStandIn>>

function size(bytes: number): string {
  return bytes >= 1024 * MIB ? `${bytes / (1024 * MIB)} GiB` : `${bytes / MIB} MiB`
}

export async function run(): Promise<BenchResult> {
  const measured = measuredOn()
  const curlVersion = execFileSync('curl', ['--version'], { encoding: 'utf8' }).split('\n')[0] ?? 'curl'
  const heygen = await startSandbox()
  const github = await startGitHubStandIn({ uploadRateBytesPerSecond: RATE })
  // The unthrottled upload origin: what the publish step itself costs when the link is not the limit.
  const fastGitHub = await startGitHubStandIn()
  const root = scratchDir('upload')
  const downloads = join(root, 'downloads')
  mkdirSync(downloads)

  const finishedJob = (bytes: number) => finishedV2Job(heygen, KEY, `bench-upload-size-${bytes}`)

  function uploaded(github: GitHub, name: string, bytes: number, what: string): void {
    const asset = github.assets().find((a) => a.name === name)
    if (asset?.state !== 'uploaded' || asset.size !== bytes)
      throw new Error(`${what} left ${asset ? `${asset.size} bytes (${asset.state})` : 'no asset'} instead of ${bytes} bytes`)
    // A fresh release for the next run: the ledger would otherwise skip the job, and names would clash.
    github.reset()
  }

  /** The action resuming the finished job and publishing it: one status call, a loopback download, the paced upload. */
  async function timeAction(github: GitHub, id: string, bytes: number, into: Pair): Promise<number> {
    const step = runnerStep(
      {
        api_key: KEY,
        base_url: heygen.url,
        api_version: 'v2',
        video_translate_id: id,
        download_path: `${downloads}/`,
        release: 'v1.0.0',
        github_token: TOKEN,
      },
      root,
    )
    const env = { ...step.env, GITHUB_API_URL: github.apiUrl }
    const { run, rssKiB } = await timeWithPeakRss(ACTION, { env, cwd: step.workspace, what: `the action (${size(bytes)})` })
    const logged = /Uploaded \S+\.mp4 \((\d+) bytes\) in ([\d.]+) s/.exec(run.stdout)
    if (!logged || Number(logged[1]) !== bytes) throw new Error(`the action logged no upload of ${bytes} bytes:\n${run.stdout}`)
    uploaded(github, `${id}.mp4`, bytes, 'the action')
    rmSync(join(downloads, `${id}.mp4`), { force: true })
    rmSync(step.dir, { recursive: true, force: true })
    into.publish.push(Number(logged[2]) * 1000)
    into.action.push(run.ms)
    into.rss.push(rssKiB)
    return Number(logged[2]) * 1000
  }

  async function timeCurl(github: GitHub, file: string, bytes: number, into: Pair): Promise<number> {
    const url = `${github.uploadUrl}/repos/${github.repository}/releases/1/assets?name=curl.mp4`
    const args = [
      '-s',
      '-S',
      '-f',
      '-o',
      '/dev/null',
      '-H',
      `authorization: token ${TOKEN}`,
      '-H',
      'content-type: video/mp4',
      '-H',
      'Expect:',
      ...curlBody(file),
      url,
    ]
    const run = expectSuccess(await timeChild('curl', args, { env: baseEnv(), cwd: root }), 'curl')
    uploaded(github, 'curl.mp4', bytes, 'curl')
    into.curl.push(run.ms)
    return run.ms
  }

  /** Interleaved pairs (action, curl...) after `warmup` unrecorded pairs; curl sends the file the action downloaded. */
  async function pairs(label: string, github: GitHub, bytes: number, warmup: number, count: number): Promise<Pair> {
    const id = await finishedJob(bytes)
    const file = join(root, `curl-${bytes}.mp4`)
    // The same bytes for curl: the action's own download, kept once.
    const keep = runnerStep({ api_key: KEY, base_url: heygen.url, api_version: 'v2', video_translate_id: id, download_path: file }, root)
    expectSuccess(await timeChild(process.execPath, [ACTION], { env: keep.env, cwd: keep.workspace }), 'the download for curl')
    if (statSync(file).size !== bytes) throw new Error(`the file for curl has ${statSync(file).size} bytes`)
    const scrap: Pair = { publish: [], action: [], curl: [], rss: [] }
    for (let i = 0; i < warmup; i++) {
      await timeAction(github, id, bytes, scrap)
      await timeCurl(github, file, bytes, scrap)
    }
    const pair: Pair = { publish: [], action: [], curl: [], rss: [] }
    for (let i = 0; i < count; i++) {
      const a = await timeAction(github, id, bytes, pair)
      const c = await timeCurl(github, file, bytes, pair)
      progress(`upload: ${label} pair ${i + 1}/${count}: publish ${ms(a)} (${mib(pair.rss.at(-1) ?? 0)}), curl ${ms(c)}`)
    }
    rmSync(file, { force: true })
    return pair
  }

  try {
    progress(`upload: ${size(SMALL)} and ${size(LARGE)} to a GitHub upload origin paced to ${size(RATE)}/s`)
    const small = await pairs(`${size(SMALL)}`, github, SMALL, 1, SMALL_PAIRS)
    const large = await pairs(`${size(LARGE)}`, github, LARGE, 0, LARGE_PAIRS)
    const fast = await pairs(`${size(LARGE)} unthrottled`, fastGitHub, LARGE, 1, FAST_PAIRS)
    const fastRatio = median(fast.publish) / median(fast.curl)
    const fastPass = fastRatio <= FAST_TIME_TARGET
    const timeRatio = (pair: Pair): number => median(pair.publish) / median(pair.curl)
    const largeRatio = timeRatio(large)
    const peak = Math.max(median(small.rss), median(large.rss))
    const growth = median(large.rss) / median(small.rss)
    const timePass = largeRatio <= TIME_TARGET
    const rssPass = peak / 1024 < RSS_TARGET_MIB
    const growthPass = growth <= RSS_GROWTH_TARGET
    const rate = (bytes: number, value: number): string => `${(bytes / MIB / (value / 1000)).toFixed(0)} MiB/s`
    const row = (what: string, bytes: number, pair: Pair, target: string, result: string): string =>
      `| ${what} | ${ms(median(pair.publish))} (${rate(bytes, median(pair.publish))}) | ${ms(median(pair.curl))} (${rate(bytes, median(pair.curl))}) | ${ratio(timeRatio(pair))} | ${target} | ${result} |`
    progress(
      `upload: ${size(LARGE)} ${ratio(largeRatio)} of curl (<= ${TIME_TARGET}x) ${timePass ? 'PASS' : 'MISS'}; ` +
        `peak RSS ${mib(median(small.rss))} / ${mib(median(large.rss))} (< ${RSS_TARGET_MIB} MiB) ${rssPass ? 'PASS' : 'MISS'}, growth ${ratio(growth)} ${growthPass ? 'PASS' : 'MISS'}`,
    )
    const title = `Upload: ${size(SMALL)} and ${size(LARGE)} to a release, upload origin taking ${size(RATE)}/s${SMOKE ? ' (smoke run, BENCH_SMOKE=1)' : ''}`
    const markdown = section(title, measured, [
      '| measure | action publish step (`dist/index.js`) | curl (`--data-binary @file`; `-T file` at 1 GiB) | action / curl | target | result |',
      '|---|---|---|---|---|---|',
      row(`median time, ${size(LARGE)} at ${size(RATE)}/s`, LARGE, large, `≤ ${TIME_TARGET}x`, verdict(timePass)),
      row(`median time, ${size(SMALL)} at ${size(RATE)}/s`, SMALL, small, 'none', ''),
      row(`median time, ${size(LARGE)} unthrottled loopback`, LARGE, fast, `≤ ${FAST_TIME_TARGET}x`, verdict(fastPass)),
      `| median peak RSS of the action run, ${size(SMALL)} | ${mib(median(small.rss))} | | | < ${RSS_TARGET_MIB} MiB | ${verdict(median(small.rss) / 1024 < RSS_TARGET_MIB)} |`,
      `| median peak RSS of the action run, ${size(LARGE)} | ${mib(median(large.rss))} | | | < ${RSS_TARGET_MIB} MiB | ${verdict(median(large.rss) / 1024 < RSS_TARGET_MIB)} |`,
      `| median peak RSS, ${size(LARGE)} vs ${size(SMALL)} | ${mib(median(large.rss))} vs ${mib(median(small.rss))} | | ${ratio(growth)} | ≤ ${RSS_GROWTH_TARGET}x | ${verdict(growthPass)} |`,
      '',
      `- ${size(LARGE)}, publish step: ${spread(large.publish, ms)}; curl: ${spread(large.curl, ms)}; whole action run (resume, loopback download, publish): ${spread(large.action, ms)}.`,
      `- ${size(SMALL)}, publish step: ${spread(small.publish, ms)}; curl: ${spread(small.curl, ms)}; whole action run: ${spread(small.action, ms)}.`,
      `- ${size(LARGE)} unthrottled, publish step: ${spread(fast.publish, ms)}; curl: ${spread(fast.curl, ms)}; whole action run: ${spread(fast.action, ms)}.`,
      `- Peak RSS, ${size(SMALL)}: ${spread(small.rss, mib)}; ${size(LARGE)}: ${spread(large.rss, mib)}.`,
      `- ${curlVersion}.`,
      '',
      'Method: the HeyGen sandbox (unthrottled loopback file host) and the GitHub stand-in run in the benchmark process;',
      `the stand-in's upload origin reads every body at ${RATE} bytes/s (\`uploadRateBytesPerSecond\`: it stops reading when ahead`,
      'of schedule, so TCP backpressure paces the sender). Each action run resumes a finished job (`video_translate_id`,',
      '`download_path: <tmp>/`, `release: v1.0.0`), run as the runner does, preloading `bench/report-rss.mjs` for its peak',
      "RSS (which covers the download too); its publish step's time is the action's own log line (\"Uploaded NAME (N bytes) in",
      'S s": from the upload request to GitHub\'s 201, the one streamed undici request). Each curl run is',
      '`curl -s -S -f -H authorization… -H content-type… -H Expect: --data-binary @<file> <upload URL>?name=curl.mp4`',
      '(at 1 GiB `-X POST -T <file>`: curl refuses to read a file of 1 GiB or more into memory for `--data-binary`), the same',
      "bytes (the action's own download), timed spawn to exit. After each run the asset is checked (uploaded, right size) and",
      `the stand-in reset. Runs alternate action, curl: one warm-up pair before the ${size(SMALL)} series, then ${SMALL_PAIRS} pair(s) at`,
      `${size(SMALL)} and ${LARGE_PAIRS} at ${size(LARGE)}. The unthrottled row: a second stand-in whose upload origin reads as`,
      `fast as the sender writes, the same method, one warm-up pair, then ${FAST_PAIRS} pair(s) at ${size(LARGE)}.`,
    ])
    return {
      markdown,
      checks: [
        { label: `upload ${size(LARGE)} at ${size(RATE)}/s: publish step ${ratio(largeRatio)} of curl's (≤ ${TIME_TARGET}x)`, pass: timePass },
        { label: `upload ${size(LARGE)} unthrottled: publish step ${ratio(fastRatio)} of curl's (≤ ${FAST_TIME_TARGET}x)`, pass: fastPass },
        { label: `upload peak RSS ${mib(peak)} at ${size(SMALL)}/${size(LARGE)} (< ${RSS_TARGET_MIB} MiB)`, pass: rssPass },
        { label: `upload peak RSS ${size(LARGE)} / ${size(SMALL)} ${ratio(growth)} (≤ ${RSS_GROWTH_TARGET}x)`, pass: growthPass },
      ],
    }
  } finally {
    await Promise.all([heygen.close(), github.close(), fastGitHub.close()])
    rmSync(root, { recursive: true, force: true })
  }
}
