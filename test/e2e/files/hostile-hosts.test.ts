// End to end: what only the bundled action in its own process shows of a hostile file host. A host that closes the
// connection right after a large body (undici 7 could end the whole process there on an assertion no code can catch),
// and an https link that redirects to plain http, trusted through NODE_EXTRA_CA_CERTS as a runner would trust a
// certificate. Every other hostile host (trickles, floods, endless bodies, sizes, the free space, gzip, redirects, a
// status answer too large to read) runs in-process: test/inproc/files/hostile-hosts.test.ts.
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { expectedVideoSha256, FILE_HOST_CERT } from '../../../sandbox/heygen-sandbox.ts'
import type { ActionRun } from '../../../sandbox/run-action.ts'
import { errorOf, PINNED, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Hs2N-41d9-Qc'
const MIB = 1024 * 1024
/** Generous: a refused link ends the step within seconds. */
const BOUND_MS = 15_000

// Each `act` also checks the key never leaks, to the file host included (harness.ts). Neither story is about time: a
// request_timeout that a loaded machine (the whole suite at once) cannot hit.
const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.05', request_timeout: '5', ...PINNED } })

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

/** Runs a download of a job whose proofread id carries `token`, into a fresh folder; the child is killed after 20 s. */
async function download(
  token: string,
  inputs: Record<string, string> = {},
  env?: Record<string, string>,
): Promise<{ run: ActionRun; folder: string }> {
  const folder = tempDir(`heygen-e2e-hostile-${token}-`)
  const run = await act({ proofread_id: `release-${token}-es`, download_path: `${folder}/`, ...inputs }, { timeoutMs: 20_000, env })
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

describe('a file host that closes the connection right after the body', () => {
  // undici 7 could die here on `assert(!this.paused)` (its issue 5360): no error, no resume hint, a .part file left.
  // 32 MiB, so the body is paused under the disk's backpressure when the close arrives.
  it('close-after-body: the whole video is saved, and the step succeeds', async () => {
    const { run, folder } = await download(`close-after-body-size-${32 * MIB}`)

    expect(run.code, run.log).toBe(0)
    const job = onlyJob()
    expect(everythingIn(folder)).toEqual([`${job.id}.mp4`])
    expect(run.outputs.video_path).toBe(join(folder, `${job.id}.mp4`))
    expect(await sha256File(join(folder, `${job.id}.mp4`))).toBe(expectedVideoSha256(job.id, 32 * MIB))
    expect(run.stderr).not.toMatch(/AssertionError|^\s+at /m)
  })
})

describe('redirects of the video link', () => {
  it('https-to-http: an https link that redirects to plain http is refused before the http request', async () => {
    const { run, folder } = await download('https-to-http', {}, { NODE_EXTRA_CA_CERTS: FILE_HOST_CERT })

    expectRefused(run, folder, [/https.*http|insecure|downgrade/i])
    // Only the https request was made: the plain-http hop never left the runner.
    expect(videoGets().map((request) => request.tls)).toEqual([true])
  })
})
