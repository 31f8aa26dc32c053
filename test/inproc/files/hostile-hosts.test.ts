// In-process: a file host (or an API answer) that misbehaves on purpose cannot hold the step, fill the disk or the
// memory, downgrade the link to plain http, or make the action unpack what it never asked for. Every such download
// fails the step within seconds with a message the user can act on, leaves no file (whole or partial) behind, keeps
// the video_translate_id of the job that was paid for, and never shows the key to the file host. The step runs here on
// the real sockets of the sandbox's hostile hosts; what needs a child process (the bundle surviving a close that met a
// paused body, the runner's own trust of a certificate) stays in test/e2e/files/hostile-hosts.test.ts.
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { getCACertificates, setDefaultCACertificates } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectedVideoSha256, FILE_HOST_CERT } from '../../../sandbox/heygen-sandbox.ts'
import type { ActionRun } from '../../../sandbox/run-action.ts'
import { errorOf, PINNED, useSandbox } from '../harness.ts'

const KEY = 'sk-ip-Hs2N-41d9-Qc'
const MIB = 1024 * 1024
/** Generous: the slowest scenario is bounded by a download_timeout under a second after a few quick polls. */
const BOUND_MS = 15_000

// Production's shape at a fifth of its scale: request_timeout's input floor (1 s: no HTTPS answer from HeyGen comes
// sooner) is lowered for this file through the step's injected timing, as the sandbox on loopback answers in
// milliseconds; the trickles' gaps stay a fifth of request_timeout (production: 400 ms under 1 s), so a stall's limit
// is never hit by a loaded machine's late timer, only by a host that stops. undici checks a head's and a stall's limit
// on a 500 ms tick, so trickle-head still takes 0.5-1 s (production's 1 s: 1-1.5 s).
/** request_timeout of the stories about time. */
const REQUEST_TIMEOUT_MS = 250
/** The sandbox's trickle gap (TRICKLE_MS is 400 for a 1 s request_timeout): trailers a quarter of it apart, hints half. */
const GAP_MS = REQUEST_TIMEOUT_MS / 5
/** A download_timeout above request_timeout: the whole download outlasts a stall's limit, so only download_timeout ends it. */
const OUTLASTING_MS = REQUEST_TIMEOUT_MS + 100
const SLOW = { request_timeout: `${REQUEST_TIMEOUT_MS}ms` }

// Each `act` also checks the key never leaks, to the file host included (harness.ts).
const { sandbox, act, tempDir } = useSandbox({
  key: KEY,
  inputs: { poll_interval: '0.02', request_timeout: '1', ...PINNED },
  sandbox: { trickleMs: GAP_MS },
  timing: { requestTimeoutFloorMs: REQUEST_TIMEOUT_MS },
})

// What NODE_EXTRA_CA_CERTS does for a child process: the https file host's test certificate trusted, for this file only.
const systemCAs = getCACertificates('default')
beforeAll(() => setDefaultCACertificates([...systemCAs, readFileSync(FILE_HOST_CERT, 'utf8')]))
afterAll(() => setDefaultCACertificates(systemCAs))

/** Every file and folder under `folder`, hidden and partial (`.part`) ones included. */
function everythingIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort() : []
}

function onlyJob() {
  expect(sandbox.jobs).toHaveLength(1)
  return sandbox.jobs[0]!
}

