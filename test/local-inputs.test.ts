// Issue 27, trying it locally: `npm start` echoes each input once under action.yml's name, hides a callback_url
// password and the key, takes HEYGEN_API_KEY from the environment; both commands answer --help; a taken port is one line.
import { spawnSync, spawn } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { canonicalNames, echoLines, withoutCredentials } from '../scripts/local-inputs.ts'
import { startSandbox, type Sandbox } from '../sandbox/heygen-sandbox.ts'
import { parseSavedJobs, savedJobsText } from '../sandbox/saved-jobs.ts'

const DECLARED = ['api_key', 'proofread_id', 'callback_url', 'wait']

describe('the echo of npm start', () => {
  it('shows an input given in another case once, under its declared name', () => {
    const inputs = { api_key: 'k', proofread_id: 'demo-proofread-es', ...canonicalNames({ Proofread_ID: 'pr_x', WAIT: 'false' }, DECLARED) }
    expect(echoLines(inputs, false)).toEqual(['  api_key = ***', '  proofread_id = pr_x', '  wait = false'])
  })

  it('masks a callback_url password and a token given as the user name', () => {
    const lines = echoLines({ callback_url: 'https://hook:s3cret-pass@hooks.example.com/h?x=1' }, false).join('\n')
    expect(lines).toBe('  callback_url = https://hook:***@hooks.example.com/h?x=1')
    expect(withoutCredentials('https://tok_abcdef@hooks.example.com/')).toBe('https://***@hooks.example.com/')
    expect(withoutCredentials('not a url //user:pw@host')).not.toContain('pw')
  })

  it('says the key comes from HEYGEN_API_KEY when the environment has one and api_key is not given', () => {
    expect(echoLines({ api_key: '' }, true)).toEqual(['  api_key = (empty: the action reads HEYGEN_API_KEY, ***)'])
  })
})

const node = process.execPath

describe('--help', () => {
  it('npm start -- --help says how to run it and exits 0, running nothing', () => {
    const run = spawnSync(node, ['scripts/run-local.ts', '--help'], { encoding: 'utf8' })
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('Usage: npm start -- [--keep] [--state DIR] [--help] [name=value ...]')
    expect(run.stdout).toContain('HEYGEN_API_KEY')
    expect(run.stdout).not.toContain('--- action log ---')
  })

  it('npm run sandbox -- --help lists its options and exits 0', () => {
    const run = spawnSync(node, ['sandbox/cli.ts', '--help'], { encoding: 'utf8' })
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('--port N')
    expect(run.stdout).toContain('--v2-live')
  })
})

describe('npm run sandbox on a taken port', () => {
  it('says so in one line, with how to pick others, and exits 2', async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve))
    const taken = (holder.address() as AddressInfo).port
    try {
      const child = spawn(node, ['sandbox/cli.ts', '--port', String(taken), '--file-port', '0', '--secure-file-port', '0'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect(code).toBe(2)
      expect(stderr.trim().split('\n')).toEqual([
        `Port ${taken} is taken (another sandbox still running?): stop it, or pick free ports, e.g. npm run sandbox -- --port 8790 --file-port 8791`,
      ])
    } finally {
      holder.close()
    }
  })
})

// `npm start -- --state DIR` across two runs (the local release kept, the second run paying for nothing) runs the
// bundle: it is the second half of test/e2e/release/release-local.test.ts, whose release run is its first run.

describe('the sandbox’s jobs saved for the next run (--state)', () => {
  const headers = { 'x-api-key': 'sandbox-demo-key', 'Content-Type': 'application/json' }
  const status = async (sandbox: Sandbox, id: string) => {
    const answer = await fetch(`${sandbox.url}/v3/video-translations/${id}`, { headers })
    return { code: answer.status, data: ((await answer.json()) as { data?: { status?: string; video_url?: string | null } }).data }
  }
  const generate = async (sandbox: Sandbox, proofreadId: string) => {
    const answer = await fetch(`${sandbox.url}/v3/video-translations/proofreads/${proofreadId}/generate`, { method: 'POST', headers, body: '{}' })
    return ((await answer.json()) as { data: { video_translation_id: string } }).data.video_translation_id
  }

  it('a new sandbox answers for the saved jobs as far as they had got, with links on its own file host, and no generate call', async () => {
    const first = await startSandbox()
    let finished: string, started: string, saved: ReturnType<Sandbox['savedJobs']>
    try {
      finished = await generate(first, 'demo-kept-es')
      started = await generate(first, 'demo-kept-fr')
      for (let call = 0; call < 3; call++) await status(first, finished)
      expect((await status(first, finished)).data?.status).toBe('completed')
      expect((await status(first, started)).data?.status).toBe('pending')
      // Through the file, as run-local.ts saves and loads it.
      saved = parseSavedJobs(savedJobsText(first.savedJobs()))
    } finally {
      await first.close()
    }
    expect(saved.map((job) => job.id)).toEqual([finished, started])

    const second = await startSandbox({ jobs: saved })
    try {
      expect(second.fileUrl).not.toBe(first.fileUrl)
      const done = await status(second, finished)
      expect(done.data?.status).toBe('completed')
      expect(done.data?.video_url?.startsWith(`${second.fileUrl}/videos/`)).toBe(true)
      const video = await fetch(done.data?.video_url ?? '')
      expect(video.status).toBe(200)
      expect((await video.arrayBuffer()).byteLength).toBeGreaterThan(0)
      // The unfinished job moves on from where it stopped (pending), not from the start.
      expect((await status(second, started)).data?.status).toBe('running')
      expect(second.generateCalls()).toEqual([])
      // reset() goes back to how the sandbox started: with the saved jobs.
      second.reset()
      expect(second.jobs.map((job) => job.id)).toEqual([finished, started])
    } finally {
      await second.close()
    }
  })

  it('by default a sandbox knows no job of an earlier one', async () => {
    const first = await startSandbox()
    const id = await generate(first, 'demo-forgotten-es').finally(() => first.close())
    const fresh = await startSandbox()
    try {
      expect(fresh.jobs).toEqual([])
      expect((await status(fresh, id)).code).toBe(404)
    } finally {
      await fresh.close()
    }
  })

  it('a saved file that is not the sandbox’s own gives no jobs, and a malformed entry is left out', () => {
    expect(parseSavedJobs('not json')).toEqual([])
    expect(parseSavedJobs('{"jobs": {}}')).toEqual([])
    const good = { id: 'vt-1', proofreadId: 'demo-es', version: 'v3', body: {}, createdAt: 1, statusCalls: 3, answered: 3, stage: 'done' }
    const jobs = parseSavedJobs(
      JSON.stringify({
        jobs: [
          good,
          { ...good },
          { ...good, id: 'vt-2', version: 'v4' },
          { ...good, id: 'vt-3', stage: 'finished' },
          { ...good, id: 'vt-4', body: { x: 1 } },
          null,
        ],
      }),
    )
    expect(jobs.map((job) => job.id)).toEqual(['vt-1'])
  })
})
