// In-process, on the shrunk timing (deadlines of a second or two, a retry floor of 100 ms): the step's own deadline and
// the pace of retries. wait_timeout bounds the whole step, so the resume blocks
// come out before a runner timeout set a little above it; the preflight ends within its own bound however many ids and
// however silent HeyGen is; and every retry is at least a second after the last attempt, a refused connection included.
import { readdirSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { refusedUrl, type Sandbox, startSandbox } from '../../../sandbox/heygen-sandbox.ts'
import type { ActionRun } from '../../../sandbox/run-action.ts'
import { ACCOUNT_PATH } from '../../../src/heygen/account.ts'
import { annotations, errorOf, useSandbox } from '../harness.ts'
import { runInProcess } from '../run-in-process.ts'
import { FAST } from '../timing.ts'
import { onFasterClock } from '../faster-clock.ts'

const KEY = 'sk-e2e-Dl7T-2m9x-Hv'

// On a clock twice as fast (faster-clock.ts): a deadline of 0.8 s is 0.4 s of the wall's, and the machine's own work
// before it (the preflight, starting four jobs, a render's three polls), stretched twice, must fit inside it. At four
// times, a loaded machine started no job before the deadline.
const { sandbox, act, tempDir } = useSandbox({ key: KEY, inputs: { api_version: 'v3', poll_interval: '0.1' }, clockRate: 2 })

describe('wait_timeout is the deadline of the whole step', () => {
  it('five proofreads, max_concurrency 4, renders that never end: the step ends by itself near wait_timeout, a resume block per job', async () => {
    const ids = Array.from({ length: 5 }, (_, i) => `deadline-${i + 1}-never-finishes`)
    const run = await act({ proofread_id: ids.join('\n'), max_concurrency: '4', wait: 'true', wait_timeout: '0.8' })

    expect(run.signal, 'the runner had to kill the step').toBeNull()
    expect(run.code).toBe(1)
    expect(run.durationMs).toBeLessThan(800 + 3_000)
    // Four started before the deadline; the fifth's turn came after it, so it was never paid for.
    expect(sandbox.jobs).toHaveLength(4)
    const error = errorOf(run)
    for (const job of sandbox.jobs) {
      expect(error).toContain(`video_translate_id: ${job.id}`)
      expect(error.split(`video_translate_id: ${job.id}`)).toHaveLength(2)
    }
    const fifth = ids.find((id) => !sandbox.jobs.some((job) => job.proofreadId === id)) ?? ''
    expect(error).toMatch(new RegExp(`- ${fifth}: not started: the step reached its deadline \\(wait_timeout 0.8s\\).*nothing was paid`))
    expect(sandbox.generateCalls(fifth)).toEqual([])
  })

  it('a download still running at wait_timeout is stopped a moment later, with its resume block and no partial file', async () => {
    const workspace = tempDir('heygen-e2e-deadline-')
    // 10 MB at 64 KiB every 50 ms: about 8 s of download, far past a 1 s deadline (the render ends after 0.3 s of polls).
    const run = await act({ proofread_id: 'deadline-dl-slow-download-size-10000000', download_path: 'videos/', wait_timeout: '1' }, { workspace })

    expect(run.signal).toBeNull()
    expect(run.code).toBe(1)
    expect(run.durationMs).toBeLessThan(1_000 + 4_000)
    const job = sandbox.jobs[0]
    const error = errorOf(run)
    expect(error).toContain('the step reached its deadline (wait_timeout 1s)')
    expect(error).toContain(`video_translate_id: ${job?.id}`)
    // The download had begun (the deadline stopped it, not the render): the video itself was being fetched.
    expect(sandbox.fileRequests.some((request) => request.method === 'GET' && request.path.includes(job?.id ?? '-'))).toBe(true)
    expect(readdirSync(join(workspace, 'videos'))).toEqual([])
  })

  it('a plan cap busy until the deadline: the waiting proofread fails saying nothing was paid for it', async () => {
    const ids = ['busy-1-cap-1-never-finishes', 'busy-2-cap-1-never-finishes']
    const run = await act({ proofread_id: ids.join(','), max_concurrency: '2', wait: 'true', wait_timeout: '0.8' })

    expect(run.signal).toBeNull()
    expect(run.durationMs).toBeLessThan(800 + 3_000)
    expect(sandbox.jobs).toHaveLength(1)
    const waiting = ids.find((id) => !sandbox.jobs.some((job) => job.proofreadId === id)) ?? ''
    const line = errorOf(run)
      .split('\n')
      .find((l) => l.startsWith(`- ${waiting}:`))
    expect(line).toContain('HeyGen was still rate-limiting (429): it accepts 1 render at once for this key')
    expect(line).toContain('when the step reached its deadline (wait_timeout)')
    expect(line).toContain('nothing was paid for this proofread')
  })
})

/**
 * A server that accepts every connection, reads, and never answers; it counts what it was sent. Only the account
 * route (the free balance read before the preflight, a notice when it fails) is refused at once: its own second of
 * request_timeout is not what the story measures, and would add to the step's time.
 */
async function silentServer(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  const requests: string[] = []
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('data', (chunk) => {
      const line = chunk.toString('latin1').split('\r\n')[0] ?? ''
      if (/^[A-Z]+ \//.test(line)) requests.push(line)
      if (line.startsWith(`GET ${ACCOUNT_PATH} `)) socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
    })
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

describe('the preflight ends within its bound', () => {
  it('16 proofreads against a HeyGen that never answers: held back within 3 × request_timeout, nothing paid', async () => {
    // request_timeout's input floor (a second in production) lowered through the injected timing: 0.6 s of preflight.
    const requestTimeoutMs = 200
    const silent = await silentServer()
    try {
      const ids = Array.from({ length: 16 }, (_, i) => `silent-${i + 1}`)
      const run = await runInProcess(
        {
          inputs: { api_key: KEY, base_url: silent.url, proofread_id: ids.join(','), request_timeout: `${requestTimeoutMs}ms`, max_concurrency: '4' },
          timing: { requestTimeoutFloorMs: requestTimeoutMs },
        },
        FAST,
      )

      expect(run.signal, 'the preflight held the step until it was killed').toBeNull()
      expect(run.code).toBe(1)
      // 3 × request_timeout of preflight, plus the step's start and end.
      expect(run.durationMs).toBeLessThan(3 * requestTimeoutMs + 3_000)
      const error = annotations(run.stdout, 'error')[0] ?? ''
      expect(error).toContain('Nothing was generated and no credits were spent')
      // One cause, said once, naming every proofread it held back (issue 27).
      for (const id of ids) expect(error).toContain(id)
      expect(error.split(`the preflight's time ran out (${(3 * requestTimeoutMs) / 1000}s: 3 × request_timeout`)).toHaveLength(2)
      expect(silent.requests.filter((line) => line.startsWith('POST'))).toEqual([])
      expect((JSON.parse(run.outputs.results ?? '[]') as Array<{ status: string }>).map((r) => r.status)).toEqual(ids.map(() => 'not_started'))
    } finally {
      await silent.close()
    }
  })
})

describe('a retry is never sooner than the floor (production: a second) after the last attempt', () => {
  it('v2, HeyGen refusing connections for 0.3 s: retried the floor or more apart, then the video starts, one job', async () => {
    const floorMs = 100
    const url = await refusedUrl()
    const port = Number(new URL(url).port)
    const retriedAt: number[] = []
    let later: Awaited<ReturnType<typeof startSandbox>> | undefined
    let coming: Promise<void> | undefined
    try {
      // HeyGen coming up and the step's retries on one clock, twice as fast (faster-clock.ts): no faster, so that retries
      // sent without the floor would still show gaps well under it.
      const run = await onFasterClock(2, () => {
        coming = new Promise<void>((resolve) =>
          setTimeout(() => {
            void startSandbox({ port }).then((started) => {
              later = started
              resolve()
            })
          }, 300),
        )
        return runInProcess(
          {
            inputs: { api_key: KEY, base_url: url, proofread_id: 'refused-then-up', api_version: 'v2' },
            timing: { minRetryMs: floorMs, backoffBaseMs: floorMs, backoffMaxMs: 15 * floorMs },
            onOutput: (text) => {
              for (const line of text.split('\n'))
                if (line.startsWith('::warning::') && line.includes('connection refused')) retriedAt.push(Date.now())
            },
          },
          FAST,
        )
      })
      await coming

      expect(run.code, run.log).toBe(0)
      expect(later?.jobs).toHaveLength(1)
      expect(later?.generateCalls()).toHaveLength(1)
      expect(retriedAt.length).toBeGreaterThanOrEqual(2)
      for (let i = 1; i < retriedAt.length; i++) expect(retriedAt[i]! - retriedAt[i - 1]!).toBeGreaterThanOrEqual(floorMs - 5)
      for (const warning of annotations(run.stdout, 'warning').filter((w) => w.includes('refused'))) {
        expect(Number(/trying again in ([\d.]+) s/.exec(warning)?.[1])).toBeGreaterThanOrEqual(floorMs / 1000)
      }
    } finally {
      await coming
      await later?.close()
    }
  })
})

// The in-process twin of test/e2e/money/retry-pacing.test.ts, on a
// 100 ms floor: a 429 that says "retry now" (Retry-After: 0, or an HTTP date in the past) must not become a burst of
// paid calls; the step still waits the floor between attempts. The end-to-end file checks the production floor (a
// second) on the bundle.
const PACING_KEY = 'sk-e2e-Pc3W-4c8e-Gt'
const PACING_INPUTS = { api_version: 'v2', preflight: 'false' }
const FLOOR_MS = 100
// Retry-After is cut to maxRetryAfterMs, which must not be under the floor.
const pacingTiming = { minRetryMs: FLOOR_MS, backoffBaseMs: FLOOR_MS, maxRetryAfterMs: 5 * FLOOR_MS }

// Two HeyGens: one answers 429 with `Retry-After: 0`, the other with a date five seconds in the past.
// On a clock twice as fast (faster-clock.ts), no more: a step that ignored the floor would show gaps of its own work,
// stretched as many times, and at five times that came within 10 ms of the floor on a loaded machine.
const zero = useSandbox({ key: PACING_KEY, inputs: PACING_INPUTS, sandbox: { retryAfterSeconds: 0 }, timing: pacingTiming, clockRate: 2 })
const past = useSandbox({ key: PACING_KEY, inputs: PACING_INPUTS, sandbox: { retryAfterSeconds: -6 }, timing: pacingTiming, clockRate: 2 })

function gaps(times: number[]): number[] {
  return times.slice(1).map((at, i) => at - (times[i] ?? at))
}

/** The step succeeded after three 429s: four POSTs, each at least the retry floor after the last, and one job. */
function expectFourPacedPosts(run: ActionRun, sandbox: Sandbox, proofreadId: string): void {
  expect(run.code, run.log).toBe(0)
  const times = sandbox.generateCalls(proofreadId).map((request) => request.at)
  expect(times).toHaveLength(4)
  for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(FLOOR_MS - 10)
  expect(sandbox.jobs).toHaveLength(1)
}

describe('HeyGen rate limits with a Retry-After that asks for no wait at all', () => {
  it('Retry-After: 0 on three 429s: four POSTs, at least the floor apart, and the video starts', async () => {
    const run = await zero.act({ proofread_id: 'pr-limit-3' })

    expectFourPacedPosts(run, zero.sandbox, 'pr-limit-3')
    expect(annotations(run.stdout, 'warning').filter((w) => w.includes('429'))).toHaveLength(3)
    expect(annotations(run.stdout, 'warning')[0]).toContain(`waiting ${(FLOOR_MS / 1000).toFixed(1)} s`)
  })

  it('Retry-After as an HTTP date in the past on three 429s: four POSTs, at least the floor apart', async () => {
    const run = await past.act({ proofread_id: 'pr-limit-3-date' })

    expectFourPacedPosts(run, past.sandbox, 'pr-limit-3-date')
  })
})