function videoGets() {
  return sandbox.fileRequests.filter((request) => request.method === 'GET' && request.path.startsWith('/videos/'))
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

/** Runs a download of a job whose proofread id carries `token`, into a fresh folder. */
async function download(token: string, inputs: Record<string, string> = {}): Promise<{ run: ActionRun; folder: string }> {
  const folder = tempDir(`heygen-inproc-hostile-${token}-`)
  const run = await act({ proofread_id: `release-${token}-es`, download_path: `${folder}/`, ...inputs })
  return { run, folder }
}

/**
 * What every refused download shares: the step failed in time with one error matching `said`, which names the job
 * to resume; the job's id is still an output; nothing was saved; the file host never saw the key.
 */
function expectRefused(run: ActionRun, folder: string, said: RegExp[]): string {
  expect(run.code, run.log).toBe(1)
  expect(run.durationMs).toBeLessThan(BOUND_MS)
  const job = onlyJob()
  const error = errorOf(run)
  for (const pattern of said) expect(error).toMatch(pattern)
  // The render was paid for: the error says how to fetch it again without generating.
  expect(error).toContain(job.id)
  expect(run.outputs.video_translate_id).toBe(job.id)
  expect(run.outputs.video_path ?? '').toBe('')
  expect(everythingIn(folder)).toEqual([])
  for (const request of sandbox.fileRequests) {
    expect(request.headers['x-api-key']).toBeUndefined()
    expect(request.headers.authorization).toBeUndefined()
  }
  return error
}

/** For the tests that are not about time: a request_timeout that a loaded machine (the whole suite at once) cannot hit. */
const ROOMY = { request_timeout: '5' }

const TIMED_OUT = /timed? ?out|timeout/i
const NAMES_A_TIMEOUT = /request_timeout|download_timeout/

describe('a file host that is too slow on purpose', () => {
  it('trickle-head: a head sent one byte every GAP_MS (a fifth of request_timeout) is cut off by request_timeout', async () => {
    const { run, folder } = await download('trickle-head', SLOW)

    expectRefused(run, folder, [TIMED_OUT, NAMES_A_TIMEOUT])
    expect(videoGets()).toHaveLength(1)
  })

  it('trickle-body: a body that never stalls for a whole request_timeout is cut off by download_timeout', async () => {
    const { run, folder } = await download('trickle-body', { ...SLOW, download_timeout: `${OUTLASTING_MS}ms` })

    expectRefused(run, folder, [TIMED_OUT, /download_timeout/])
    // Not before download_timeout: every gap was shorter than request_timeout.
    expect(run.durationMs).toBeGreaterThan(OUTLASTING_MS)
  })

  it('endless-trailers: trailer lines that never end after the last chunk fail the download', async () => {
    const { run, folder } = await download('endless-trailers', { ...SLOW, download_timeout: '500ms' })

    expectRefused(run, folder, [TIMED_OUT, NAMES_A_TIMEOUT])
  })

  it('endless-body: a close-framed body at full speed that never ends is cut off by download_timeout', async () => {
    // Plain seconds, the other form of download_timeout.
    const { run, folder } = await download('endless-body', { ...SLOW, download_timeout: '0.2' })

    expectRefused(run, folder, [TIMED_OUT, /download_timeout/])
  })

  it('continue-flood: thousands of 100 Continue heads and no answer fail the download', async () => {
    const { run, folder } = await download('continue-flood', { download_timeout: '3s' })

    expectRefused(run, folder, [/100 Continue|informational|bad response|invalid|unexpected|timed? ?out/i])
  })

  it('hints-flood: a 103 Early Hints every GAP_MS / 2, never a final answer, is cut off by download_timeout', async () => {
    // Above request_timeout, as for trickle-body: a head that never comes is cut by the whole download's limit.
    const { run, folder } = await download('hints-flood', { ...SLOW, download_timeout: `${OUTLASTING_MS}ms` })

    expectRefused(run, folder, [TIMED_OUT, /download_timeout/])
  })
})

describe('a file host that closes the connection right after the body', () => {
  // undici 7 could die here on `assert(!this.paused)` (its issue 5360): no error, no resume hint, a .part file left.
  // 32 MiB, so the body is paused under the disk's backpressure when the close arrives. close-after-body (framed by
  // the close itself) runs in a child process (test/e2e/files/hostile-hosts.test.ts), where such an assertion would
  // end the process.
  it('close-after-length: the whole video is saved, and the step succeeds', async () => {
    const { run, folder } = await download(`close-after-length-size-${32 * MIB}`, ROOMY)

    expect(run.code, run.log).toBe(0)
    const job = onlyJob()
    expect(everythingIn(folder)).toEqual([`${job.id}.mp4`])
    expect(run.outputs.video_path).toBe(join(folder, `${job.id}.mp4`))
    expect(await sha256File(join(folder, `${job.id}.mp4`))).toBe(expectedVideoSha256(job.id, 32 * MIB))
    expect(run.stderr).not.toMatch(/AssertionError|^\s+at /m)
  })

  it('close-after-length, three at once: all three land whole', async () => {
    const folder = tempDir('heygen-inproc-hostile-close-batch-')
    const ids = ['a', 'b', 'c'].map((name) => `release-${name}-close-after-length-size-${8 * MIB}-es`)
    const run = await act({ proofread_id: ids.join('\n'), download_path: `${folder}/{proofread_id}.mp4`, max_concurrency: '3', ...ROOMY })

    expect(run.code, run.log).toBe(0)
    expect(everythingIn(folder)).toEqual(ids.map((id) => `${id}.mp4`).sort())
    for (const id of ids) {
      const job = sandbox.jobs.find((j) => j.proofreadId === id)!
      expect(await sha256File(join(folder, `${id}.mp4`))).toBe(expectedVideoSha256(job.id, 8 * MIB))
    }
  })
})

describe('max_download_size and the free space of the disk', () => {
  it('a video announced larger than max_download_size is refused before a byte is written', async () => {
    const { run, folder } = await download(`size-${MIB}`, { max_download_size: '64KiB', ...ROOMY })

    expectRefused(run, folder, [/max_download_size \(64\.0 KiB\)/, /announced 1\.0 MiB/])
  })

  it('a video sent without a length is stopped once it passes max_download_size', async () => {
    const { run, folder } = await download(`close-after-body-size-${4 * MIB}`, { max_download_size: '256KiB', ...ROOMY })

    expectRefused(run, folder, [/more than 256\.0 KiB arrived/, /max_download_size/])
  })

  it('a video announced larger than the free space of its disk is refused before it starts', async () => {
    // 10 TiB: more than this machine's disk has free, and under the 16 TiB max_download_size set here.
    const { run, folder } = await download(`size-${10 * 1024 ** 4}`, { max_download_size: '16TiB', ...ROOMY })

    expectRefused(run, folder, [/was not started: it is 10240\.00 GiB/, /has only .* free/])
  })

  it('a video within max_download_size and the free space is saved', async () => {
    const { run, folder } = await download(`size-${MIB}`, { max_download_size: '1MiB', ...ROOMY })

    expect(run.code, run.log).toBe(0)
    expect(everythingIn(folder)).toEqual([`${onlyJob().id}.mp4`])
  })
})

describe('a file host that answers what was not asked for', () => {
  it('gzip: a gzipped body, although the action asked for identity, is refused', async () => {
    const { run, folder } = await download('gzip')

    expectRefused(run, folder, [/Content-Encoding/i, /gzip/])
    const [get] = videoGets()
    expect(get?.headers['accept-encoding']).toBe('identity')
  })
})

describe('redirects of the video link', () => {
  it('redirect-5: five redirects are followed, and the video arrives whole', async () => {
    const { run, folder } = await download('redirect-5')

    expect(run.code, run.log).toBe(0)
    const job = onlyJob()
    expect(videoGets()).toHaveLength(6)
    expect(everythingIn(folder)).toEqual([`${job.id}.mp4`])
    expect(await sha256File(join(folder, `${job.id}.mp4`))).toBe(expectedVideoSha256(job.id, MIB))
  })

  it('redirect-6: the sixth redirect is refused', async () => {
    const { run, folder } = await download('redirect-6')

    expectRefused(run, folder, [/redirect/i])
    // The first request and five redirects followed; the sixth never was.
    expect(videoGets()).toHaveLength(6)
  })

  it('https-link: a video link on a trusted https origin downloads (the control for https-to-http)', async () => {
    const { run, folder } = await download('https-link')

    expect(run.code, run.log).toBe(0)
    const job = onlyJob()
    expect(videoGets().map((request) => request.tls)).toEqual([true])
    expect(await sha256File(join(folder, `${job.id}.mp4`))).toBe(expectedVideoSha256(job.id, MIB))
  })

  it('https-to-http: an https link that redirects to plain http is refused before the http request', async () => {
    const { run, folder } = await download('https-to-http')

    expectRefused(run, folder, [/https.*http|insecure|downgrade/i])
    // Only the https request was made: the plain-http hop never left the runner.
    expect(videoGets().map((request) => request.tls)).toEqual([true])
  })
})

describe('an API answer too large to read', () => {
  it.each(['v2', 'v3'] as const)('%s big-answer: a 5 MiB status answer is refused, and no download starts', async (version) => {
    const { run, folder } = await download('big-answer', { api_version: version })

    expectRefused(run, folder, [/too large|1 MiB/i])
    expect(sandbox.fileRequests).toEqual([])
  })
})
