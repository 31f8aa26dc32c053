// End to end: what only the bundled action in its own process shows of a hostile file host: a host that closes the
// connection right after a large body, where undici 7 could end the whole process on an assertion no code can catch.
// Every other hostile host (trickles, floods, endless bodies, sizes, the free space, gzip, redirects, https to http, a
// status answer too large to read) runs in-process: test/inproc/files/hostile-hosts.test.ts.
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { describe, expect, it } from 'vitest'
import { expectedVideoSha256 } from '../../../sandbox/heygen-sandbox.ts'
import { PINNED, useSandbox } from '../harness.ts'

const KEY = 'sk-e2e-Hs2N-41d9-Qc'
const MIB = 1024 * 1024

// Each `act` also checks the key never leaks, to the file host included (harness.ts). The story is not about time: a
// request_timeout that a loaded machine (the whole suite at once) cannot hit.
const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { poll_interval: '0.05', request_timeout: '5', ...PINNED } })

/** Every file and folder under `folder`, hidden and partial (`.part`) ones included. */
function everythingIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort() : []
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}

describe('a file host that closes the connection right after the body', () => {
  // undici 7 could die here on `assert(!this.paused)` (its issue 5360): no error, no resume hint, a .part file left.
  // 32 MiB, so the body is paused under the disk's backpressure when the close arrives.
  it('close-after-body: the whole video is saved, and the step succeeds', async () => {
    const folder = tempDir('heygen-e2e-hostile-close-after-body-')
    const run = await act({ proofread_id: `release-close-after-body-size-${32 * MIB}-es`, download_path: `${folder}/` }, { timeoutMs: 20_000 })

    expect(run.code, run.log).toBe(0)
    expect(sandbox.jobs).toHaveLength(1)
    const job = sandbox.jobs[0]!
    expect(everythingIn(folder)).toEqual([`${job.id}.mp4`])
    expect(run.outputs.video_path).toBe(join(folder, `${job.id}.mp4`))
    expect(await sha256File(join(folder, `${job.id}.mp4`))).toBe(expectedVideoSha256(job.id, 32 * MIB))
    expect(run.stderr).not.toMatch(/AssertionError|^\s+at /m)
  })
})
